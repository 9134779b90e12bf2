package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.audit.AuditEntry;
import dev.notionoauth.audit.AuditLog;
import dev.notionoauth.audit.AuditQuery;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API and proxy call is audited (key name, method, route template, bot id, status, latency;
 * never a body, a token or a key), listed by {@code audit list}, and counted per route and status
 * at {@code /metrics}; the API may listen on a port of its own, and then only there.
 */
class ApiAuditTest {
  @TempDir Path dir;

  private final String encryptionKey = TestServers.canaryKey();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(URI url, String key) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(url);
    if (key != null) {
      r.header("Authorization", "Bearer " + key);
    }
    HttpResponse<String> answer = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    if (url.getPath().startsWith("/api/v1/") && answer.statusCode() != 404) {
      OpenApiContract.check(
          url,
          "GET",
          null,
          answer.statusCode(),
          answer.headers().firstValue("content-type").orElse(""),
          answer.body());
    }
    return answer;
  }

  private ServerConfigBuilder config(NotionEmulator notion, int port) {
    return TestServers.config(notion, port)
        .jdbcUrl("jdbc:sqlite:" + dir.resolve("store.db"))
        .encryptionKey(encryptionKey)
        .apiEnabled(true);
  }

  private String configFile(NotionEmulator notion) throws Exception {
    return TestServers.operatorConfig(dir, notion, encryptionKey, "api:\n  enabled: true\n");
  }

  @Test
  void everyCallIsAuditedByKeyRouteAndBotListedByTheCliAndCountedAtMetrics() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(config(notion, port).build()).build().start()) {
        URI base = URI.create("http://localhost:" + port);
        String reader =
            server
                .components()
                .apiKeys()
                .orElseThrow()
                .create("reader", Set.of(ApiScope.INSTALLATIONS_READ))
                .orElseThrow()
                .secret()
                .reveal();
        String proxy =
            server
                .components()
                .apiKeys()
                .orElseThrow()
                .create("proxy", EnumSet.of(ApiScope.NOTION_PROXY))
                .orElseThrow()
                .secret()
                .reveal();
        HttpBrowser browser = new HttpBrowser();
        URI authorize = HttpBrowser.location(browser.get(base.resolve("/notion/install")));
        browser.follow(browser.get(notion.approve(authorize, "Audited")));
        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID, "Audited");
        String accessToken =
            server.installations().find(botId).orElseThrow().tokens().access().value();

        assertThat(get(base.resolve("/api/v1/installations?status=active"), reader).statusCode())
            .isEqualTo(200);
        assertThat(get(base.resolve("/api/v1/installations/" + botId), reader).statusCode())
            .isEqualTo(200);
        assertThat(
                get(base.resolve("/api/v1/notion/" + botId + "/v1/users/me"), proxy).statusCode())
            .isEqualTo(200);
        assertThat(get(base.resolve("/api/v1/installations/" + botId), proxy).statusCode())
            .isEqualTo(403);
        assertThat(get(base.resolve("/api/v1/installations"), null).statusCode()).isEqualTo(401);

        AuditLog audit = server.components().auditLog().orElseThrow();
        // an entry is queued once its answer is written, which the client may see first
        List<AuditEntry> entries = List.of();
        for (int i = 0; i < 1000 && entries.size() < 5; i++) { // at most ~10 s
          audit.flush();
          entries = audit.store().list(AuditQuery.newest(10));
          java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        assertThat(entries).hasSize(5);
        AuditEntry newest = entries.get(0);
        assertThat(newest.actor().kind())
            .isEqualTo(dev.notionoauth.audit.AuditActor.Kind.ANONYMOUS);
        assertThat(newest.result().status()).isEqualTo(401);
        assertThat(entries.get(2).actor().name()).isEqualTo("proxy");
        assertThat(entries.get(2).action().route()).isEqualTo("/api/v1/notion/{bot_id}/v1/{path}");
        assertThat(entries.get(2).action().botId()).isEqualTo(botId);
        assertThat(entries.get(2).result().status()).isEqualTo(200);
        assertThat(entries.get(2).result().latency()).isPositive();
        assertThat(audit.store().list(AuditQuery.newest(10).botId(botId))).hasSize(3);
        assertThat(audit.store().list(AuditQuery.newest(10).actorName("reader")))
            .extracting(e -> e.action().route())
            .containsExactly("/api/v1/installations/{bot_id}", "/api/v1/installations");

        CommandsTest.Run listed =
            CommandsTest.run("audit", "list", "--config", configFile(notion), "--bot-id", botId);
        assertThat(listed.code()).isZero();
        assertThat(listed.out())
            .contains("proxy", "reader", "/api/v1/notion/{bot_id}/v1/{path}", " 403 ")
            .doesNotContain(accessToken)
            .doesNotContain(reader)
            .doesNotContain("status=active");
        assertThat(
                CommandsTest.run("audit", "list", "--config", configFile(notion), "--key", "nobody")
                    .out())
            .contains("No audited calls");

        String metrics = get(base.resolve("/metrics"), null).body();
        assertThat(metrics)
            .contains(
                "notion_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/notion/{bot_id}/v1/{path}\",status=\"200\"} 1")
            .contains(
                "notion_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/installations/{bot_id}\",status=\"403\"} 1");
      }
    }
  }

  @Test
  void onItsOwnPortTheApiAnswersThereAndNotOnTheMainPort() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      int apiPort = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.withApiPort(config(notion, port), apiPort).build())
              .build()
              .start()) {
        String key =
            server
                .components()
                .apiKeys()
                .orElseThrow()
                .create("reader", Set.of(ApiScope.INSTALLATIONS_READ))
                .orElseThrow()
                .secret()
                .reveal();
        assertThat(server.apiPort()).hasValue(apiPort);
        HttpResponse<String> there =
            get(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/installations"), key);
        assertThat(there.statusCode()).isEqualTo(200);
        assertThat(there.body()).contains("\"results\":[]");
        assertThat(
                get(URI.create("http://127.0.0.1:" + port + "/api/v1/installations"), key)
                    .statusCode())
            .isEqualTo(404);
        // nothing else of the server answers on the API's port
        assertThat(
                get(URI.create("http://127.0.0.1:" + apiPort + "/notion/install"), null)
                    .statusCode())
            .isEqualTo(404);
        assertThat(
                get(URI.create("http://127.0.0.1:" + port + "/notion/install"), null).statusCode())
            .isEqualTo(302);
      }
    }
  }
}
