package dev.notionoauth.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP glue over the JDK's server: records each request, plays a queued {@link Fault}, reads
 * forms and JSON, calls {@link OAuthServer} and writes its answer or refusal in the configured
 * {@link ErrorShape}.
 */
final class EmulatorHttp {
  private static final Pattern REQUEST_ID = Pattern.compile("\"request_id\":\"([0-9a-f-]{36})\"");
  private static final Pattern VERSION = Pattern.compile("20\\d\\d-\\d\\d-\\d\\d");

  private final OAuthServer oauth;
  private final EmulatedApi api;
  private final ErrorShape errorShape;
  private final Clock clock;
  private final CountDownLatch closed;
  private final Map<Endpoint, ConcurrentLinkedQueue<Fault>> faults = new EnumMap<>(Endpoint.class);

  /**
   * The latest {@link #MAX_RECORDED} requests, oldest first; guarded by itself. Bounded, so that an
   * emulator left running (a soak, a developer's day) does not grow without end; a copy-on-write
   * list made every request cost a copy of all the earlier ones.
   */
  private final java.util.ArrayDeque<RecordedRequest> recorded = new java.util.ArrayDeque<>();

  /** How many requests are remembered. */
  static final int MAX_RECORDED = 10_000;

  EmulatorHttp(
      OAuthServer oauth,
      EmulatedApi api,
      ErrorShape errorShape,
      Clock clock,
      CountDownLatch closed) {
    this.oauth = oauth;
    this.api = api;
    this.errorShape = errorShape;
    this.clock = clock;
    this.closed = closed;
    for (Endpoint e : Endpoint.values()) {
      faults.put(e, new ConcurrentLinkedQueue<>());
    }
  }

  ConcurrentLinkedQueue<Fault> faults(Endpoint endpoint) {
    return Objects.requireNonNull(faults.get(endpoint));
  }

  void clearFaults() {
    faults.values().forEach(ConcurrentLinkedQueue::clear);
  }

  List<RecordedRequest> recorded() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  void clearRecorded() {
    synchronized (recorded) {
      recorded.clear();
    }
  }

  void dispatch(HttpExchange ex) {
    try (ex) {
      try {
        handle(ex);
      } catch (Refusal r) {
        send(
            ex,
            r.status,
            "application/json",
            errorBody(
                r.status,
                r.code,
                Objects.requireNonNullElse(r.getMessage(), ""),
                r.rateLimitReason),
            r.retryAfter == null ? null : Long.toString(r.retryAfter.toSeconds()));
      }
    } catch (IOException e) {
      // the client went away or a fault broke the connection on purpose
    }
  }

  /** The emulator's own route (not Notion's): refresh tokens per workspace, counted. */
  static final String GRANTS = "/_emulator/grants";

  private void handle(HttpExchange ex) throws IOException, Refusal {
    String path = ex.getRequestURI().getRawPath();
    Endpoint endpoint = Endpoint.ofPath(path).orElse(null);
    byte[] bodyBytes = ex.getRequestBody().readNBytes(1 << 20);
    if (path.equals(GRANTS) && ex.getRequestMethod().equals("GET")) {
      answer(ex, oauth.grants()); // the emulator's own, for checkers: counts, never a token
      return;
    }
    if (endpoint == null) {
      throw new Refusal(404, "object_not_found", "No such path.");
    }
    String body = new String(bodyBytes, StandardCharsets.UTF_8);
    record(ex, endpoint, path, body);
    Fault fault = faults(endpoint).poll();
    if (fault != null && !playFault(ex, fault)) {
      return;
    }
    switch (endpoint) {
      case AUTHORIZE -> authorize(ex, body);
      case TOKEN -> answer(ex, oauth.token(checkCall(ex), parseJson(body)));
      case REVOKE -> answer(ex, oauth.revoke(checkCall(ex, body)));
      case INTROSPECT -> answer(ex, oauth.introspect(checkCall(ex, body)));
      case USERS_ME, SEARCH, PAGES -> answer(ex, apiCall(ex, endpoint, path, body));
    }
  }

