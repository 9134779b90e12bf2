/**
 * Notion's OAuth 2 install flow for public integrations, and everything done with an installation
 * afterwards.
 *
 * <p>Start here — the four entry points:
 *
 * <ul>
 *   <li>{@link dev.notionoauth.NotionOAuthFlow} runs the browser flow: {@code start} creates a
 *       state bound to the browser and returns where to send the user; {@code handleCallback} turns
 *       Notion's redirect back into a {@link dev.notionoauth.CallbackResult} (the outcome and the
 *       page to answer with), storing the installation when given {@link
 *       dev.notionoauth.Installations}.
 *   <li>{@link dev.notionoauth.NotionOAuthClient} speaks to Notion's OAuth endpoints (authorize
 *       URL, code exchange, refresh, revoke, introspect).
 *   <li>{@link dev.notionoauth.Installations} is what your code uses afterwards: find
 *       installations, call Notion with one ({@link dev.notionoauth.NotionApi}: refresh on 401,
 *       Notion's limits), revoke, check, follow their health.
 *   <li>Webhooks live in {@link dev.notionoauth.webhook}: {@link
 *       dev.notionoauth.webhook.WebhookReceiver} takes Notion's deliveries and {@link
 *       dev.notionoauth.webhook.WebhookDispatcher} hands them to your consumers.
 * </ul>
 *
 * <p>Hosts rarely wire these by hand: {@code NotionOAuthComponents} in {@code notion-oauth-servlet}
 * builds them all from the settings and the stores (the standalone server and the Spring Boot
 * starter use it). Plugins implement the interfaces of {@link dev.notionoauth.spi} and are found by
 * name through {@link dev.notionoauth.Plugins}.
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.notionoauth;

import org.jspecify.annotations.NullMarked;
