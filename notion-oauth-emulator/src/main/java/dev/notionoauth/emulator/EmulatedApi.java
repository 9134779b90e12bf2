package dev.notionoauth.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small part of Notion's API, enough to prove an authorized client: {@code GET /v1/users/me},
 * {@code POST /v1/search}, {@code GET /v1/pages/{id}} and {@code POST /v1/pages}. It checks the
 * bearer token (unknown, revoked, rotated out or older than the configured lifetime: 401 {@code
 * unauthorized}), sharing per page (not shared: 404 {@code object_not_found}; restricted: 403
 * {@code restricted_resource}) and two rate limits, per token and per workspace (429 {@code
 * rate_limited} with {@code Retry-After} and {@code additional_data.rate_limit_reason}). Pure
 * rules, no HTTP: {@link EmulatorHttp} calls it.
 */
final class EmulatedApi {
  record Page(
      String id, String workspaceName, String title, PageAccess access, Instant createdAt) {}

  /**
   * A rate limit: {@code requests} per {@code window}.
   *
   * @param requests how many requests a window allows
   * @param window the window
   */
  record Limit(int requests, Duration window) {}

  private static final class Window {
    Instant start;
    int count;

    Window(Instant start) {
      this.start = start;
    }
  }

  private final OAuthServer oauth;
  private final @Nullable Duration tokenLifetime;
  private final @Nullable Limit perToken;
  private final @Nullable Limit perWorkspace;
  private final Map<String, Page> pages = new ConcurrentHashMap<>();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  EmulatedApi(
      OAuthServer oauth,
      @Nullable Duration tokenLifetime,
      @Nullable Limit perToken,
      @Nullable Limit perWorkspace) {
    this.oauth = oauth;
    this.tokenLifetime = tokenLifetime;
    this.perToken = perToken;
    this.perWorkspace = perWorkspace;
  }

  Page createPage(String workspaceName, String title, PageAccess access) {
    Page p =
        new Page(
            UUID.randomUUID().toString(), workspaceName, title, access, oauth.clock().instant());
    pages.put(p.id(), p);
    return p;
  }

  /**
   * Answers one API call.
   *
   * @param endpoint which endpoint
   * @param method the HTTP method
   * @param path the request path
   * @param authorization the {@code Authorization} header
   * @param version the {@code Notion-Version} header
   * @param body the parsed JSON body (POST), or null
   */
  ObjectNode handle(
      Endpoint endpoint,
      String method,
      String path,
      @Nullable String authorization,
      @Nullable String version,
      @Nullable ObjectNode body)
      throws Refusal {
    OAuthServer.Bearer bearer = oauth.bearer(authorization, tokenLifetime);
    if (version == null) {
      throw new Refusal(
          400,
          "missing_version",
          "Notion-Version header failed validation: Notion-Version header should be defined.");
    }
    String token = Objects.requireNonNull(authorization).substring(7).trim();
    count("token:" + token, perToken, "connection_rate_limit");
    count("workspace:" + bearer.workspaceName(), perWorkspace, "workspace_rate_limit");
    return switch (endpoint) {
      case USERS_ME -> requireMethod(method, "GET", () -> me(bearer));
      case SEARCH -> requireMethod(method, "POST", () -> search(bearer, body));
      case PAGES ->
          path.equals(Endpoint.PAGES.path())
              ? requireMethod(method, "POST", () -> create(bearer, body))
              : requireMethod(method, "GET", () -> page(bearer, path));
      default -> throw new Refusal(404, "object_not_found", "No such path.");
    };
  }

  private interface Answer {
    ObjectNode get() throws Refusal;
  }

  private static ObjectNode requireMethod(String method, String allowed, Answer answer)
      throws Refusal {
    if (!method.equals(allowed)) {
      throw new Refusal(
          405, "invalid_request_url", "Invalid request URL: only " + allowed + " is allowed.");
    }
    return answer.get();
  }

