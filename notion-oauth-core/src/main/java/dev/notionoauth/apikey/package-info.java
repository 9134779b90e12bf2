/**
 * API keys: how the app's backends, in any language, authenticate to the server's HTTP API and
 * Notion proxy.
 *
 * <p>Start here:
 *
 * <ul>
 *   <li>{@link dev.notionoauth.apikey.ApiKeys} creates a key (its secret shown once), checks a
 *       presented key, lists and revokes keys. The {@code api-keys} commands and the API servlet
 *       call it.
 *   <li>{@link dev.notionoauth.apikey.ApiScope} is what a key may do; {@link
 *       dev.notionoauth.apikey.ApiKey} a key as stored (never its secret).
 *   <li>{@link dev.notionoauth.spi.ApiKeyStore} keeps the keys' hashes; {@link
 *       dev.notionoauth.apikey.InMemoryApiKeyStore} is the in-memory one, the JDBC one is in {@code
 *       notion-oauth-store-jdbc}.
 * </ul>
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.notionoauth.apikey;

import org.jspecify.annotations.NullMarked;
