/**
 * The library in any Jakarta Servlet 6 container (Jetty, Tomcat, Spring Boot).
 *
 * <p>Start here: {@link dev.notionoauth.servlet.NotionOAuthComponents} — the one composition root
 * every host uses — builds the flow, the installations service and the servlets from the settings
 * and the stores; mount {@link dev.notionoauth.servlet.NotionOAuthServlet} (install, callback and
 * result routes) and, with webhooks on, {@link dev.notionoauth.servlet.NotionWebhookServlet} (with
 * async support). The servlets only translate HTTP to the core and back; {@link
 * dev.notionoauth.servlet.InstallContextResolver} is where your app says who is installing.
 */
@NullMarked
package dev.notionoauth.servlet;

import org.jspecify.annotations.NullMarked;
