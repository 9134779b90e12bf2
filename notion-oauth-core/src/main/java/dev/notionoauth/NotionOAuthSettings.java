package dev.notionoauth;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link NotionOAuthClient} needs: the integration's credentials and redirect URI, where
 * Notion is, and the limits of each call. Build one with {@link #builder()}; {@link #toString()}
 * never shows the secret.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>clientId, clientSecret</td><td>required</td><td>from the integration's Configuration
 *       tab</td></tr>
 *   <tr><td>redirectUri</td><td>required</td><td>sent verbatim on the authorize URL and in the
 *       code exchange; must be registered in Notion exactly as written</td></tr>
 *   <tr><td>apiBaseUrl</td><td>{@code https://api.notion.com}</td><td>plain {@code http} only
 *       for loopback hosts (the emulator)</td></tr>
 *   <tr><td>notionVersion</td><td>{@value #DEFAULT_NOTION_VERSION}</td><td>the {@code
 *       Notion-Version} header</td></tr>
 *   <tr><td>connectTimeout</td><td>5 s</td><td>to open a connection</td></tr>
 *   <tr><td>attemptTimeout</td><td>10 s</td><td>one attempt, headers and body</td></tr>
 *   <tr><td>callDeadline</td><td>15 s</td><td>one call, all attempts and waits</td></tr>
 *   <tr><td>maxAttempts</td><td>3</td><td>attempts per call, where a retry is allowed</td></tr>
 *   <tr><td>maxRetryAfter</td><td>10 s</td><td>the longest {@code Retry-After} we wait for;
 *       longer fails at once</td></tr>
 *   <tr><td>maxResponseBytes</td><td>65536</td><td>larger answers are refused</td></tr>
 * </table>
 *
 * @param clientId the integration's client id
 * @param clientSecret the integration's client secret
 * @param redirectUri the redirect URI registered in Notion, exactly as registered
 * @param apiBaseUrl Notion's API base URL, without trailing slash
 * @param notionVersion the {@code Notion-Version} header value
 * @param connectTimeout connect timeout
 * @param attemptTimeout deadline of one attempt, response body included
 * @param callDeadline deadline of one call, retries and waits included
 * @param maxAttempts attempts per call where retrying is allowed
 * @param maxRetryAfter the longest server-requested wait we honour
 * @param maxResponseBytes the largest response body we read
 */
public record NotionOAuthSettings(
    ClientId clientId,
    ClientSecret clientSecret,
    String redirectUri,
    URI apiBaseUrl,
    String notionVersion,
    Duration connectTimeout,
    Duration attemptTimeout,
    Duration callDeadline,
    int maxAttempts,
    Duration maxRetryAfter,
    int maxResponseBytes) {

  /** Notion's production API. */
  public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.notion.com");

  /** The newest documented {@code Notion-Version} (OAuth calls are the same in all versions). */
  public static final String DEFAULT_NOTION_VERSION = "2026-03-11";

  /** Validates every setting. */
  public NotionOAuthSettings {
    redirectUri = requireHttpUri(redirectUri, "redirectUri", true);
    String base = requireHttpUri(apiBaseUrl.toString(), "apiBaseUrl", true);
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    apiBaseUrl = URI.create(base);
    if (!notionVersion.matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw new IllegalArgumentException("notionVersion must look like 2026-03-11");
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(attemptTimeout, "attemptTimeout");
    requirePositive(callDeadline, "callDeadline");
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 10");
    }
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must not be negative");
    }
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
    }
  }

  /** A builder with every default set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL of an OAuth endpoint, e.g. {@code /v1/oauth/token}. */
  public URI endpoint(String path) {
    return URI.create(apiBaseUrl + path);
  }

  /** Whether a host name is a loopback address, where plain {@code http} is allowed. */
  static boolean isLoopback(@Nullable String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.equals("127.0.0.1")
        || h.startsWith("127.")
        || h.equals("[::1]")
        || h.equals("::1");
  }

  private static String requireHttpUri(String value, String name, boolean httpOnlyOnLoopback) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a valid URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an absolute http(s) URL");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(name + " must use https (or http on loopback)");
    }
    if (scheme.equals("http") && httpOnlyOnLoopback && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          name + " must use https; plain http is allowed only for localhost/127.0.0.1");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(name + " must not have a fragment");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(name + " must not contain user info");
    }
    return value;
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** Builds {@link NotionOAuthSettings}; every setting but the three credentials has a default. */
  public static final class Builder {
    private @Nullable ClientId clientId;
    private @Nullable ClientSecret clientSecret;
    private @Nullable String redirectUri;
    private URI apiBaseUrl = DEFAULT_API_BASE_URL;
    private String notionVersion = DEFAULT_NOTION_VERSION;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration attemptTimeout = Duration.ofSeconds(10);
    private Duration callDeadline = Duration.ofSeconds(15);
    private int maxAttempts = 3;
    private Duration maxRetryAfter = Duration.ofSeconds(10);
    private int maxResponseBytes = 64 * 1024;

    private Builder() {}

    /** Sets the client id. */
    public Builder clientId(String value) {
      this.clientId = new ClientId(value);
      return this;
    }

    /** Sets the client secret. */
    public Builder clientSecret(String value) {
      this.clientSecret = new ClientSecret(value);
      return this;
    }

    /** Sets the redirect URI, exactly as registered in Notion. */
    public Builder redirectUri(String value) {
      this.redirectUri = value;
      return this;
    }

    /** Sets Notion's API base URL (the emulator's in tests). */
    public Builder apiBaseUrl(URI value) {
      this.apiBaseUrl = value;
      return this;
    }

    /** Sets the {@code Notion-Version} header. */
    public Builder notionVersion(String value) {
      this.notionVersion = value;
      return this;
    }

    /** Sets the connect timeout. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** Sets the deadline of one attempt, response body included. */
    public Builder attemptTimeout(Duration value) {
      this.attemptTimeout = value;
      return this;
    }

    /** Sets the deadline of one call, retries included. */
    public Builder callDeadline(Duration value) {
      this.callDeadline = value;
      return this;
    }

    /** Sets the attempts per call where retrying is allowed. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** Sets the longest {@code Retry-After} honoured. */
    public Builder maxRetryAfter(Duration value) {
      this.maxRetryAfter = value;
      return this;
    }

    /** Sets the largest response body read. */
    public Builder maxResponseBytes(int value) {
      this.maxResponseBytes = value;
      return this;
    }

    /** Validates and builds. */
    public NotionOAuthSettings build() {
      return new NotionOAuthSettings(
          Objects.requireNonNull(clientId, "clientId is required"),
          Objects.requireNonNull(clientSecret, "clientSecret is required"),
          Objects.requireNonNull(redirectUri, "redirectUri is required"),
          apiBaseUrl,
          notionVersion,
          connectTimeout,
          attemptTimeout,
          callDeadline,
          maxAttempts,
          maxRetryAfter,
          maxResponseBytes);
    }
  }
}