  /** A fixed window per key; over the limit: 429 with the seconds left in the window. */
  private void count(String key, @Nullable Limit limit, String reason) throws Refusal {
    if (limit == null) {
      return;
    }
    Instant now = oauth.clock().instant();
    Window w = windows.computeIfAbsent(key, k -> new Window(now));
    synchronized (w) {
      if (!now.isBefore(w.start.plus(limit.window()))) {
        w.start = now;
        w.count = 0;
      }
      if (w.count >= limit.requests()) {
        Duration left = Duration.between(now, w.start.plus(limit.window()));
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        throw new Refusal(
            429,
            "rate_limited",
            "You have been rate limited. Please try again in a few minutes.",
            Duration.ofSeconds(seconds),
            reason);
      }
      w.count++;
    }
  }

  private ObjectNode me(OAuthServer.Bearer b) {
    ObjectNode out = OAuthServer.JSON.createObjectNode();
    out.put("object", "user");
    out.put("id", b.botId());
    out.put("name", "Emulated integration");
    out.putNull("avatar_url");
    out.put("type", "bot");
    ObjectNode bot = out.putObject("bot");
    ObjectNode owner = bot.putObject("owner");
    owner.put("type", "user");
    owner.putObject("user").put("object", "user").put("id", oauth.user().id());
    bot.put("workspace_name", b.workspaceName());
    out.put("request_id", UUID.randomUUID().toString());
    return out;
  }

  private ObjectNode search(OAuthServer.Bearer b, @Nullable ObjectNode body) {
    String query = body == null ? null : OAuthServer.text(body, "query");
    String needle = query == null ? "" : query.toLowerCase(Locale.ROOT);
    List<Page> hits = new ArrayList<>();
    for (Page p : pages.values()) {
      if (p.workspaceName().equals(b.workspaceName())
          && p.access() != PageAccess.NOT_SHARED
          && p.title().toLowerCase(Locale.ROOT).contains(needle)) {
        hits.add(p);
      }
    }
    hits.sort((x, y) -> x.createdAt().compareTo(y.createdAt()));
    ObjectNode out = OAuthServer.JSON.createObjectNode();
    out.put("object", "list");
    ArrayNode results = out.putArray("results");
    hits.forEach(p -> results.add(pageJson(p)));
    out.putNull("next_cursor");
    out.put("has_more", false);
    out.put("type", "page_or_database");
    out.putObject("page_or_database");
    out.put("request_id", UUID.randomUUID().toString());
    return out;
  }

  private ObjectNode page(OAuthServer.Bearer b, String path) throws Refusal {
    String id = path.substring(Endpoint.PAGES.path().length() + 1);
    Page p = pages.get(id);
    if (p == null
        || !p.workspaceName().equals(b.workspaceName())
        || p.access() == PageAccess.NOT_SHARED) {
      throw new Refusal(
          404,
          "object_not_found",
          "Could not find page with ID: "
              + id
              + ". Make sure the relevant pages and databases are shared with your integration.");
    }
    if (p.access() == PageAccess.RESTRICTED) {
      throw new Refusal(403, "restricted_resource", "Insufficient permissions for this endpoint.");
    }
    ObjectNode out = pageJson(p);
    out.put("request_id", UUID.randomUUID().toString());
    return out;
  }

  private ObjectNode create(OAuthServer.Bearer b, @Nullable ObjectNode body) throws Refusal {
    JsonNode title = body == null ? null : body.at("/properties/title/title/0/text/content");
    if (body == null || !body.has("parent")) {
      throw new Refusal(400, "validation_error", "body.parent should be defined.");
    }
    String text = title != null && title.isString() ? title.stringValue() : "Untitled";
    ObjectNode out = pageJson(createPage(b.workspaceName(), text, PageAccess.SHARED));
    out.put("request_id", UUID.randomUUID().toString());
    return out;
  }

  private static ObjectNode pageJson(Page p) {
    ObjectNode out = OAuthServer.JSON.createObjectNode();
    out.put("object", "page");
    out.put("id", p.id());
    out.put("created_time", p.createdAt().toString());
    out.put("in_trash", false);
    ObjectNode title = out.putObject("properties").putObject("title");
    title.put("id", "title");
    title.put("type", "title");
    ObjectNode text = title.putArray("title").addObject();
    text.put("type", "text");
    text.putObject("text").put("content", p.title());
    text.put("plain_text", p.title());
    out.put("url", "https://www.notion.so/" + p.id().replace("-", ""));
    return out;
  }
}
