package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.notionoauth.FlowContext;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.appevent.StandardWebhooksSigner;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.servlet.AppEventSettings;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events to the app over real HTTP: a receiver verifying Standard Webhooks signatures with the
 * {@code standardwebhooks} npm package gets {@code installation.created} for the bot a user just
 * connected (ids and context, never a token), then {@code revoked} and {@code deleted}; an app that
 * fails gets the same event again under the same id, and after the last attempt it is a dead letter
 * that {@code app-events replay} sends once more.
 */
class AppEventsTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  /** One delivery as the app received it. */
  record Received(Map<String, String> headers, String body) {}

  /** A tiny app: records deliveries and answers with the next queued status (default 204). */
  static final class App implements AutoCloseable {
    final HttpServer http;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();

    App() throws Exception {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext(
          "/events",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.TreeMap<>();
            for (String h : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
              headers.put(h, exchange.getRequestHeaders().getFirst(h));
            }
            received.add(new Received(headers, body));
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
          });
      http.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/events");
    }

    Received next() throws InterruptedException {
      Received r = received.poll(20, TimeUnit.SECONDS);
      assertThat(r).as("a delivery within 20 s").isNotNull();
      return r;
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  /** What the standardwebhooks package makes of a delivery (it throws on a bad signature). */
  static JsonNode verifiedByStandardWebhooks(String secret, Received r) throws Exception {
    ObjectNode input = JSON.createObjectNode();
    input.put("secret", secret);
    ObjectNode headers = input.putObject("headers");
    r.headers().forEach(headers::put);
    input.put("body", r.body());
    return JSON.readTree(
        NodeChecks.run(60, JSON.writeValueAsString(input), "node", "verify-event.mjs"));
  }

  @Test
  void theAppGetsSignedEventsForAnInstallationsLifeThatStandardWebhooksVerifies() throws Exception {
    NodeChecks.require();
    String secret = StandardWebhooksSigner.generateSecret();
    try (App app = new App();
        NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .installLinkSecret(ServerFlowTest.LINK_SECRET)
              .appEvents(AppEventSettings.of(app.url(), secret))
              .build();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        InstallLinks links =
            new InstallLinks(Base64.getDecoder().decode(ServerFlowTest.LINK_SECRET));
        String signed =
            links.sign(FlowContext.of("user-id", "u-42"), Instant.now().plusSeconds(300));
        HttpBrowser browser = new HttpBrowser();
        URI authorize =
            HttpBrowser.location(
                browser.get(URI.create("http://localhost:" + port + "/notion/install?" + signed)));
        browser.follow(browser.get(notion.approve(authorize)));
        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);

        Received created = app.next();
        JsonNode payload = verifiedByStandardWebhooks(secret, created);
        assertThat(payload.get("type").stringValue()).isEqualTo("installation.created");
        assertThat(payload.get("data").get("bot_id").stringValue()).isEqualTo(botId);
        assertThat(payload.get("data").get("context").get("user-id").stringValue())
            .isEqualTo("u-42");
        assertThat(payload.get("data").get("status").stringValue()).isEqualTo("active");
        String token = server.installations().find(botId).orElseThrow().tokens().access().value();
        assertThat(created.body()).doesNotContain(token);
        assertThat(created.headers().get("webhook-id")).startsWith("msg_");

        server.installations().revoke(botId);
        JsonNode revoked = verifiedByStandardWebhooks(secret, app.next());
        assertThat(revoked.get("type").stringValue()).isEqualTo("installation.revoked");
        server.installations().delete(botId);
        JsonNode deleted = verifiedByStandardWebhooks(secret, app.next());
        assertThat(deleted.get("type").stringValue()).isEqualTo("installation.deleted");
        assertThat(deleted.get("data").get("bot_id").stringValue()).isEqualTo(botId);

        // another secret does not verify: the package really checks
        Received forged = new Received(created.headers(), created.body().replace("u-42", "u-43"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> verifiedByStandardWebhooks(secret, forged))
            .isInstanceOf(AssertionError.class);
      }
    }
  }

  @Test
  void notionsWebhookEventsAreForwardedWithTheBotsTheyWereRoutedToWhenNamed() throws Exception {
    NodeChecks.require();
    String secret = StandardWebhooksSigner.generateSecret();
    try (App app = new App();
        NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .webhooksEnabled(true)
              .appEvents(
                  AppEventSettings.of(app.url(), secret)
                      .withTypes(
                          java.util.EnumSet.of(
                              dev.notionoauth.appevent.AppEventType.INSTALLATION_CREATED,
                              dev.notionoauth.appevent.AppEventType.NOTION_WEBHOOK)))
              .build();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        HttpBrowser browser = new HttpBrowser();
        URI base = URI.create("http://localhost:" + port);
        browser.follow(browser.get(notion.approve(browser.install(base))));
        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
        assertThat(verifiedByStandardWebhooks(secret, app.next()).get("type").stringValue())
            .isEqualTo("installation.created");

        URI hook = base.resolve("/notion/webhooks");
        String token =
            dev.notionoauth.testkit.WebhookHandshake.confirmedToken(
                server.webhookStore().orElseThrow(), notion.webhooks(), hook);
        String event = notion.webhooks().installedEvent("page.content_updated", "page-1");
        assertThat(notion.webhooks().deliver(hook, token, event).status()).isEqualTo(200);

        Received forwarded = app.next();
        JsonNode payload = verifiedByStandardWebhooks(secret, forwarded);
        assertThat(payload.get("type").stringValue()).isEqualTo("notion.webhook");
        assertThat(payload.get("data").get("event_type").stringValue())
            .isEqualTo("page.content_updated");
        assertThat(payload.get("data").get("entity").get("id").stringValue()).isEqualTo("page-1");
        assertThat(payload.get("data").get("bot_ids").get(0).stringValue()).isEqualTo(botId);
        String notionEventId = payload.get("data").get("event_id").stringValue();
        assertThat(event).contains(notionEventId);
        String token2 = server.installations().find(botId).orElseThrow().tokens().access().value();
        assertThat(forwarded.body()).doesNotContain(token2);
      }
    }
  }

  @Test
  void aFailingAppGetsTheSameEventAgainThenADeadLetterThatReplaySends() throws Exception {
    String secret = StandardWebhooksSigner.generateSecret();
    String key = TestServers.canaryKey();
    try (App app = new App();
        NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .jdbcUrl("jdbc:sqlite:" + dir.resolve("store.db"))
              .encryptionKey(key)
              .appEvents(
                  AppEventSettings.of(app.url(), secret).withRetries(2, Duration.ofMillis(50)))
              .build();
      Path cfg = dir.resolve("notion-oauth-handler.yaml");
      Files.writeString(
          cfg,
          "notion:\n  client-id: c\n  client-secret: s\n  redirect-uri: http://localhost:9/notion/callback\n"
              + "server:\n  port: 9\nstore:\n  jdbc-url: jdbc:sqlite:"
              + dir.resolve("store.db")
              + "\n  encryption-key: "
              + key
              + "\n");
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        app.answers.add(500);
        app.answers.add(503);
        HttpBrowser browser = new HttpBrowser();
        URI authorize = browser.install(URI.create("http://localhost:" + port));
        browser.follow(browser.get(notion.approve(authorize)));

        Received first = app.next();
        Received second = app.next();
        assertThat(second.headers().get("webhook-id")).isEqualTo(first.headers().get("webhook-id"));
        String id = first.headers().get("webhook-id");

        CommandsTest.Run failed = awaitDeadLetter(cfg.toString(), id);
        assertThat(failed.out())
            .contains("installation.created")
            .contains("DEAD")
            .contains("HTTP 503");

        CommandsTest.Run replay =
            CommandsTest.run("app-events", "replay", "--config", cfg.toString(), id);
        assertThat(replay.code()).isZero();
        server.components().appEventSender().orElseThrow().wake();
        Received third = app.next();
        assertThat(third.headers().get("webhook-id")).isEqualTo(id);
        assertThat(third.body()).isEqualTo(first.body());
      }
    }
  }

  /**
   * The dead letter shows once the sender recorded its last attempt (it works in the background).
   */
  private static CommandsTest.Run awaitDeadLetter(String cfg, String id)
      throws InterruptedException {
    CommandsTest.Run run = null;
    for (int i = 0; i < 200; i++) {
      run = CommandsTest.run("app-events", "list", "--failed", "--config", cfg);
      if (run.out().contains(id)) {
        return run;
      }
      Thread.sleep(50); // waits for the background sender, not for time to pass
    }
    return run;
  }
}
