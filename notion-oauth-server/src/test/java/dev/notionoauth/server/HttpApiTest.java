package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.Installation;
import dev.notionoauth.apikey.ApiKeys;
import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API over real HTTP against the emulator: an app in any language makes an install link,
 * finds the installation its user made by context (never a token), reads its access token, calls
 * Notion through the proxy, revokes and deletes it; every refusal is Notion's error shape.
 */
class HttpApiTest {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  static NotionEmulator notion;
  static NotionOAuthServer server;
  static URI base;
  static String allScopes;
  static ApiKeys keys;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    notion = NotionEmulator.start();
    int port = TestServers.freePort();
    ServerConfig config =
        TestServers.config(notion, port)
            .installLinkSecret(ServerFlowTest.LINK_SECRET)
            .apiEnabled(true)
            .apiFailedAuthPerMinute(5)
            .build();
    server = NotionOAuthServer.builder(config).build().start();
    base = URI.create("http://localhost:" + port);
    keys = server.components().apiKeys().orElseThrow();
    allScopes = key("all", EnumSet.allOf(ApiScope.class));
  }

  @AfterAll
  static void stop() {
    server.close();
    notion.close();
  }

  static String key(String name, Set<ApiScope> scopes) {
    return keys.create(name, scopes).orElseThrow().secret().reveal();
  }

  static HttpResponse<String> call(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    HttpResponse<String> answer = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    OpenApiContract.check(
        base.resolve(path),
        method,
        body,
        answer.statusCode(),
        answer.headers().firstValue("content-type").orElse(""),
        answer.body());
    return answer;
  }

  static JsonNode json(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
    return JSON.readTree(r.body());
  }

  /** Installs through a link the API made, as the app's user would; returns the bot id. */
  static String installThroughAnApiLink(String userId) throws Exception {
    HttpResponse<String> made =
        call(
            "POST",
            "/api/v1/install-links",
            allScopes,
            "{\"context\":{\"user-id\":\"" + userId + "\"}}");
    assertThat(made.statusCode()).isEqualTo(201);
    URI link = URI.create(json(made).get("url").stringValue());
    assertThat(link.toString()).startsWith(base + "/notion/install?");
    HttpBrowser browser = new HttpBrowser();
    URI authorize = HttpBrowser.location(browser.get(link));
    String workspace = "Workspace of " + userId; // one installation per test
    HttpResponse<String> result = browser.follow(browser.get(notion.approve(authorize, workspace)));
    assertThat(result.body()).contains("is now connected to");
    return notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID, workspace);
  }

  @Test
  void anAppFindsTheInstallationItsUserMadeByContextWithoutAToken() throws Exception {
    String botId = installThroughAnApiLink("u-42");

    HttpResponse<String> list =
        call("GET", "/api/v1/installations?context.user-id=u-42", allScopes, null);
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode results = json(list).get("results");
    assertThat(results).hasSize(1);
    assertThat(results.get(0).get("bot_id").stringValue()).isEqualTo(botId);
    assertThat(results.get(0).get("context").get("user-id").stringValue()).isEqualTo("u-42");
    assertThat(results.get(0).get("status").stringValue()).isEqualTo("active");
    String token = server.installations().find(botId).orElseThrow().tokens().access().value();
    assertThat(list.body()).doesNotContain(token).doesNotContain("access_token");

    HttpResponse<String> one = call("GET", "/api/v1/installations/" + botId, allScopes, null);
    assertThat(json(one).get("workspace").get("id").stringValue())
        .isEqualTo(NotionEmulator.workspaceIdOf("Workspace of u-42"));
    assertThat(one.body()).doesNotContain(token);
    assertThat(call("GET", "/api/v1/installations?context.user-id=nobody", allScopes, null).body())
        .contains("\"results\":[]");
  }

  @Test
  void theAccessTokenIsTheOneNotionAcceptsAndARejectedVersionIsRefreshedOnce() throws Exception {
    String botId = installThroughAnApiLink("u-token");
    JsonNode first =
        json(call("POST", "/api/v1/installations/" + botId + "/access-token", allScopes, null));
    String token = first.get("access_token").stringValue();
    long version = first.get("token_version").asLong();
    assertThat(notion.isActive(token)).isTrue();

    String rejected = "{\"rejected_token_version\":" + version + "}";
    JsonNode refreshed =
        json(call("POST", "/api/v1/installations/" + botId + "/access-token", allScopes, rejected));
    assertThat(refreshed.get("token_version").asLong()).isGreaterThan(version);
    assertThat(refreshed.get("access_token").stringValue()).isNotEqualTo(token);
    assertThat(notion.isActive(refreshed.get("access_token").stringValue())).isTrue();

    // a second app instance that saw the same 401 gets the new token, without another refresh
    int refreshes = notion.requests(Endpoint.TOKEN).size();
    JsonNode again =
        json(call("POST", "/api/v1/installations/" + botId + "/access-token", allScopes, rejected));
    assertThat(again.get("access_token").stringValue())
        .isEqualTo(refreshed.get("access_token").stringValue());
    assertThat(notion.requests(Endpoint.TOKEN)).hasSize(refreshes);
  }

  @Test
  void theProxyCallsNotionWithTheInstallationsTokenAndNeverTheCallersHeaders() throws Exception {
    String botId = installThroughAnApiLink("u-proxy");
    notion.clearRequests();
    HttpResponse<String> me =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/notion/" + botId + "/v1/users/me"))
                .header("Authorization", "Bearer " + allScopes)
                .header("Cookie", "session=app-secret")
                .header("Notion-Version", "2022-06-28")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json(me).get("id").stringValue()).isEqualTo(botId);
    assertThat(me.headers().firstValue("set-cookie")).isEmpty();
    var sent = notion.requests(Endpoint.USERS_ME).get(0);
    String token = server.installations().find(botId).orElseThrow().tokens().access().value();
    assertThat(sent.header("authorization")).contains("Bearer " + token);
    assertThat(sent.header("cookie")).isEmpty();
    assertThat(sent.header("notion-version")).contains("2022-06-28");

    HttpResponse<String> search =
        call("POST", "/api/v1/notion/" + botId + "/v1/search", allScopes, "{\"query\":\"\"}");
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(json(search).get("object").stringValue()).isEqualTo("list");

    HttpResponse<String> missing =
        call(
            "GET",
            "/api/v1/notion/" + botId + "/v1/pages/00000000000000000000000000000000",
            allScopes,
            null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("object").stringValue()).isEqualTo("error");
    assertThat(json(missing).get("code").stringValue()).isEqualTo("object_not_found");

    // a repeated query parameter (Notion's filter_properties) reaches Notion whole, in order
    notion.clearRequests();
    call(
        "GET",
        "/api/v1/notion/"
            + botId
            + "/v1/pages/00000000000000000000000000000000?filter_properties=a%2Fb&filter_properties=title",
        allScopes,
        null);
    assertThat(notion.requests().get(0).rawQuery())
        .isEqualTo("filter_properties=a%2Fb&filter_properties=title");
  }

  @Test
  void theProxyPassesALargeAnswerOnWholeAndEndsTheCallersConnectionWhenOneBreaksOff()
      throws Exception {
    String botId = installThroughAnApiLink("u-large");
    URI me = base.resolve("/api/v1/notion/" + botId + "/v1/users/me");
    HttpRequest get =
        HttpRequest.newBuilder(me).header("Authorization", "Bearer " + allScopes).build();

    // larger than what is held before it is passed on: streamed, and whole
    notion.failNext(Endpoint.USERS_ME, Fault.largeBody(300_000));
    HttpResponse<String> large = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
    assertThat(large.statusCode()).isEqualTo(200);
    assertThat(json(large).get("padding").stringValue()).hasSizeGreaterThan(299_000);

    // broken early, before anything was passed on: repeated like any GET, the caller sees nothing
    notion.clearRequests();
    notion.failNext(Endpoint.USERS_ME, Fault.brokenAfter(1_000));
    HttpResponse<String> repeated = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
    assertThat(repeated.statusCode()).isEqualTo(200);
    assertThat(json(repeated).get("id").stringValue()).isEqualTo(botId);
    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(2);

    // broken after part of it was passed on: the caller cannot take the part for the whole
    notion.failNext(Endpoint.USERS_ME, Fault.brokenAfter(200_000));
    assertThatThrownBy(() -> HTTP.send(get, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);

    // and the next call is answered as usual
    assertThat(HTTP.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  @Test
  void pathTricksOnTheProxyAreRefusedBeforeAnythingLeaves() throws Exception {
    String botId = installThroughAnApiLink("u-tricks");
    notion.clearRequests();
    for (String trick :
        new String[] {
          "/api/v1/notion/" + botId + "/v1/users/..%2F..%2Foauth/token",
          "/api/v1/notion/" + botId + "/v1/users%2Fme",
          "/api/v1/notion/" + botId + "/v1//evil.example/v1/users/me",
          "/api/v1/notion/" + botId + "/v1/users/me;x=1",
          "/api/v1/notion/" + botId + "/v1/users/./me",
          "/api/v1/notion/" + botId + "/v2/users/me",
          "/api/v1/notion/" + botId + "/v1/users/me.json",
          "/api/v1/notion/not%20a%20bot/v1/users/me"
        }) {
      HttpResponse<String> r = call("GET", trick, allScopes, null);
      assertThat(r.statusCode()).as(trick).isBetween(400, 404);
    }
    assertThat(notion.requests()).isEmpty();
  }

  @Test
  void revokingThroughTheApiRevokesAtNotionAndDeletingForgetsIt() throws Exception {
    String botId = installThroughAnApiLink("u-revoke");
    String token = server.installations().find(botId).orElseThrow().tokens().access().value();

    HttpResponse<String> revoked =
        call("POST", "/api/v1/installations/" + botId + "/revoke", allScopes, null);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).get("status").stringValue()).isEqualTo("revoked");
    assertThat(notion.isActive(token)).isFalse();
    HttpResponse<String> noToken =
        call("POST", "/api/v1/installations/" + botId + "/access-token", allScopes, null);
    assertThat(noToken.statusCode()).isEqualTo(409);
    assertThat(json(noToken).get("code").stringValue()).isEqualTo("revoked");

    assertThat(call("DELETE", "/api/v1/installations/" + botId, allScopes, null).statusCode())
        .isEqualTo(200);
    assertThat(server.installations().find(botId)).isEmpty();
    HttpResponse<String> gone = call("GET", "/api/v1/installations/" + botId, allScopes, null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).get("code").stringValue()).isEqualTo("object_not_found");
  }

  @Test
  void everyRouteRefusesAKeyWithoutItsScopeAndARequestWithoutAKey() throws Exception {
    String botId = installThroughAnApiLink("u-scopes");
    Object[][] routes = {
      {"GET", "/api/v1/installations", ApiScope.INSTALLATIONS_READ, null},
      {"GET", "/api/v1/installations/" + botId, ApiScope.INSTALLATIONS_READ, null},
      {"POST", "/api/v1/installations/" + botId + "/revoke", ApiScope.INSTALLATIONS_WRITE, null},
      {"DELETE", "/api/v1/installations/" + botId, ApiScope.INSTALLATIONS_WRITE, null},
      {"POST", "/api/v1/installations/" + botId + "/access-token", ApiScope.TOKENS_READ, null},
      {
        "POST",
        "/api/v1/installations/" + botId + "/reconnect-link",
        ApiScope.INSTALL_LINKS_CREATE,
        "{}"
      },
      {"POST", "/api/v1/install-links", ApiScope.INSTALL_LINKS_CREATE, "{}"},
      {"GET", "/api/v1/notion/" + botId + "/v1/users/me", ApiScope.NOTION_PROXY, null},
    };
    for (ApiScope held : ApiScope.values()) {
      String key = key("only-" + held.wireName().replace(':', '-'), Set.of(held));
      for (Object[] route : routes) {
        if (route[2] == held) {
          continue; // the allowed calls are the other tests' business (revoke would end this one)
        }
        HttpResponse<String> r = call((String) route[0], (String) route[1], key, (String) route[3]);
        assertThat(r.statusCode()).as(held + " on " + route[0] + " " + route[1]).isEqualTo(403);
        assertThat(json(r).get("code").stringValue()).isEqualTo("restricted_resource");
      }
    }
    String revokedKey = key("soon-revoked", EnumSet.allOf(ApiScope.class));
    keys.revoke("soon-revoked");
    for (Object[] route : routes) {
      for (String key : new String[] {null, revokedKey}) {
        HttpResponse<String> r = call((String) route[0], (String) route[1], key, (String) route[3]);
        assertThat(r.statusCode()).as(route[0] + " " + route[1]).isIn(401, 429);
      }
    }
    assertThat(server.installations().find(botId).orElseThrow().status())
        .isEqualTo(Installation.Status.ACTIVE);
  }

  @Test
  void anAddressThatKeepsFailingToAuthenticateGets429ButAValidKeyStillWorks() throws Exception {
    HttpResponse<String> last = null;
    for (int i = 0; i < 8; i++) {
      last = call("GET", "/api/v1/installations", "nohk_" + "x".repeat(43), null);
    }
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(last.headers().firstValue("retry-after")).isPresent();
    assertThat(json(last).get("code").stringValue()).isEqualTo("rate_limited");
    assertThat(call("GET", "/api/v1/installations", allScopes, null).statusCode()).isEqualTo(200);
  }

  @Test
  void theOpenApiDocumentIsServedWithoutAKeyAndDescribesTheRoutes() throws Exception {
    HttpResponse<String> doc = call("GET", "/api/v1/openapi.json", null, null);
    assertThat(doc.statusCode()).isEqualTo(200);
    JsonNode paths = json(doc).get("paths");
    assertThat(json(doc).get("openapi").stringValue()).startsWith("3.1");
    assertThat(paths.has("/api/v1/installations")).isTrue();
    assertThat(paths.has("/api/v1/installations/{bot_id}/access-token")).isTrue();
    assertThat(paths.has("/api/v1/install-links")).isTrue();
    assertThat(paths.has("/api/v1/notion/{bot_id}/v1/{path}")).isTrue();
  }
}
