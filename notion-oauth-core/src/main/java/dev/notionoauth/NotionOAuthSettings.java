package dev.notionoauth;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
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
 * @param calls the bounds of each OAuth call ({@link CallLimits#oauthDefaults()})
 */
public record NotionOAuthSettings(
    ClientId clientId,
    ClientSecret clientSecret,
    String redirectUri,
    URI apiBaseUrl,
    String notionVersion,
    Duration connectTimeout,
    CallLimits calls) {

  /** Notion's production API. */
  public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.notion.com");

  /** The newest documented {@code Notion-Version} (OAuth calls are the same in all versions). */
  public static final String DEFAULT_NOTION_VERSION = "2026-03-11";

  /** Validates every setting. */
  public NotionOAuthSettings {
    named("redirectUri", redirectUri, NotionOAuthSettings::checkHttpUrl);
    String base = named("apiBaseUrl", apiBaseUrl.toString(), NotionOAuthSettings::checkHttpUrl);
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    apiBaseUrl = URI.create(base);
    named("notionVersion", notionVersion, NotionOAuthSettings::checkVersion);
    requirePositive(connectTimeout, "connectTimeout");
  }

  /** A builder with every default set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL of an OAuth endpoint, e.g. {@code /v1/oauth/token}. */
  public URI endpoint(String path) {
    return URI.create(apiBaseUrl + path);
  }

  /** Runs a check whose message names no field, and names the field in its failure. */
  private static String named(String name, String value, UnaryOperator<String> check) {
    try {
      return check.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + e.getMessage(), e);
    }
  }

  /**
   * Whether a URL's host is a loopback address, where plain {@code http} is allowed: {@code
   * localhost}, or an IP literal in 127.0.0.0/8 or {@code ::1}. The host is parsed as an address,
   * never looked up, so {@code 127.attacker.example} is not loopback.
   */
  static boolean isLoopback(@Nullable String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    try {
      if (IPV4.matcher(h).matches()) {
        String[] parts = h.split("\\.");
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
          int part = Integer.parseInt(parts[i]);
          if (part > 255) {
            return false;
          }
          address[i] = (byte) part;
        }
        return InetAddress.getByAddress(address).isLoopbackAddress();
      }
      // an IPv6 literal (it has a ':'), parsed by the JDK without any lookup
      return IPV6.matcher(h).matches() && InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
  private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /**
   * The rule for Notion's URLs (the redirect URI and the API base URL): absolute {@code https}, or
   * plain {@code http} on a loopback host, with no fragment or user info.
   *
   * @return the value
   * @throws IllegalArgumentException saying what is wrong, without naming the setting
   */
  public static String checkHttpUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute()
        || uri.getHost() == null
        || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("must be an absolute https URL");
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          "must use https (plain http only for localhost/127.0.0.1)");
    }
    if (uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must not have a fragment or user info");
    }
    return value;
  }

  /**
   * The rule for a {@code Notion-Version}: a date like {@code 2026-03-11}.
   *
   * @return the value
   * @throws IllegalArgumentException saying what is wrong, without naming the setting
   */
  public static String checkVersion(String value) {
    if (!VERSION.matcher(value).matches()) {
      throw new IllegalArgumentException("must look like 2026-03-11");
    }
    return value;
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  private static final CallLimits OAUTH_CALLS = CallLimits.oauthDefaults();

  /** Builds {@link NotionOAuthSettings}; every setting but the three credentials has a default. */
  public static final class Builder {
    private @Nullable ClientId clientId;
    private @Nullable ClientSecret clientSecret;
    private @Nullable String redirectUri;
    private URI apiBaseUrl = DEFAULT_API_BASE_URL;
    private String notionVersion = DEFAULT_NOTION_VERSION;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration attemptTimeout = OAUTH_CALLS.attemptTimeout();
    private Duration callDeadline = OAUTH_CALLS.callDeadline();
    private int maxAttempts = OAUTH_CALLS.maxAttempts();
    private Duration maxRetryAfter = OAUTH_CALLS.maxRetryAfter();
    private int maxResponseBytes = OAUTH_CALLS.maxResponseBytes();

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
          new CallLimits(
              attemptTimeout, callDeadline, maxAttempts, maxRetryAfter, maxResponseBytes));
    }
  }
}