  private void record(HttpExchange ex, Endpoint endpoint, String path, String body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    RecordedRequest r =
        new RecordedRequest(
            endpoint,
            ex.getRequestMethod(),
            path,
            ex.getRequestURI().getRawQuery(),
            Collections.unmodifiableMap(headers),
            body,
            clock.instant());
    synchronized (recorded) {
      if (recorded.size() == MAX_RECORDED) {
        recorded.removeFirst();
      }
      recorded.addLast(r);
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
    } else if (fault instanceof Fault.Error e) {
      send(
          ex,
          e.status(),
          "application/json",
          errorBody(e.status(), e.code(), "Injected fault.", e.rateLimitReason()),
          e.retryAfter());
    } else if (fault instanceof Fault.Raw r) {
      send(ex, r.status(), r.contentType(), r.body(), null);
    } else if (fault instanceof Fault.Drip d) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      for (int i = 0; i < 100_000 && closed.getCount() > 0; i++) {
        out.write(i == 0 ? '{' : ' ');
        out.flush();
        sleep(d.perByte());
      }
    } else if (fault instanceof Fault.BrokenConnection) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 4096);
      OutputStream out = ex.getResponseBody();
      out.write("{\"access_token\":".getBytes(StandardCharsets.UTF_8));
      out.flush();
      throw new IOException("connection broken on purpose");
    } else if (fault instanceof Fault.BrokenAfter b) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 2L * b.bytes());
      OutputStream out = ex.getResponseBody();
      byte[] part = new byte[b.bytes()];
      java.util.Arrays.fill(part, (byte) ' ');
      part[0] = '{';
      out.write(part);
      out.flush();
      throw new IOException("connection broken on purpose");
    }
    return false;
  }

  private void authorize(HttpExchange ex, String body) throws IOException {
    String method = ex.getRequestMethod();
    if (!method.equals("GET") && !method.equals("POST")) {
      ex.getResponseHeaders().set("Allow", "GET, POST");
      send(ex, 405, "text/plain; charset=UTF-8", "Method not allowed", null);
      return;
    }
    try {
      if (method.equals("POST")) {
        Map<String, String> form = formDecode(body);
        redirect(
            ex,
            oauth.decide(
                form.get("consent"), "allow".equals(form.get("decision")), form.get("workspace")));
        return;
      }
      OAuthServer.AuthorizeAnswer answer =
          oauth.authorize(formDecode(ex.getRequestURI().getRawQuery()));
      if (answer instanceof OAuthServer.AuthorizeAnswer.Redirect r) {
        redirect(ex, r.location());
      } else if (answer instanceof OAuthServer.AuthorizeAnswer.Consent c) {
        String page =
            ConsentPage.consent(
                c.consentId(),
                c.clientId(),
                c.redirectUri(),
                oauth.workspaceNames(),
                oauth.user().name());
        send(ex, 200, "text/html; charset=UTF-8", page, null);
      }
    } catch (BadAuthorizeRequest e) {
      String message = Objects.requireNonNullElse(e.getMessage(), "Bad request");
      send(ex, 400, "text/html; charset=UTF-8", ConsentPage.error(message), null);
    }
  }

  /** A call to the emulated API: bearer token, version, limits and the endpoint's rules. */
  private ObjectNode apiCall(HttpExchange ex, Endpoint endpoint, String path, String body)
      throws Refusal {
    Headers h = ex.getRequestHeaders();
    ObjectNode json =
        ex.getRequestMethod().equals("POST") ? parseJson(body.isEmpty() ? "{}" : body) : null;
    return api.handle(
        endpoint,
        ex.getRequestMethod(),
        path,
        h.getFirst("Authorization"),
        h.getFirst("Notion-Version"),
        json);
  }

  /** Checks method, Basic credentials, JSON content type and Notion-Version. */
  private OAuthServer.RegisteredClient checkCall(HttpExchange ex) throws Refusal {
    if (!ex.getRequestMethod().equals("POST")) {
      ex.getResponseHeaders().set("Allow", "POST");
      throw new Refusal(405, "invalid_request_url", "Only POST is allowed.");
    }
    Headers h = ex.getRequestHeaders();
    OAuthServer.RegisteredClient client = oauth.authenticate(h.getFirst("Authorization"));
    String contentType = h.getFirst("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new Refusal(400, "invalid_request", "Content-Type must be application/json.");
    }
    String version = h.getFirst("Notion-Version");
    if (version == null) {
      throw new Refusal(
          400,
          "missing_version",
          "Notion-Version header failed validation: Notion-Version header should be defined,"
              + " instead was `undefined`.");
    }
    if (!VERSION.matcher(version).matches()) {
      throw new Refusal(400, "validation_error", "Notion-Version header is not a valid version.");
    }
    return client;
  }

  /** Checks the call and parses its JSON body. */
  private ObjectNode checkCall(HttpExchange ex, String body) throws Refusal {
    checkCall(ex);
    return parseJson(body);
  }

  private static ObjectNode parseJson(String body) throws Refusal {
    try {
      JsonNode node = OAuthServer.JSON.readTree(body);
      if (node != null && node.isObject()) {
        return (ObjectNode) node;
      }
    } catch (JacksonException e) {
      // refused below
    }
    throw new Refusal(400, "invalid_json", "Error parsing JSON body.");
  }

  private void answer(HttpExchange ex, ObjectNode json) throws IOException {
    send(ex, 200, "application/json", OAuthServer.JSON.writeValueAsString(json), null);
  }

  private void sendError(HttpExchange ex, int status, String code, String message)
      throws IOException {
    send(ex, status, "application/json", errorBody(status, code, message, null), null);
  }

  private String errorBody(
      int status, String code, String message, @Nullable String rateLimitReason) {
    ObjectNode out = OAuthServer.JSON.createObjectNode();
    if (errorShape == ErrorShape.NOTION) {
      out.put("object", "error");
      out.put("status", status);
      out.put("code", code);
      out.put("message", message);
    } else {
      out.put("error", code);
      out.put("error_description", message);
    }
    if (rateLimitReason != null) {
      out.putObject("additional_data").put("rate_limit_reason", rateLimitReason);
    }
    out.put("request_id", UUID.randomUUID().toString());
    return OAuthServer.JSON.writeValueAsString(out);
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
    Matcher m = REQUEST_ID.matcher(body);
    if (m.find()) {
      ex.getResponseHeaders().set("x-notion-request-id", m.group(1));
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  /** A lenient form decoder, as a web server would be: undecodable pairs are ignored. */
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
        // ignored
      }
    }
    return out;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
