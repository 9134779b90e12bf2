package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.WebhookSender;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.WebhookHandshake;
import dev.notionoauth.webhook.StoredWebhookEvent;
import dev.notionoauth.webhook.WebhookEvent;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code webhooks} commands run as an operator would, beside a running server that shares their
 * store: {@code capture}, {@code list [--failed]} and {@code replay}.
 */
class WebhookCommandsTest {
  @TempDir Path dir;

  private final String key = TestServers.canaryKey();

  private ServerConfigBuilder config(NotionEmulator notion, int port) {
    return TestServers.config(notion, port)
        .webhooksEnabled(true)
        .jdbcUrl("jdbc:sqlite:" + dir.resolve("store.db"))
        .encryptionKey(key);
  }

  /** The operator's configuration file: the same store and key as the server. */
  private String configFile(NotionEmulator notion) throws Exception {
    return TestServers.operatorConfig(dir, notion, key, "");
  }

  @Test
  void captureListsWhatArrivesInItsWindowAndOnlyAConfirmedTokenVerifies() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(config(notion, port).build()).build().start()) {
        URI hook = URI.create("http://localhost:" + port + "/notion/webhooks");
        WebhookStore store = server.webhookStore().orElseThrow();
        String cfg = configFile(notion);
        assertThat(notion.webhooks().handshake(hook).delivery().status())
            .as("no window: refused")
            .isEqualTo(401);

        CompletableFuture<CommandsTest.Run> capture =
            CompletableFuture.supplyAsync(
                () -> CommandsTest.run("webhooks", "capture", "--config", cfg, "--timeout", "30s"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.captureOpenUntil().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        WebhookSender.Handshake planted = notion.webhooks().handshake(hook);
        WebhookSender.Handshake real = notion.webhooks().handshake(hook);
        CommandsTest.Run captured = capture.get(30, TimeUnit.SECONDS);

        assertThat(planted.delivery().status()).isEqualTo(200);
        assertThat(real.delivery().status()).isEqualTo(200);
        assertThat(captured.code()).as(captured.err()).isZero();
        assertThat(captured.out())
            .contains("#1", planted.token(), "#2", real.token())
            .contains("WARNING: 2 verification requests arrived")
            .contains("webhooks confirm");
        String event =
            notion
                .webhooks()
                .event("page.created", java.util.UUID.randomUUID().toString(), "p-1", List.of(), 1);
        assertThat(notion.webhooks().deliver(hook, real.token(), event).status())
            .as("not trusted before it is confirmed")
            .isEqualTo(401);

        CommandsTest.Run listed = CommandsTest.run("webhooks", "candidates", "--config", cfg);
        assertThat(listed.out())
            .contains(planted.token(), real.token(), "2 candidate(s); window open until")
            .contains("no token confirmed yet");
        CommandsTest.Run nope = CommandsTest.run("webhooks", "confirm", "3", "--config", cfg);
        assertThat(nope.code()).isEqualTo(1);
        assertThat(nope.err()).contains("no candidate #3");
        CommandsTest.Run confirmed = CommandsTest.run("webhooks", "confirm", "2", "--config", cfg);

        assertThat(confirmed.code()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("Token #2 confirmed").doesNotContain(real.token());
        assertThat(store.captureOpenUntil()).isEmpty();
        assertThat(notion.webhooks().deliver(hook, planted.token(), event).status()).isEqualTo(401);
        assertThat(notion.webhooks().deliver(hook, real.token(), event).status()).isEqualTo(200);
        assertThat(CommandsTest.run("webhooks", "candidates", "--config", cfg).out())
            .contains("0 candidate(s); window closed; a confirmed token is in use");

        CommandsTest.Run nothing =
            CommandsTest.run("webhooks", "capture", "--config", cfg, "--timeout", "1s");
        assertThat(nothing.code()).isEqualTo(1);
        assertThat(nothing.err()).contains("no verification request arrived within 1s");
        assertThat(nothing.out()).doesNotContain(real.token());
      }
    }
  }

  @Test
  void listShowsTheDeadLetterUnderFailedAndReplayDeliversIt() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      RecordingWebhookConsumer consumer = new RecordingWebhookConsumer().failing(1);
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(config(notion, port).webhookMaxAttempts(1).build())
              .webhookConsumers(List.of(consumer))
              .build()
              .start()) {
        URI base = URI.create("http://localhost:" + port);
        HttpBrowser browser = new HttpBrowser();
        browser.follow(browser.get(notion.approve(browser.install(base))));
        URI hook = base.resolve("/notion/webhooks");
        String token =
            WebhookHandshake.confirmedToken(
                server.webhookStore().orElseThrow(), notion.webhooks(), hook);
        String failing = notion.webhooks().installedEvent("page.deleted", "p-1");
        String id = failing.replaceAll("(?s)^\\{\"id\":\"([^\"]+)\".*", "$1");
        notion.webhooks().deliver(hook, token, failing);
        WebhookStore store = server.webhookStore().orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.count(StoredWebhookEvent.Status.FAILED) == 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        String fine = notion.webhooks().installedEvent("page.created", "p-2");
        notion.webhooks().deliver(hook, token, fine);
        consumer.next();
        String cfg = configFile(notion);

        CommandsTest.Run all = CommandsTest.run("webhooks", "list", "--config", cfg);
        CommandsTest.Run failed = CommandsTest.run("webhooks", "list", "--failed", "--config", cfg);

        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("page.deleted", "page.created", "failed 1");
        assertThat(failed.out())
            .contains(id, "FAILED", IllegalStateException.class.getName())
            .doesNotContain("page.created");

        CommandsTest.Run replay = CommandsTest.run("webhooks", "replay", id, "--config", cfg);

        assertThat(replay.code()).isZero();
        assertThat(consumer.next().event()).isInstanceOf(WebhookEvent.Page.class);
        assertThat(CommandsTest.run("webhooks", "replay", "no-such-event", "--config", cfg).code())
            .isEqualTo(1);
      }
    }
  }
}
