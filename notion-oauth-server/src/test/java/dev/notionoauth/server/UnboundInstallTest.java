package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installation;
import dev.notionoauth.Installations;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Installs started from Notion's side, without a state of ours. */
class UnboundInstallTest {
  static final String SECRET = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  /** What Notion's own "Add to workspace" does: the authorize URL without a state. */
  private static URI notionInitiatedCallback(int port) {
    String redirect = "http://localhost:" + port + "/notion/callback";
    URI authorize =
        URI.create(
            NOTION.emulator().baseUrl()
                + "/v1/oauth/authorize?client_id="
                + NotionEmulator.DEFAULT_CLIENT_ID
                + "&response_type=code&owner=user&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
    URI callback = NOTION.emulator().approve(authorize);
    assertThat(callback.getRawQuery()).matches("code=[^&]+&state=");
    return callback;
  }

  @Test
  void byDefaultAnInstallWithoutOurStateIsRefusedAndNothingIsExchanged() {
    int port = TestServers.freePort();
    try (NotionOAuthServer server =
        NotionOAuthServer.builder(TestServers.config(NOTION.emulator(), port).build())
            .build()
            .start()) {
      TestBrowser browser = new TestBrowser();

      HttpResponse<String> result = browser.follow(browser.get(notionInitiatedCallback(port)));

      assertThat(result.statusCode()).isEqualTo(400);
      assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).isEmpty();
    }
  }

  @Test
  void acceptedUnboundInstallsAreStoredUnlinkedAndClaimedThroughASignedLink() {
    int port = TestServers.freePort();
    try (NotionOAuthServer server =
        NotionOAuthServer.builder(
                TestServers.config(NOTION.emulator(), port)
                    .unboundInstalls("accept-unbound")
                    .installLinkSecret(SECRET)
                    .settings(Map.of("claim-url", "https://app.example.com/notion/claim"))
                    .build())
            .build()
            .start()) {
      TestBrowser browser = new TestBrowser();

      HttpResponse<String> result = browser.follow(browser.get(notionInitiatedCallback(port)));

      assertThat(result.statusCode()).isEqualTo(200);
      assertThat(result.body())
          .contains("not linked to an account yet")
          .contains("Link it to your account");
      String botId = NOTION.emulator().botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
      Installation stored = server.installations().find(botId).orElseThrow();
      assertThat(stored.bound()).isFalse();
      assertThat(stored.context().isEmpty()).isTrue();

      // the host app, with its user logged in, verifies the claim link and links the install
      Matcher m =
          Pattern.compile("href=\"https://app\\.example\\.com/notion/claim\\?([^\"]+)\"")
              .matcher(result.body());
      assertThat(m.find()).isTrue();
      String query = m.group(1).replace("&amp;", "&");
      InstallLinks links = new InstallLinks(Base64.getDecoder().decode(SECRET));
      InstallLinks.Verification claim = links.verifyClaim(query, Instant.now());
      assertThat(claim.verdict()).isEqualTo(InstallLinks.Verdict.VALID);
      assertThat(claim.context().get("bot-id")).contains(botId);

      // review M2: a claim link is no install link
      assertThat(
              new TestBrowser()
                  .get(URI.create("http://localhost:" + port + "/notion/install?" + query))
                  .statusCode())
          .isEqualTo(400);
      // redeemed once, for the logged-in account; a replay or another claim changes nothing
      assertThat(
              server
                  .installations()
                  .claim(query, FlowContext.of("user-id", "u-7"), links, server.flow()))
          .isEqualTo(Installations.ClaimResult.CLAIMED);
      assertThat(
              server
                  .installations()
                  .claim(query, FlowContext.of("user-id", "u-8"), links, server.flow()))
          .isEqualTo(Installations.ClaimResult.ALREADY_CLAIMED);
      assertThat(server.installations().bind(botId, FlowContext.of("user-id", "u-9"))).isFalse();
      assertThat(server.installations().findByContext("user-id", "u-7"))
          .singleElement()
          .satisfies(i -> assertThat(i.bound()).isTrue());
      assertThat(server.installations().findByContext("user-id", "u-8")).isEmpty();
    }
  }
}
