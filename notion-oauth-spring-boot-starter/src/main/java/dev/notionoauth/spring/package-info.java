/**
 * Spring Boot auto-configuration for notion-oauth-handler: add the starter, set {@code
 * notion.oauth.*}, and the install, callback, result and webhook routes run in the app, with the
 * app's own beans taking precedence over the built-in ones.
 *
 * <p>Start here: {@link dev.notionoauth.spring.NotionOAuthProperties} lists every property; {@link
 * dev.notionoauth.spring.NotionOAuthAutoConfiguration} maps them onto one {@code
 * NotionOAuthComponents} bean and exposes its parts ({@code Installations}, the flow, the webhook
 * dispatcher) as beans to inject. An app's own {@code TokenConsumer}, {@code ResponseView}, {@code
 * InstallationListener} or {@code WebhookConsumer} beans are used instead of named plugins.
 */
@NullMarked
package dev.notionoauth.spring;

import org.jspecify.annotations.NullMarked;
