package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installation;
import dev.notionoauth.InstallationException;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.server.internal.Services;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * An installation that needs re-authorization is reconnected through a reconnect link: the flow
 * carries its own context, the same bot is stored with its new pair, it is ACTIVE again, the result
 * page says "reconnected", and the log listener records both changes.
 */
class ReconnectTest {
  @Test
  void aReconnectLinkBringsAnInstallationThatNeedsReauthBackToActive() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port).installLinkSecret(ServerFlowTest.LINK_SECRET).build();
      InstallLinks links = new InstallLinks(Base64.getDecoder().decode(ServerFlowTest.LINK_SECRET));
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        URI base = URI.create("http://localhost:" + port);
        HttpBrowser browser = new HttpBrowser();
        String signed =
            links.sign(FlowContext.of("user-id", "u-77"), Instant.now().plusSeconds(300));
        URI authorize =
            URI.create(
                browser
                    .get(base.resolve("/notion/install?" + signed))
                    .headers()
                    .firstValue("location")
                    .orElseThrow());
        HttpResponse<String> first = browser.follow(browser.get(notion.approve(authorize)));
        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
        assertThat(first.body()).contains("is now connected to");

        // the user removes the connection in Notion: the next call finds out
        Installation before = server.installations().find(botId).orElseThrow();
        NotionOAuthClient.create(config.notion()).revoke(before.tokens().access());
        assertThatThrownBy(() -> server.installations().api(botId).get("/v1/users/me"))
            .isInstanceOf(InstallationException.class);
        assertThat(server.installations().find(botId).orElseThrow().status())
            .isEqualTo(Installation.Status.NEEDS_REAUTH);

        URI reconnect =
            server
                .installations()
                .reconnectLink(
                    botId, Services.publicInstallUrl(config), links, Duration.ofMinutes(30));
        URI again =
            URI.create(browser.get(reconnect).headers().firstValue("location").orElseThrow());
        HttpResponse<String> result = browser.follow(browser.get(notion.approve(again)));

        assertThat(result.body()).contains("is reconnected to").contains("it works again");
        Installation after = server.installations().find(botId).orElseThrow();
        assertThat(after.status()).isEqualTo(Installation.Status.ACTIVE);
        assertThat(after.health().reason()).isEqualTo("re-authorized");
        assertThat(after.context().get("user-id")).contains("u-77");
        assertThat(server.installations().api(botId).get("/v1/users/me").get("id").stringValue())
            .isEqualTo(botId);
        String log = TestServers.awaitLog("is now ACTIVE (was NEEDS_REAUTH): re-authorized");
        assertThat(log)
            .contains("Installation bot_id=" + botId)
            .contains("is now NEEDS_REAUTH (was ACTIVE): refresh refused: invalid_grant");
      }
    }
  }
}
