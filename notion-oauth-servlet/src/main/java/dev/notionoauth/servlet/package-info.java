/**
 * Jakarta Servlet 6 adapter: {@link dev.notionoauth.servlet.NotionOAuthServlet} serves the install,
 * callback and result routes of a {@link dev.notionoauth.NotionOAuthFlow} inside any servlet
 * container (Jetty, Tomcat, Spring Boot). It only translates HTTP to the core and back.
 */
@NullMarked
package dev.notionoauth.servlet;

import org.jspecify.annotations.NullMarked;
