package dev.notionoauth.servlet;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installation;
import dev.notionoauth.InstallationException;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.Ticker;
import dev.notionoauth.apikey.ApiKey;
import dev.notionoauth.apikey.ApiKeys;
import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP API under {@code /api/v1}, for the app's backends in any language: installations (list,
 * read, revoke, delete), their current access token, signed install and reconnect links, and the
 * Notion proxy ({@link NotionProxy}). Every route but {@code GET /api/v1/openapi.json} needs an API
 * key ({@code Authorization: Bearer nohk_…}) with the route's {@link ApiScope}; errors are Notion's
 * error shape with a stable {@code code}. Map it to {@code /api/v1/*}; built by {@link
 * NotionOAuthComponents} when the API is on.
 *
 * <p>Paths are read raw (undecoded): a percent sign, a dot segment or an empty segment anywhere in
 * them is refused before anything else, so no encoded trick reaches a route.
 */
public final class NotionApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NotionApiServlet.class);
  private static final String PREFIX = "/api/v1";

  private final transient ApiKeys keys;
  private final transient Installations installations;
  private final transient @Nullable InstallLinks links;
  private final transient URI installUrl;
  private final transient Clock clock;
  private final transient Ticker ticker;
  private final transient ClientRateLimiter failedAuth;
  private final transient NotionProxy proxy;
  private final int maxBodyBytes;
  private final transient InstallationQuery query;
  private final transient ApiCalls calls;

  private NotionApiServlet(Builder b) {
    this.keys = b.keys;
    this.installations = b.installations;
    this.links = b.links;
    this.installUrl = b.installUrl;
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.failedAuth = new ClientRateLimiter(b.failedAuthPerMinute);
    this.maxBodyBytes = b.maxBodyBytes;
    this.proxy = new NotionProxy(installations, b.maxBodyBytes);
    this.query = new InstallationQuery(b.installationStore);
    this.calls = new ApiCalls(b.audit, b.meters);
  }

  /** A builder over the API keys, the installations service and the install route's public URL. */
  public static Builder builder(
      ApiKeys keys,
      Installations installations,
      dev.notionoauth.spi.InstallationStore installationStore,
      URI installUrl) {
    return new Builder(keys, installations, installationStore, installUrl);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long start = ticker.nanoTime();
    String[] segments = null;
    ApiKey key = null;
    try {
      String path = rawPath(request);
      if (path.equals(PREFIX + "/openapi.json")) {
        segments = new String[] {"openapi.json"};
        requireMethod(request, "GET");
        OpenApiDocument.write(request, response);
        return;
      }
      segments = segments(path);
      key = authenticate(request);
      route(request, response, segments, key);
    } catch (ApiJson.Failure f) {
      fail(request, response, f);
    } catch (InstallationException e) {
      fail(request, response, ApiErrors.of(e));
    } catch (NotionOAuthException e) {
      fail(request, response, ApiErrors.of(e));
    } catch (RuntimeException e) {
      LOG.error("Unexpected failure on an API route: {}", e.getClass().getName());
      if (!response.isCommitted()) {
        response.reset();
        ApiJson.write(
            request,
            response,
            500,
            ApiJson.error(500, "internal_server_error", "The request could not be completed."));
      }
    } finally {
      calls.ended(
          request.getMethod(),
          segments,
          key,
          request.getRemoteAddr(),
          response.getStatus(),
          ticker.nanoTime() - start);
    }
  }

  /** The path within the context, raw; refused when it holds anything a route could misread. */
  private static String rawPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String path = uri.substring(Math.min(uri.length(), request.getContextPath().length()));
    if (path.indexOf('%') >= 0
        || path.contains("//")
        || path.contains("/./")
        || path.contains("/../")
        || path.endsWith("/.")
        || path.endsWith("/..")
        || path.indexOf(';') >= 0) {
      throw new ApiJson.Failure(400, "invalid_request", "The path is not a valid API path.");
    }
    return path;
  }

  /** The segments after {@code /api/v1}. */
  private static String[] segments(String path) {
    if (!path.startsWith(PREFIX + "/")) {
      throw new ApiJson.Failure(404, "object_not_found", "There is no API route at this path.");
    }
    return path.substring(PREFIX.length() + 1).split("/", -1);
  }

  /**
   * The request's key. A failed authentication takes a token from its address's bucket; once the
   * bucket is empty the address gets 429 with {@code Retry-After} instead of 401. A valid key is
   * still accepted from such an address: a key is 256 random bits, so the limit is about noise and
   * load, and one misconfigured worker must not lock its healthy neighbours out.
   */
  private ApiKey authenticate(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    Optional<ApiKey> key = Optional.empty();
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = keys.authenticate(header.substring(7).trim());
    }
    if (key.isPresent()) {
      return key.get();
    }
    long wait = failedAuth.tryAcquire(request.getRemoteAddr(), ticker.nanoTime());
    if (wait > 0) {
      throw new ApiErrors.Retry(
          429, "rate_limited", "Too many failed authentications from this address.", wait);
    }
    throw new ApiJson.Failure(401, "unauthorized", "A valid API key is required.");
  }

  private void route(
      HttpServletRequest request, HttpServletResponse response, String[] s, ApiKey key)
      throws IOException {
    String method = request.getMethod();
    if (s.length >= 3 && s[0].equals("notion") && s[2].equals("v1")) {
      require(key, ApiScope.NOTION_PROXY);
      proxy.forward(request, response, botId(s[1]), s);
      return;
    }
    if (s.length == 1 && s[0].equals("installations")) {
      requireMethod(request, "GET");
      require(key, ApiScope.INSTALLATIONS_READ);
      ApiJson.write(request, response, 200, query.page(request));
      return;
    }
    if (s.length == 1 && s[0].equals("install-links")) {
      requireMethod(request, "POST");
      require(key, ApiScope.INSTALL_LINKS_CREATE);
      installLink(request, response);
      return;
    }
    if (s.length >= 2 && s.length <= 3 && s[0].equals("installations")) {
      String botId = botId(s[1]);
      if (s.length == 2) {
        if (method.equals("GET")) {
          require(key, ApiScope.INSTALLATIONS_READ);
          ApiJson.write(request, response, 200, ApiJson.installation(find(botId)));
        } else if (method.equals("DELETE")) {
          require(key, ApiScope.INSTALLATIONS_WRITE);
          find(botId);
          installations.delete(botId);
          ApiJson.write(request, response, 200, deleted(botId));
        } else {
          throw notAllowed("GET, DELETE");
        }
        return;
      }
      requireMethod(request, "POST");
      switch (s[2]) {
        case "revoke" -> {
          require(key, ApiScope.INSTALLATIONS_WRITE);
          find(botId);
          installations.revoke(botId);
          ApiJson.write(request, response, 200, ApiJson.installation(find(botId)));
        }
        case "access-token" -> {
          require(key, ApiScope.TOKENS_READ);
          accessToken(request, response, botId);
        }
        case "reconnect-link" -> {
          require(key, ApiScope.INSTALL_LINKS_CREATE);
          reconnectLink(request, response, botId);
        }
        default ->
            throw new ApiJson.Failure(
                404, "object_not_found", "There is no API route at this path.");
      }
      return;
    }
    throw new ApiJson.Failure(404, "object_not_found", "There is no API route at this path.");
  }

  private static void fail(
      HttpServletRequest request, HttpServletResponse response, ApiJson.Failure f)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.reset();
    if (f instanceof ApiErrors.NotAllowed n) {
      response.setHeader("Allow", n.allow);
    } else if (f instanceof ApiErrors.Retry r) {
      response.setHeader("Retry-After", Long.toString(r.seconds));
    }
    ApiJson.write(request, response, f.status, ApiJson.error(f.status, f.code, f.text));
  }

  private static void require(ApiKey key, ApiScope scope) {
    if (!key.allows(scope)) {
      throw new ApiJson.Failure(
          403, "restricted_resource", "This API key lacks the scope " + scope.wireName() + ".");
    }
  }

  private static void requireMethod(HttpServletRequest request, String method) {
    if (!request.getMethod().equals(method)) {
      throw notAllowed(method);
    }
  }

  private static ApiJson.Failure notAllowed(String allow) {
    return new ApiErrors.NotAllowed(allow);
  }

  /** A bot id as Notion makes them: letters, digits and dashes, at most 64. */
  static String botId(String segment) {
    if (segment.isEmpty() || segment.length() > 64 || !segment.matches("[A-Za-z0-9-]+")) {
      throw new ApiJson.Failure(400, "validation_error", "The bot id is not valid.");
    }
    return segment;
  }

  private Installation find(String botId) {
    return installations
        .find(botId)
        .orElseThrow(
            () -> new ApiJson.Failure(404, "object_not_found", "No installation has this bot id."));
  }

  private static ObjectNode deleted(String botId) {
    ObjectNode n = ApiJson.object();
    n.put("object", "installation");
    n.put("bot_id", botId);
    n.put("deleted", true);
    return n;
  }

  /** {@code {"rejected_token_version": N}} optional: then one coordinated refresh. */
  private void accessToken(HttpServletRequest request, HttpServletResponse response, String botId)
      throws IOException {
    ObjectNode body = ApiJson.objectBody(request, maxBodyBytes);
    Optional<Long> rejected = ApiJson.number(body, "rejected_token_version");
    find(botId);
    Installation i =
        rejected.isPresent()
            ? installations.afterRejectedVersion(botId, rejected.get())
            : installations.active(botId);
    ObjectNode n = ApiJson.object();
    n.put("object", "access_token");
    n.put("bot_id", botId);
    n.put("access_token", i.tokens().access().value());
    n.put("token_version", i.tokens().version());
    ApiJson.write(request, response, 200, n);
  }

  private InstallLinks links() {
    if (links == null) {
      throw new ApiJson.Failure(
          409,
          "install_links_off",
          "Install links are not configured: set server.install-link-secret.");
    }
    return links;
  }

  private Duration validFor(ObjectNode body, InstallLinks signer) {
    long seconds = ApiJson.number(body, "valid_for").orElse(signer.maxValidity().toSeconds());
    if (seconds < 1) {
      throw new ApiJson.Failure(400, "validation_error", "'valid_for' must be at least 1 second.");
    }
    return Duration.ofSeconds(Math.min(seconds, signer.maxValidity().toSeconds()));
  }

  /** {@code {context, account_label?, valid_for?}}: a signed single-use install link. */
  private void installLink(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InstallLinks signer = links();
    ObjectNode body = ApiJson.objectBody(request, maxBodyBytes);
    Map<String, String> values = new LinkedHashMap<>();
    var context = body.get("context");
    if (context != null && !context.isNull()) {
      if (!context.isObject()) {
        throw new ApiJson.Failure(
            400, "validation_error", "'context' must be an object of strings.");
      }
      for (var e : context.properties()) {
        if (!e.getValue().isString()) {
          throw new ApiJson.Failure(
              400, "validation_error", "'context' must be an object of strings.");
        }
        values.put(e.getKey(), e.getValue().stringValue());
      }
    }
    ApiJson.text(body, "account_label")
        .ifPresent(label -> values.put(InstallLinks.ACCOUNT_LABEL, label));
    FlowContext flowContext;
    try {
      flowContext = new FlowContext(values);
    } catch (IllegalArgumentException e) {
      throw new ApiJson.Failure(400, "validation_error", "'context': " + e.getMessage());
    }
    Instant expires = clock.instant().plus(validFor(body, signer));
    String query = signer.signSingleUse(flowContext, expires);
    link(
        request,
        response,
        URI.create(installUrl + (installUrl.toString().contains("?") ? "&" : "?") + query),
        expires);
  }

  private void reconnectLink(HttpServletRequest request, HttpServletResponse response, String botId)
      throws IOException {
    InstallLinks signer = links();
    ObjectNode body = ApiJson.objectBody(request, maxBodyBytes);
    Duration validity = validFor(body, signer);
    find(botId);
    URI url = installations.reconnectLink(botId, installUrl, signer, validity);
    link(request, response, url, clock.instant().plus(validity));
  }

  private static void link(
      HttpServletRequest request, HttpServletResponse response, URI url, Instant expires)
      throws IOException {
    ObjectNode n = ApiJson.object();
    n.put("object", "install_link");
    n.put("url", url.toString());
    n.put("expires_at", expires.toString());
    ApiJson.write(request, response, 201, n);
  }

  /** Configures a {@link NotionApiServlet}. */
  public static final class Builder {
    private final ApiKeys keys;
    private final Installations installations;
    private final dev.notionoauth.spi.InstallationStore installationStore;
    private final URI installUrl;
    private @Nullable InstallLinks links;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private int failedAuthPerMinute = 30;
    private int maxBodyBytes = 1024 * 1024;
    private @Nullable AuditLog audit;
    private @Nullable MeterRegistry meters;

    private Builder(
        ApiKeys keys,
        Installations installations,
        dev.notionoauth.spi.InstallationStore installationStore,
        URI installUrl) {
      this.keys = keys;
      this.installations = installations;
      this.installationStore = installationStore;
      this.installUrl = installUrl;
    }

    /** Signs install and reconnect links; without it those routes answer 409. Default: none. */
    public Builder installLinks(@Nullable InstallLinks value) {
      this.links = value;
      return this;
    }

    /** The clock for link expiry. Default: the system's. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Times the failed-authentication limit. Default: the JVM's. */
    public Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    /** Failed authentications one address may make a minute before 429s. Default 30. */
    public Builder failedAuthPerMinute(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("failedAuthPerMinute must be at least 1");
      }
      this.failedAuthPerMinute = value;
      return this;
    }

    /** The largest request body accepted (and answer relayed by the proxy). Default 1 MiB. */
    public Builder maxBodyBytes(int value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
      this.maxBodyBytes = value;
      return this;
    }

    /** Where every call is audited (key, route, bot id, status, latency). Default: nowhere. */
    public Builder audit(@Nullable AuditLog value) {
      this.audit = value;
      return this;
    }

    /** Where the timer {@code notion.api.requests} goes. Default: nowhere. */
    public Builder meters(@Nullable MeterRegistry value) {
      this.meters = value;
      return this;
    }

    /** Builds the servlet. */
    public NotionApiServlet build() {
      return new NotionApiServlet(this);
    }
  }
}
