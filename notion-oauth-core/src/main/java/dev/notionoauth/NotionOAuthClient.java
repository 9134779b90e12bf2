package dev.notionoauth;

import dev.notionoauth.internal.NotionTransport;
import dev.notionoauth.internal.OAuthCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

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
  private final NotionTransport transport;
  private final OAuthCalls calls;

  private NotionOAuthClient(Builder b) {
    this.settings = b.settings;
    HttpClient own = b.httpClient;
    this.transport =
        new NotionTransport(
            own != null ? () -> own : NotionTransport.lazyDefaultClient(settings),
            own != null ? null : NotionTransport.lazyApiClient(settings),
            b.observer,
            b.ticker);
    this.calls = new OAuthCalls(transport, settings);
  }

  /**
   * A client with its own JDK {@link HttpClient} (HTTP/1.1, no redirects), built on its first call
   * to Notion and shared with the {@link Installations} built on this client; no observer.
   */
  public static NotionOAuthClient create(NotionOAuthSettings settings) {
    return builder(settings).build();
  }

  /** A builder over the settings, for a client of your own, an observer or a test's ticker. */
  public static Builder builder(NotionOAuthSettings settings) {
    return new Builder(settings);
  }

  /**
   * The one transport this client's OAuth calls and the API calls of the {@link Installations}
   * built on it go through (one JDK client, one observer, one ticker).
   */
  NotionTransport transport() {
    return transport;
  }

  /** The settings this client was created with. */
  public NotionOAuthSettings settings() {
    return settings;
  }

  /** The observer of calls to Notion ({@link NotionCallObserver#NONE} unless set). */
  public NotionCallObserver observer() {
    return transport.observer();
  }

  /** The User-Agent header this client sends. */
  public String userAgent() {
    return NotionTransport.USER_AGENT;
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
    return exchangeCode(code, settings.calls().maxRetryAfter());
  }

  /** The exchange, waiting out Notion's 429/529 only up to {@code maxRetryAfter} (0: never). */
  TokenResponse exchangeCode(AuthorizationCode code, Duration maxRetryAfter) {
    TokenRequest request = new TokenRequest.AuthorizationCodeGrant(code, settings.redirectUri());
    return TokenResponse.fromJson(
        calls.post(
            "exchange", TOKEN_PATH, request.toJson(), OAuthCalls.Retry.SINGLE_USE, maxRetryAfter));
  }

  /**
   * Exchanges a refresh token for a new pair ({@code grant_type=refresh_token}). Notion rotates
   * both tokens: store the new pair before using it. Bounded by {@link CallLimits#forRefresh()}: an
   * answer that came too late for the client would be a lost pair.
   *
   * @param refreshToken the current refresh token
   * @return Notion's token response with the new pair
   */
  public TokenResponse refresh(RefreshToken refreshToken) {
    TokenRequest request = new TokenRequest.RefreshTokenGrant(refreshToken);
    return TokenResponse.fromJson(
        calls.post(
            "refresh",
            TOKEN_PATH,
            request.toJson(),
            OAuthCalls.Retry.SINGLE_USE,
            settings.calls().maxRetryAfter(),
            settings.calls().forRefresh()));
  }

  /**
   * Revokes a token.
   *
   * @param token the token to revoke
   * @return Notion's (empty) answer
   */
  public RevokeResponse revoke(AccessToken token) {
    return RevokeResponse.fromJson(
        calls.post(
            "revoke",
            REVOKE_PATH,
            TokenActionRequest.of(token).toJson(),
            OAuthCalls.Retry.IDEMPOTENT,
            settings.calls().maxRetryAfter()));
  }

  /**
   * Asks Notion whether a token is still active.
   *
   * @param token the token to inspect
   * @return whether it is active, with its scope and issue time
   */
  public IntrospectResponse introspect(AccessToken token) {
    return IntrospectResponse.fromJson(
        calls.post(
            "introspect",
            INTROSPECT_PATH,
            TokenActionRequest.of(token).toJson(),
            OAuthCalls.Retry.IDEMPOTENT,
            settings.calls().maxRetryAfter()));
  }

  /** This library's version, as sent in the {@code User-Agent}; {@code dev} outside a build. */
  public static String libraryVersion() {
    return dev.notionoauth.internal.Version.VERSION;
  }

  /** Builds a {@link NotionOAuthClient}; everything but the settings has a default. */
  public static final class Builder {
    private final NotionOAuthSettings settings;
    private @Nullable HttpClient httpClient;
    private NotionCallObserver observer = NotionCallObserver.NONE;
    private Ticker ticker = Ticker.system();

    private Builder(NotionOAuthSettings settings) {
      this.settings = settings;
    }

    /**
     * A JDK client of your own (for a proxy or custom TLS) instead of the default one. It must not
     * follow redirects.
     */
    public Builder httpClient(HttpClient value) {
      this.httpClient = value;
      return this;
    }

    /**
     * Told of every attempt of every call this client and the {@link Installations} built on it
     * make (metrics). Default {@link NotionCallObserver#NONE}.
     */
    public Builder observer(NotionCallObserver value) {
      this.observer = value;
      return this;
    }

    /** What attempts are timed with and waits between them sleep on. Default the system's. */
    public Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    /** The client. */
    public NotionOAuthClient build() {
      return new NotionOAuthClient(this);
    }
  }
}
