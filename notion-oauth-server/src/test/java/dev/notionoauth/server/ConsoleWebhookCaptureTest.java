package dev.notionoauth.server;

import static dev.notionoauth.server.ConsoleTest.csrf;
import static dev.notionoauth.server.ConsoleTest.origin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.WebhookSender;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setting up Notion webhooks from the console, as {@code webhooks capture} and {@code confirm} do
 * from a terminal: an operator opens a capture window, sees the requests that arrived by number,
 * address and fingerprint (never a token), shows one token on an audited POST to paste it into
 * Notion, and confirms it in a separate step; only then do deliveries signed with it get in.
 */
class ConsoleWebhookCaptureTest {
  @TempDir Path dir;
  private final String key = TestServers.canaryKey();

  @Test
  void anOperatorCapturesShowsAndConfirmsNotionsTokenWhileAnAttackersStaysRefused()
      throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfigBuilder config =
          ConsoleTest.consoleWithAlice(dir, notion, key, port).webhooksEnabled(true);
      try (NotionOAuthServer server = NotionOAuthServer.builder(config.build()).build().start()) {
        URI base = URI.create("http://localhost:" + port);
        URI hook = base.resolve("/notion/webhooks");
        URI page = base.resolve("/console/webhooks/verification");
        WebhookSender sender = notion.webhooks();
        HttpBrowser user = new HttpBrowser();
        assertThat(user.follow(user.get(notion.approve(user.install(base)))).body())
            .contains("Connected to Notion");
        HttpBrowser browser = new HttpBrowser();
        ConsoleTest.signIn(browser, base, "alice", ConsoleTest.PASSWORD);

        HttpResponse<String> closed = browser.get(page);
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(closed.body()).contains("No verification token is confirmed").contains("Closed");
        assertThat(sender.handshake(hook).delivery().status())
            .as("outside a window")
            .isEqualTo(401);

        assertThat(
                browser
                    .postForm(
                        page.resolve("verification/open"),
                        List.of("minutes", "10"),
                        "Origin",
                        origin(base))
                    .statusCode())
            .as("no CSRF token")
            .isEqualTo(403);
        assertThat(
                browser
                    .postForm(
                        page.resolve("verification/open"),
                        List.of("csrf", csrf(closed), "minutes", "10"),
                        "Origin",
                        origin(base))
                    .statusCode())
            .isEqualTo(303);
        WebhookSender.Handshake attacker = sender.handshake(hook);
        WebhookSender.Handshake fromNotion = sender.handshake(hook);
        assertThat(fromNotion.delivery().status()).isEqualTo(200);

        HttpResponse<String> open = browser.get(page);
        assertThat(open.body())
            .contains("Open until")
            .contains("#1")
            .contains("#2")
            .contains("2 requests arrived")
            .contains("sha256:")
            .doesNotContain(attacker.token())
            .doesNotContain(fromNotion.token());

        URI reveal = page.resolve("verification/candidates/2/reveal");
        assertThat(browser.postForm(reveal, List.of(), "Origin", origin(base)).statusCode())
            .as("no CSRF token")
            .isEqualTo(403);
        HttpResponse<String> shown =
            browser.postForm(reveal, List.of("csrf", csrf(open)), "Origin", origin(base));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains(fromNotion.token()).doesNotContain(attacker.token());
        assertThat(shown.headers().firstValue("cache-control").orElseThrow()).contains("no-store");

        String event = sender.installedEvent("page.created", "page-1");
        assertThat(sender.deliver(hook, fromNotion.token(), event).status())
            .as("shown, not yet confirmed")
            .isEqualTo(401);
        URI confirm = page.resolve("verification/candidates/2/confirm");
        HttpResponse<String> step = browser.get(confirm);
        assertThat(step.body()).contains("only after Notion").contains("Confirm candidate #2");
        assertThat(
                browser
                    .postForm(
                        page.resolve("verification/candidates/9/confirm"),
                        List.of("csrf", csrf(step)),
                        "Origin",
                        origin(base))
                    .statusCode())
            .isEqualTo(404);
        assertThat(
                browser
                    .postForm(confirm, List.of("csrf", csrf(step)), "Origin", origin(base))
                    .statusCode())
            .isEqualTo(303);

        assertThat(sender.deliver(hook, fromNotion.token(), event).status()).isEqualTo(200);
        assertThat(sender.deliver(hook, attacker.token(), event).status()).isEqualTo(401);
        assertThat(browser.get(page).body())
            .contains("A verification token is confirmed")
            .contains("Closed");
        assertThat(browser.get(base.resolve("/console/audit?actor=alice")).body())
            .contains("/console/webhooks/verification/candidates/{number}/reveal")
            .contains("/console/webhooks/verification/candidates/{number}/confirm")
            .contains("/console/webhooks/verification/open")
            .doesNotContain(fromNotion.token());
      }
    }
  }
}
