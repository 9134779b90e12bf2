package dev.notionoauth;

import dev.notionoauth.internal.NotionHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * A client of Notion's OAuth endpoints. Thread-safe; create one per integration and share it.
 *
 * <p>Every call sends HTTP Basic client credentials, a JSON body, {@code Notion-Version} and a
 * User-Agent naming this library. Calls that fail throw a {@link NotionOAuthException}:
 *
 * <ul>
 *   <li>{@link NotionApiException}: Notion answered with an error ({@code invalid_grant}, …);
 *   <li>{@link NotionRateLimitedException}: 429/529 beyond the retry budget;
 *   <li>{@link NotionTransportException}: unreachable, timed out or connection broken;
 *   <li>{@link NotionInvalidResponseException}: an answer we cannot use.
 * </ul>
 *
 * <p>A code exchange or refresh is never repeated once the request may have reached Notion (the
 * code and the refresh token are single-use); only 429/529 answers and failures to connect are
 * retried. Revoke and introspect, being harmless to repeat, also retry 5xx and broken connections.
 */
public final class NotionOAuthClient {
  /** Path of the token endpoint (code exchange and refresh). */
  public static final String TOKEN_PATH = "/v1/oauth/token";

  /** Path of the revoke endpoint. */
  public static final String REVOKE_PATH = "/v1/oauth/revoke";

  /** Path of the introspect endpoint. */
  public static final String INTROSPECT_PATH = "/v1/oauth/introspect";

  private final NotionOAuthSettings settings;
  private final NotionHttp http;

  private NotionOAuthClient(NotionOAuthSettings settings, NotionHttp http) {
    this.settings = settings;
    this.http = http;
  }

  /**
   * A client with its own JDK {@link HttpClient} (HTTP/1.1, no redirects), built on its first call
   * to Notion and shared with the {@link Installations} built on this client.
   */
  public static NotionOAuthClient create(NotionOAuthSettings settings) {
    return new NotionOAuthClient(
        settings, new NotionHttp(NotionHttp.lazyDefaultClient(settings), settings));
  }

  /**
   * A client over a {@link HttpClient} of your own (for a proxy or custom TLS). It must not follow
   * redirects.
   */
  public static NotionOAuthClient create(NotionOAuthSettings settings, HttpClient httpClient) {
    return new NotionOAuthClient(settings, new NotionHttp(httpClient, settings));
  }

  /** The JDK client this client calls Notion with, for {@link Installations} to share. */
  java.util.function.Supplier<HttpClient> httpClient() {
    return http.httpClient();
  }

  /** The settings this client was created with. */
  public NotionOAuthSettings settings() {
    return settings;
  }

  /**
   * Tells {@code observer} of every attempt of every call this client and the {@link Installations}
   * built on it make (replacing any earlier one).
   */
  public NotionOAuthClient observe(NotionCallObserver observer) {
    http.observe(observer);
    return this;
  }

  /** The observer of calls to Notion ({@link NotionCallObserver#NONE} unless set). */
  public NotionCallObserver observer() {
    return http.observer();
  }

  /** The User-Agent header this client sends. */
  public String userAgent() {
    return http.userAgent();
  }

  /**
   * The URL of Notion's authorize page for a state, with the configured redirect URI.
   *
   * @param state the flow's state
   */
  public URI authorizeUrl(State state) {
    return new AuthorizationRequest(settings.clientId(), settings.redirectUri(), state)
        .toUri(settings.apiBaseUrl());
  }

  /**
   * Exchanges the code from a callback for a token pair ({@code grant_type=authorization_code}).
   *
   * @param code the code from the callback
   * @return Notion's token response
   */
  public TokenResponse exchangeCode(AuthorizationCode code) {
    return exchangeCode(code, settings.maxRetryAfter());
  }

  /** The exchange, waiting out Notion's 429/529 only up to {@code maxRetryAfter} (0: never). */
  TokenResponse exchangeCode(AuthorizationCode code, Duration maxRetryAfter) {
    TokenRequest request = new TokenRequest.AuthorizationCodeGrant(code, settings.redirectUri());
    return TokenResponse.fromJson(
        http.post(
            "exchange", TOKEN_PATH, request.toJson(), NotionHttp.Retry.SINGLE_USE, maxRetryAfter));
  }

  /**
   * Exchanges a refresh token for a new pair ({@code grant_type=refresh_token}). Notion rotates
   * both tokens: store the new pair before using it.
   *
   * @param refreshToken the current refresh token
   * @return Notion's token response with the new pair
   */
  public TokenResponse refresh(RefreshToken refreshToken) {
    TokenRequest request = new TokenRequest.RefreshTokenGrant(refreshToken);
    return TokenResponse.fromJson(
        http.post(
            "refresh",
            TOKEN_PATH,
            request.toJson(),
            NotionHttp.Retry.SINGLE_USE,
            settings.maxRetryAfter()));
  }

  /**
   * Revokes a token.
   *
   * @param token the token to revoke
   * @return Notion's (empty) answer
   */
  public RevokeResponse revoke(AccessToken token) {
    return RevokeResponse.fromJson(
        http.post(
            "revoke",
            REVOKE_PATH,
            TokenActionRequest.of(token).toJson(),
            NotionHttp.Retry.IDEMPOTENT,
            settings.maxRetryAfter()));
  }

  /**
   * Asks Notion whether a token is still active.
   *
   * @param token the token to inspect
   * @return whether it is active, with its scope and issue time
   */
  public IntrospectResponse introspect(AccessToken token) {
    return IntrospectResponse.fromJson(
        http.post(
            "introspect",
            INTROSPECT_PATH,
            TokenActionRequest.of(token).toJson(),
            NotionHttp.Retry.IDEMPOTENT,
            settings.maxRetryAfter()));
  }

  /** This library's version, as sent in the {@code User-Agent}; {@code dev} outside a build. */
  public static String libraryVersion() {
    return dev.notionoauth.internal.Version.VERSION;
  }
}
