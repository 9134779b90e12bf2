/**
 * Notion's OAuth 2 install flow for public integrations.
 *
 * <p>Start here:
 *
 * <ul>
 *   <li>{@link dev.notionoauth.NotionOAuthClient} speaks to Notion's OAuth endpoints (authorize
 *       URL, code exchange, refresh, revoke, introspect).
 *   <li>{@link dev.notionoauth.NotionOAuthFlow} runs the browser flow: {@code start} creates a
 *       state bound to the browser and returns where to send the user; {@code handleCallback} turns
 *       Notion's redirect back into a {@link dev.notionoauth.CallbackOutcome}.
 *   <li>{@link dev.notionoauth.Plugins} finds consumers and views by name through {@link
 *       java.util.ServiceLoader}.
 * </ul>
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.notionoauth;

import org.jspecify.annotations.NullMarked;
