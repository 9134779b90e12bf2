/**
 * Spring Boot auto-configuration for notion-oauth-handler: add the starter, set {@code
 * notion.oauth.*}, and the install, callback, result and webhook routes run in the app, with the
 * app's own beans taking precedence over the built-in ones.
 */
@NullMarked
package dev.notionoauth.spring;

import org.jspecify.annotations.NullMarked;
