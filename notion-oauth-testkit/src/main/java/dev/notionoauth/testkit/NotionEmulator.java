package dev.notionoauth.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.notionoauth.NotionOAuthSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for Notion's OAuth side, so the whole install flow runs on a laptop, in tests
 * and in a real browser. It listens on 127.0.0.1 only.
 *
 * <p>It behaves like Notion where Notion's behaviour is documented:
 *
 * <ul>
 *   <li>{@code GET /v1/oauth/authorize} checks {@code client_id}, the exact registered {@code
 *       redirect_uri}, {@code response_type=code} and {@code owner=user}; a bad request gets an
 *       error page and no redirect. Otherwise it shows a consent page with <em>Allow access</em>
 *       and <em>Cancel</em> (or, in auto-approve mode, redirects at once) and sends the browser
 *       back with {@code code} and {@code state}, or {@code error=access_denied}.
 *   <li>{@code POST /v1/oauth/token} requires HTTP Basic credentials of a registered client, a JSON
 *       body, a {@code Notion-Version} header and a known {@code grant_type}. Codes are single-use
 *       and expire; {@code redirect_uri} must equal the authorize request's; reusing a code also
 *       revokes the tokens it produced (RFC 6749 §4.1.2). Refreshing rotates both tokens and
 *       retires the old pair.
 *   <li>{@code POST /v1/oauth/revoke} and {@code /v1/oauth/introspect} take {@code {"token"}}.
 *   <li>The emulated user belongs to one workspace, or to several ({@link Builder#moreWorkspaces}):
 *       the consent page then offers a choice, and each workspace gets its own {@code workspace_id}
 *       and, per client, its own {@code bot_id}, which re-authorizations and refreshes keep.
 * </ul>
 *
 * <p>Script failures with {@link #failNext}, and check what arrived with {@link #requests}. It
 * never calls out anywhere.
 *
 * <pre>{@code
 * try (NotionEmulator notion = NotionEmulator.builder().autoApprove(true).start()) {
 *   NotionOAuthSettings settings = notion.settingsFor("http://localhost:8080/notion/callback").build();
 *   ...
 * }
 * }</pre>
 */
public final class NotionEmulator implements AutoCloseable {
  /** Client id registered by default. */
  public static final String DEFAULT_CLIENT_ID = "00000000-0000-4000-8000-00000000c11e";

  /** Client secret of the default client. */
  public static final String DEFAULT_CLIENT_SECRET = "emulator-secret";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final boolean autoApprove;
  private final Duration codeTtl;
  private final ErrorShape errorShape;
  private final boolean issueRefreshTokens;

  /** The workspaces the emulated user belongs to; the first is the default. */
  private final List<String> workspaceNames;

  private final String userId;
  private final String userName;
  private final String userEmail;

  private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();
  private final Map<String, PendingConsent> consents = new ConcurrentHashMap<>();
  private final Map<String, CodeGrant> codes = new ConcurrentHashMap<>();
  private final Map<String, TokenInfo> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, TokenInfo> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, String> botIds = new ConcurrentHashMap<>();
  private final Map<Endpoint, ConcurrentLinkedQueue<Fault>> faults = new EnumMap<>(Endpoint.class);
  private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();

  private NotionEmulator(Builder b) throws IOException {
    this.clock = b.clock;
    this.autoApprove = b.autoApprove;
    this.codeTtl = b.codeTtl;
    this.errorShape = b.errorShape;
    this.issueRefreshTokens = b.issueRefreshTokens;
    this.workspaceNames = List.copyOf(b.workspaceNames);
    this.userId =
        UUID.nameUUIDFromBytes(("user:" + b.userEmail).getBytes(StandardCharsets.UTF_8)).toString();
    this.userName = b.userName;
    this.userEmail = b.userEmail;
    for (Endpoint e : Endpoint.values()) {
      faults.put(e, new ConcurrentLinkedQueue<>());
    }
    for (RegisteredClient c : b.clients) {
      clients.put(c.clientId, c);
    }
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "notion-emulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** A builder: port 0 (random), the default client, consent page on. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts an emulator with every default. */
  public static NotionEmulator start() {
    return builder().start();
  }

  /** The base URL to configure as Notion's API base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Client settings pointing at this emulator with the default client, after registering the
   * redirect URI for it.
   *
   * @param redirectUri the redirect URI your code will send
   */
  public NotionOAuthSettings.Builder settingsFor(String redirectUri) {
    registerRedirectUri(DEFAULT_CLIENT_ID, redirectUri);
    return NotionOAuthSettings.builder()
        .clientId(DEFAULT_CLIENT_ID)
        .clientSecret(DEFAULT_CLIENT_SECRET)
        .redirectUri(redirectUri)
        .apiBaseUrl(baseUrl());
  }

  /** Registers (or replaces) a client with its redirect URIs. */
  public void registerClient(String clientId, String clientSecret, String... redirectUris) {
    clients.put(
        clientId,
        new RegisteredClient(clientId, clientSecret, new LinkedHashSet<>(List.of(redirectUris))));
  }

  /** Adds a redirect URI to a registered client. */
  public void registerRedirectUri(String clientId, String redirectUri) {
    RegisteredClient c = clients.get(clientId);
    if (c == null) {
      throw new IllegalArgumentException("no client registered with that id");
    }
    c.redirectUris.add(redirectUri);
  }

  /** Queues a fault for the next request to an endpoint. */
  public void failNext(Endpoint endpoint, Fault fault) {
    failNext(endpoint, fault, 1);
  }

  /** Queues a fault for the next {@code times} requests to an endpoint. */
  public void failNext(Endpoint endpoint, Fault fault, int times) {
    for (int i = 0; i < times; i++) {
      queue(endpoint).add(fault);
    }
  }

  private ConcurrentLinkedQueue<Fault> queue(Endpoint endpoint) {
    return java.util.Objects.requireNonNull(faults.get(endpoint));
  }

  /** Drops all queued faults. */
  public void clearFaults() {
    faults.values().forEach(ConcurrentLinkedQueue::clear);
  }

  /** Every request received, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(recorded);
  }

  /** The requests received by one endpoint, oldest first. */
  public List<RecordedRequest> requests(Endpoint endpoint) {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : recorded) {
      if (r.endpoint() == endpoint) {
        out.add(r);
      }
    }
    return out;
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    recorded.clear();
  }

  /** Clears faults and recorded requests (issued tokens stay valid). */
  public void reset() {
    clearFaults();
    clearRequests();
  }

  /** Whether an access token is known and active. */
  public boolean isActive(String accessToken) {
    TokenInfo t = accessTokens.get(accessToken);
    return t != null && t.active;
  }

  /** The bot id the emulator uses for a client in the default workspace. */
  public String botIdFor(String clientId) {
    return botIdFor(clientId, workspaceNames.get(0));
  }

  /**
   * The bot id the emulator uses for a client in a workspace: one per client and workspace, the
   * same on every re-authorization.
   */
  public String botIdFor(String clientId, String workspaceName) {
    return botIds.computeIfAbsent(
        clientId + "|" + workspaceIdOf(workspaceName), k -> UUID.randomUUID().toString());
  }

  /** The default workspace's id. */
  public String workspaceId() {
    return workspaceIdOf(workspaceNames.get(0));
  }

  /** The id of a workspace, derived from its name (stable across runs). */
  public static String workspaceIdOf(String workspaceName) {
    return UUID.nameUUIDFromBytes(("ws:" + workspaceName).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * Plays a user who opens the authorize URL and clicks <em>Allow access</em>, over HTTP, and
   * returns where Notion sends the browser back (the callback URL with {@code code} and {@code
   * state}).
   */
  public URI approve(URI authorizeUrl) {
    return clickAllow(authorizeUrl);
  }

  /**
   * Like {@link #approve(URI)}, choosing the workspace on the consent page. A name the user does
   * not belong to yet is created on the fly, so a test can play as many workspaces as it needs.
   */
  public URI approve(URI authorizeUrl, String workspaceName) {
    return clickAllow(authorizeUrl, workspaceName);
  }

  /** Plays a user who clicks <em>Cancel</em>; returns the callback URL with {@code error}. */
  public URI deny(URI authorizeUrl) {
    return clickCancel(authorizeUrl);
  }

  /**
   * Like {@link #approve} for an emulator running elsewhere (another process): opens the authorize
   * URL, clicks <em>Allow access</em>, and returns where it sends the browser back.
   */
  public static URI clickAllow(URI authorizeUrl) {
    return decide(authorizeUrl, "allow", null);
  }

  /** Like {@link #approve(URI, String)} for an emulator running elsewhere. */
  public static URI clickAllow(URI authorizeUrl, String workspaceName) {
    return decide(authorizeUrl, "allow", workspaceName);
  }

  /** Like {@link #deny} for an emulator running elsewhere. */
  public static URI clickCancel(URI authorizeUrl) {
    return decide(authorizeUrl, "cancel", null);
  }

  private static URI decide(URI authorizeUrl, String decision, @Nullable String workspaceName) {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    try {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(authorizeUrl).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (page.statusCode() == 302) {
        return URI.create(page.headers().firstValue("location").orElseThrow());
      }
      Matcher m =
          Pattern.compile("name=\"consent\" value=\"([A-Za-z0-9_-]+)\"").matcher(page.body());
      if (page.statusCode() != 200 || !m.find()) {
        throw new IllegalStateException(
            "the authorize page refused the request (HTTP " + page.statusCode() + ")");
      }
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(authorizeUrl.resolve(Endpoint.AUTHORIZE.path()))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "consent="
                              + m.group(1)
                              + "&decision="
                              + decision
                              + (workspaceName == null ? "" : "&workspace=" + enc(workspaceName))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return URI.create(answer.headers().firstValue("location").orElseThrow());
    } catch (IOException e) {
      throw new IllegalStateException("could not reach the emulator", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops listening and releases hanging requests. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- dispatch

  private void dispatch(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Endpoint endpoint = null;
      for (Endpoint e : Endpoint.values()) {
        if (e.path().equals(path)) {
          endpoint = e;
        }
      }
      byte[] bodyBytes = readBody(ex.getRequestBody());
      if (endpoint == null) {
        send(
            ex, 404, "application/json", errorBody(404, "object_not_found", "No such path."), null);
        return;
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      recorded.add(
          new RecordedRequest(
              endpoint,
              ex.getRequestMethod(),
              path,
              ex.getRequestURI().getRawQuery(),
              Collections.unmodifiableMap(headers),
              new String(bodyBytes, StandardCharsets.UTF_8),
              clock.instant()));
      Fault fault = queue(endpoint).poll();
      if (fault != null && !playFault(ex, fault)) {
        return;
      }
      String body = new String(bodyBytes, StandardCharsets.UTF_8);
      switch (endpoint) {
        case AUTHORIZE -> authorize(ex, body);
        case TOKEN -> token(ex, body);
        case REVOKE -> revoke(ex, body);
        case INTROSPECT -> introspect(ex, body);
      }
    } catch (IOException e) {
      // the client went away or a fault broke the connection on purpose
    }
  }

  /** Plays a fault; returns true if the normal answer should follow. */
  private boolean playFault(HttpExchange ex, Fault fault) throws IOException {
    if (fault instanceof Fault.Delay d) {
      sleep(d.delay());
      return true;
    } else if (fault instanceof Fault.Hang) {
      try {
        closed.await(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    } else if (fault instanceof Fault.Error e) {
      send(
          ex,
          e.status(),
          "application/json",
          errorBody(e.status(), e.code(), "Injected fault."),
          e.retryAfter());
      return false;
    } else if (fault instanceof Fault.Raw r) {
      send(ex, r.status(), r.contentType(), r.body(), null);
      return false;
    } else if (fault instanceof Fault.Drip d) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      for (int i = 0; i < 100_000 && closed.getCount() > 0; i++) {
        out.write(i == 0 ? '{' : ' ');
        out.flush();
        sleep(d.perByte());
      }
      return false;
    } else if (fault instanceof Fault.BrokenConnection) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 4096);
      OutputStream out = ex.getResponseBody();
      out.write("{\"access_token\":".getBytes(StandardCharsets.UTF_8));
      out.flush();
      throw new IOException("connection broken on purpose");
    }
    return true;
  }

  // ---------------------------------------------------------------- authorize

  private void authorize(HttpExchange ex, String body) throws IOException {
    if (ex.getRequestMethod().equals("POST")) {
      decision(ex, body);
      return;
    }
    if (!ex.getRequestMethod().equals("GET")) {
      ex.getResponseHeaders().set("Allow", "GET, POST");
      send(ex, 405, "text/plain; charset=UTF-8", "Method not allowed", null);
      return;
    }
    Map<String, String> q = formDecode(ex.getRequestURI().getRawQuery());
    RegisteredClient client = q.get("client_id") == null ? null : clients.get(q.get("client_id"));
    String redirectUri = q.get("redirect_uri");
    if (client == null) {
      errorPage(ex, "Missing or invalid client_id");
      return;
    }
    if (redirectUri == null || !client.redirectUris.contains(redirectUri)) {
      errorPage(ex, "Missing or invalid redirect_uri");
      return;
    }
    if (!"code".equals(q.get("response_type")) || !"user".equals(q.get("owner"))) {
      errorPage(ex, "Invalid request: response_type must be code and owner must be user");
      return;
    }
    String state = q.getOrDefault("state", "");
    if (autoApprove) {
      redirect(
          ex,
          withQuery(
              redirectUri,
              "code="
                  + enc(issueCode(client.clientId, redirectUri, workspaceNames.get(0)))
                  + "&state="
                  + enc(state)));
      return;
    }
    String consentId = token(24);
    consents.put(
        consentId,
        new PendingConsent(
            client.clientId, redirectUri, state, clock.instant().plus(Duration.ofMinutes(30))));
    String host = URI.create(redirectUri).getHost();
    String page =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notion (emulator)"
            + " · Connect</title><style>"
            + "body{font:16px/1.5 system-ui,sans-serif;background:#fff;color:#37352f;margin:0}"
            + "main{max-width:28rem;margin:10vh auto;padding:2rem;border:1px solid #e9e9e7;"
            + "border-radius:10px}.badge{font-size:.8rem;color:#9b9a97}"
            + "button{font-size:1rem;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #d3d1cb;"
            + "background:#fff;margin-right:.5rem;cursor:pointer}"
            + "button.allow{background:#2383e2;color:#fff;border-color:#2383e2}</style></head><body><main>"
            + "<p class=\"badge\">Notion emulator: nothing leaves this machine</p>"
            + "<h1>Connect to "
            + (workspaceNames.size() == 1 ? esc(workspaceNames.get(0)) : "Notion")
            + "</h1>"
            + "<p>An integration (client <code>"
            + esc(client.clientId)
            + "</code>) would like to read and"
            + " update content in "
            + (workspaceNames.size() == 1
                ? "<strong>" + esc(workspaceNames.get(0)) + "</strong>"
                : "a workspace of yours")
            + " as <strong>"
            + esc(userName)
            + "</strong>.</p>"
            + "<p>Make sure you trust it ("
            + esc(host == null ? "?" : host)
            + ").</p>"
            + "<form method=\"post\" action=\""
            + Endpoint.AUTHORIZE.path()
            + "\">"
            + "<input type=\"hidden\" name=\"consent\" value=\""
            + consentId
            + "\">"
            + workspacePicker()
            + "<button class=\"allow\" id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Allow access</button>"
            + "<button id=\"cancel\" type=\"submit\" name=\"decision\" value=\"cancel\">Cancel</button>"
            + "</form></main></body></html>";
    send(ex, 200, "text/html; charset=UTF-8", page, null);
  }

  private void decision(HttpExchange ex, String body) throws IOException {
    Map<String, String> form = formDecode(body);
    String consentId = form.get("consent");
    PendingConsent consent = consentId == null ? null : consents.remove(consentId);
    if (consent == null || clock.instant().isAfter(consent.expiresAt)) {
      errorPage(ex, "This authorization request has expired. Start again from the integration.");
      return;
    }
    String workspace = form.getOrDefault("workspace", workspaceNames.get(0)).strip();
    if (workspace.isEmpty() || workspace.length() > 100) {
      errorPage(ex, "Choose a workspace (a name of 1 to 100 characters).");
      return;
    }
    if ("allow".equals(form.get("decision"))) {
      String code = issueCode(consent.clientId, consent.redirectUri, workspace);
      redirect(
          ex, withQuery(consent.redirectUri, "code=" + enc(code) + "&state=" + enc(consent.state)));
    } else {
      redirect(
          ex, withQuery(consent.redirectUri, "error=access_denied&state=" + enc(consent.state)));
    }
  }

  /** A select of the user's workspaces on the consent page, when there is more than one. */
  private String workspacePicker() {
    if (workspaceNames.size() == 1) {
      return "";
    }
    StringBuilder b =
        new StringBuilder(
            "<p><label for=\"workspace\">Workspace</label> <select id=\"workspace\" name=\"workspace\">");
    for (String name : workspaceNames) {
      b.append("<option>").append(esc(name)).append("</option>");
    }
    return b.append("</select></p>").toString();
  }

  private String issueCode(String clientId, String redirectUri, String workspaceName) {
    String code = UUID.randomUUID().toString();
    codes.put(
        code, new CodeGrant(clientId, redirectUri, workspaceName, clock.instant().plus(codeTtl)));
    return code;
  }

  // ---------------------------------------------------------------- token endpoints

  private void token(HttpExchange ex, String body) throws IOException {
    RegisteredClient client = checkCall(ex);
    if (client == null) {
      return;
    }
    ObjectNode json = parseJson(ex, body);
    if (json == null) {
      return;
    }
    if (json.has("client_secret") || json.has("client_id")) {
      sendError(
          ex, 400, "invalid_request", "Client credentials belong in the Authorization header.");
      return;
    }
    String grantType = text(json, "grant_type");
    if ("authorization_code".equals(grantType)) {
      String code = text(json, "code");
      String redirectUri = text(json, "redirect_uri");
      if (code == null) {
        sendError(ex, 400, "invalid_request", "body.code should be defined.");
        return;
      }
      CodeGrant grant = codes.get(code);
      if (grant == null || !grant.clientId.equals(client.clientId)) {
        sendError(ex, 400, "invalid_grant", "Invalid code.");
        return;
      }
      synchronized (grant) {
        if (grant.used) {
          grant.issued.forEach(this::retire);
          sendError(ex, 400, "invalid_grant", "Invalid code: this code has been revoked.");
          return;
        }
        if (clock.instant().isAfter(grant.expiresAt)) {
          sendError(ex, 400, "invalid_grant", "Invalid code: this code has expired.");
          return;
        }
        if (!grant.redirectUri.equals(redirectUri)) {
          sendError(
              ex,
              400,
              "invalid_grant",
              "Invalid redirect_uri: it does not match the authorization request.");
          return;
        }
        grant.used = true;
        String access = issuePair(client.clientId, grant.workspaceName);
        grant.issued.add(access);
        send(ex, 200, "application/json", tokenResponse(client.clientId, access), null);
      }
    } else if ("refresh_token".equals(grantType)) {
      String refresh = text(json, "refresh_token");
      TokenInfo old = refresh == null ? null : refreshTokens.get(refresh);
      if (old == null || !old.active || !old.clientId.equals(client.clientId)) {
        sendError(ex, 400, "invalid_grant", "Invalid refresh token.");
        return;
      }
      synchronized (old) {
        if (!old.active) {
          sendError(ex, 400, "invalid_grant", "Invalid refresh token.");
          return;
        }
        retire(java.util.Objects.requireNonNull(old.pairedAccessToken));
        String access = issuePair(client.clientId, old.workspaceName);
        send(ex, 200, "application/json", tokenResponse(client.clientId, access), null);
      }
    } else if (grantType == null) {
      sendError(ex, 400, "invalid_request", "body.grant_type should be defined.");
    } else {
      sendError(ex, 400, "unsupported_grant_type", "Unsupported grant_type.");
    }
  }

  /** Checks a revoke or introspect call and reads its {@code token}; null if answered. */
  private @Nullable String tokenOf(HttpExchange ex, String body) throws IOException {
    if (checkCall(ex) == null) {
      return null;
    }
    ObjectNode json = parseJson(ex, body);
    if (json == null) {
      return null;
    }
    String token = text(json, "token");
    if (token == null) {
      sendError(ex, 400, "invalid_request", "body.token should be defined.");
    }
    return token;
  }

  private void revoke(HttpExchange ex, String body) throws IOException {
    String token = tokenOf(ex, body);
    if (token == null) {
      return;
    }
    retire(token);
    ObjectNode out = JSON.createObjectNode();
    out.put("request_id", UUID.randomUUID().toString());
    send(ex, 200, "application/json", JSON.writeValueAsString(out), null);
  }

  private void introspect(HttpExchange ex, String body) throws IOException {
    String token = tokenOf(ex, body);
    if (token == null) {
      return;
    }
    TokenInfo info = accessTokens.get(token);
    if (info == null) {
      info = refreshTokens.get(token);
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("active", info != null && info.active);
    if (info != null && info.active) {
      out.put("scope", "read_content update_content insert_content");
      out.put("iat", info.issuedAt.getEpochSecond());
    }
    out.put("request_id", UUID.randomUUID().toString());
    send(ex, 200, "application/json", JSON.writeValueAsString(out), null);
  }

  /** Checks method, Basic credentials, JSON content type and Notion-Version; null if answered. */
  private @Nullable RegisteredClient checkCall(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      ex.getResponseHeaders().set("Allow", "POST");
      sendError(ex, 405, "invalid_request_url", "Only POST is allowed.");
      return null;
    }
    Headers h = ex.getRequestHeaders();
    String auth = h.getFirst("Authorization");
    RegisteredClient client = null;
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon > 0) {
          RegisteredClient c = clients.get(pair.substring(0, colon));
          if (c != null && c.clientSecret.equals(pair.substring(colon + 1))) {
            client = c;
          }
        }
      } catch (IllegalArgumentException e) {
        client = null;
      }
    }
    if (client == null) {
      sendError(ex, 401, "invalid_client", "Client authentication failed.");
      return null;
    }
    String contentType = h.getFirst("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      sendError(ex, 400, "invalid_request", "Content-Type must be application/json.");
      return null;
    }
    String version = h.getFirst("Notion-Version");
    if (version == null) {
      sendError(
          ex,
          400,
          "missing_version",
          "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
      return null;
    }
    if (!version.matches("20\\d\\d-\\d\\d-\\d\\d")) {
      sendError(ex, 400, "validation_error", "Notion-Version header is not a valid version.");
      return null;
    }
    return client;
  }

  private @Nullable ObjectNode parseJson(HttpExchange ex, String body) throws IOException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
        return (ObjectNode) node;
      }
    } catch (JacksonException e) {
      // fall through
    }
    sendError(ex, 400, "invalid_json", "Error parsing JSON body.");
    return null;
  }

  private String issuePair(String clientId, String workspaceName) {
    Instant now = clock.instant();
    String access = "ntn_" + token(32);
    String refresh = issueRefreshTokens ? "nrt_" + token(32) : null;
    accessTokens.put(access, new TokenInfo(clientId, workspaceName, now, refresh));
    if (refresh != null) {
      refreshTokens.put(refresh, new TokenInfo(clientId, workspaceName, now, access));
    }
    return access;
  }

  /** Deactivates a token and the other half of its pair. */
  private void retire(String token) {
    TokenInfo a = accessTokens.get(token);
    TokenInfo r = refreshTokens.get(token);
    if (a != null) {
      a.active = false;
      if (a.pairedAccessToken != null && refreshTokens.get(a.pairedAccessToken) != null) {
        refreshTokens.get(a.pairedAccessToken).active = false;
      }
    }
    if (r != null) {
      r.active = false;
      if (r.pairedAccessToken != null && accessTokens.get(r.pairedAccessToken) != null) {
        accessTokens.get(r.pairedAccessToken).active = false;
      }
    }
  }

  private String tokenResponse(String clientId, String access) {
    TokenInfo info = java.util.Objects.requireNonNull(accessTokens.get(access));
    ObjectNode out = JSON.createObjectNode();
    out.put("access_token", access);
    out.put("token_type", "bearer");
    if (info.pairedAccessToken != null) {
      out.put("refresh_token", info.pairedAccessToken);
    } else {
      out.putNull("refresh_token");
    }
    out.put("bot_id", botIdFor(clientId, info.workspaceName));
    out.put("workspace_name", info.workspaceName);
    out.put("workspace_icon", "🧪");
    out.put("workspace_id", workspaceIdOf(info.workspaceName));
    ObjectNode owner = out.putObject("owner");
    owner.put("type", "user");
    ObjectNode user = owner.putObject("user");
    user.put("object", "user");
    user.put("id", userId);
    user.put("name", userName);
    user.putNull("avatar_url");
    user.put("type", "person");
    ObjectNode person = user.putObject("person");
    person.put("email", userEmail);
    person.put("email_verified", true);
    out.putNull("duplicated_template_id");
    out.put("request_id", UUID.randomUUID().toString());
    return JSON.writeValueAsString(out);
  }

  // ---------------------------------------------------------------- HTTP helpers

  private void sendError(HttpExchange ex, int status, String code, String message)
      throws IOException {
    send(ex, status, "application/json", errorBody(status, code, message), null);
  }

  private String errorBody(int status, String code, String message) {
    ObjectNode out = JSON.createObjectNode();
    if (errorShape == ErrorShape.NOTION) {
      out.put("object", "error");
      out.put("status", status);
      out.put("code", code);
      out.put("message", message);
    } else {
      out.put("error", code);
      out.put("error_description", message);
    }
    out.put("request_id", UUID.randomUUID().toString());
    return JSON.writeValueAsString(out);
  }

  private void errorPage(HttpExchange ex, String message) throws IOException {
    send(
        ex,
        400,
        "text/html; charset=UTF-8",
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notion (emulator) · Error</title></head>"
            + "<body><h1>Something went wrong</h1><p id=\"error\">"
            + esc(message)
            + "</p></body></html>",
        null);
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(302, -1);
  }

  private static void send(
      HttpExchange ex, int status, String contentType, String body, @Nullable String retryAfter)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (retryAfter != null) {
      ex.getResponseHeaders().set("Retry-After", retryAfter);
    }
    Matcher m = Pattern.compile("\"request_id\":\"([0-9a-f-]{36})\"").matcher(body);
    if (m.find()) {
      ex.getResponseHeaders().set("x-notion-request-id", m.group(1));
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    return in.readNBytes(1 << 20);
  }

  private static Map<String, String> formDecode(@Nullable String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        // ignore undecodable pairs, as a lenient server would
      }
    }
    return out;
  }

  private static @Nullable String text(JsonNode json, String field) {
    JsonNode n = json.get(field);
    return n != null && n.isString() ? n.stringValue() : null;
  }

  private static String withQuery(String uri, String query) {
    return uri + (uri.contains("?") ? "&" : "?") + query;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private String token(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- state

  private static final class RegisteredClient {
    final String clientId;
    final String clientSecret;
    final Set<String> redirectUris;

    RegisteredClient(String clientId, String clientSecret, Set<String> redirectUris) {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.redirectUris = ConcurrentHashMap.newKeySet();
      this.redirectUris.addAll(redirectUris);
    }
  }

  private record PendingConsent(
      String clientId, String redirectUri, String state, Instant expiresAt) {}

  private static final class CodeGrant {
    final String clientId;
    final String redirectUri;
    final String workspaceName;
    final Instant expiresAt;
    final List<String> issued = new CopyOnWriteArrayList<>();
    boolean used;

    CodeGrant(String clientId, String redirectUri, String workspaceName, Instant expiresAt) {
      this.clientId = clientId;
      this.redirectUri = redirectUri;
      this.workspaceName = workspaceName;
      this.expiresAt = expiresAt;
    }
  }

  private static final class TokenInfo {
    final String clientId;
    final String workspaceName;
    final Instant issuedAt;

    /** For an access token: its refresh token; for a refresh token: its access token. */
    final @Nullable String pairedAccessToken;

    volatile boolean active = true;

    TokenInfo(String clientId, String workspaceName, Instant issuedAt, @Nullable String paired) {
      this.clientId = clientId;
      this.workspaceName = workspaceName;
      this.issuedAt = issuedAt;
      this.pairedAccessToken = paired;
    }
  }

  /** Configures and starts a {@link NotionEmulator}. */
  public static final class Builder {
    private int port;
    private boolean autoApprove;
    private Duration codeTtl = Duration.ofMinutes(10);
    private ErrorShape errorShape = ErrorShape.NOTION;
    private boolean issueRefreshTokens = true;
    private final List<String> workspaceNames = new ArrayList<>(List.of("Emulated Workspace"));
    private String userName = "Ada Lovelace";
    private String userEmail = "ada@example.org";
    private Clock clock = Clock.systemUTC();
    private final List<RegisteredClient> clients = new ArrayList<>();

    private Builder() {
      clients.add(new RegisteredClient(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Set.of()));
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Skip the consent page: the authorize URL redirects back with a code at once. */
    public Builder autoApprove(boolean value) {
      this.autoApprove = value;
      return this;
    }

    /** How long a code can be exchanged. Default 10 minutes. */
    public Builder codeTtl(Duration value) {
      this.codeTtl = value;
      return this;
    }

    /** The error body shape. Default {@link ErrorShape#NOTION}. */
    public Builder errorShape(ErrorShape value) {
      this.errorShape = value;
      return this;
    }

    /**
     * Whether token responses carry a refresh token (false: {@code null}, like older connections).
     */
    public Builder issueRefreshTokens(boolean value) {
      this.issueRefreshTokens = value;
      return this;
    }

    /** The default workspace's name (default "Emulated Workspace"). */
    public Builder workspaceName(String value) {
      workspaceNames.set(0, value);
      return this;
    }

    /**
     * More workspaces the emulated user belongs to: the consent page then offers a choice, and each
     * workspace gets its own bot id and workspace id.
     */
    public Builder moreWorkspaces(String... names) {
      workspaceNames.addAll(List.of(names));
      return this;
    }

    /** The emulated user's name and email. */
    public Builder user(String name, String email) {
      this.userName = name;
      this.userEmail = email;
      return this;
    }

    /** The clock for code expiry. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Registers a client (the default client is always registered). */
    public Builder client(String clientId, String clientSecret, String... redirectUris) {
      clients.add(
          new RegisteredClient(clientId, clientSecret, new LinkedHashSet<>(List.of(redirectUris))));
      return this;
    }

    /** Registers a redirect URI for the default client. */
    public Builder redirectUri(String uri) {
      clients.get(0).redirectUris.add(uri);
      return this;
    }

    /** Starts the emulator. */
    public NotionEmulator start() {
      try {
        return new NotionEmulator(this);
      } catch (IOException e) {
        throw new IllegalStateException("could not start the Notion emulator on port " + port, e);
      }
    }
  }
}
