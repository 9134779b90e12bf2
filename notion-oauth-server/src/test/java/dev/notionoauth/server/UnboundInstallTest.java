package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installation;
import dev.notionoauth.Installations;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Installs started from Notion's side, without a state of ours. */
class UnboundInstallTest {
  static final String SECRET = "cnry7qQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

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
      HttpBrowser browser = new HttpBrowser();

      HttpResponse<String> result = browser.follow(browser.get(notionInitiatedCallback(port)));

      assertThat(result.statusCode()).isEqualTo(400);
      assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).isEmpty();
    }
  }

  @Test
  void acceptedUnboundInstallsAreStoredUnlinkedAndClaimedOnlyFromTheBrowserThatFinishedThem() {
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
      HttpBrowser browser = new HttpBrowser();

      HttpResponse<String> result = browser.follow(browser.get(notionInitiatedCallback(port)));

      assertThat(result.statusCode()).isEqualTo(200);
      assertThat(result.body())
          .contains("not linked to an account yet")
          .contains("<a class=\"button\" href=\"claim\">Link it to your account</a>")
          .doesNotContain("sig=")
          .doesNotContain("app.example.com");
      String botId = NOTION.emulator().botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
      Installation stored = server.installations().find(botId).orElseThrow();
      assertThat(stored.bound()).isFalse();
      assertThat(stored.context().isEmpty()).isTrue();

      // review M2: the result page, forwarded to someone else, gives them nothing to claim with
      URI claimRoute = result.uri().resolve("claim");
      assertThat(claimRoute.getPath()).isEqualTo("/notion/result/claim");
      HttpBrowser someoneElse = new HttpBrowser();
      assertThat(someoneElse.get(result.uri()).body()).isEqualTo(result.body());
      HttpResponse<String> refused = someoneElse.get(claimRoute);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("only in the browser that connected it");

      // the browser that finished the install is sent on to the host app with the claim link
      HttpResponse<String> handoff = browser.get(claimRoute);
      assertThat(handoff.statusCode()).isEqualTo(303);
      assertThat(handoff.headers().allValues("set-cookie"))
          .anySatisfy(c -> assertThat(c).startsWith("noh_claim=;").contains("Max-Age=0"));
      String location = handoff.headers().firstValue("location").orElseThrow();
      assertThat(location).startsWith("https://app.example.com/notion/claim?");
      String query = URI.create(location).getRawQuery();
      InstallLinks links = new InstallLinks(Base64.getDecoder().decode(SECRET));
      InstallLinks.Verification claim = links.verifyClaim(query, Instant.now());
      assertThat(claim.verdict()).isEqualTo(InstallLinks.Verdict.VALID);
      assertThat(claim.context().get("bot-id")).contains(botId);
      assertThat(browser.get(claimRoute).statusCode()).as("the cookie is gone").isEqualTo(403);

      // a claim link is no install link
      assertThat(
              new HttpBrowser()
                  .get(URI.create("http://localhost:" + port + "/notion/install?" + query))
                  .statusCode())
          .isEqualTo(400);
      // redeemed once, for the logged-in account; a replay or another claim changes nothing
      assertThat(
              server
                  .installations()
                  .claim(
                      query,
                      FlowContext.of("user-id", "u-7"),
                      links,
                      server.flow().singleUseLinks()))
          .isEqualTo(Installations.ClaimResult.CLAIMED);
      assertThat(
              server
                  .installations()
                  .claim(
                      query,
                      FlowContext.of("user-id", "u-8"),
                      links,
                      server.flow().singleUseLinks()))
          .isEqualTo(Installations.ClaimResult.ALREADY_CLAIMED);
      assertThat(server.installations().bind(botId, FlowContext.of("user-id", "u-9"))).isFalse();
      assertThat(server.installations().findByContext("user-id", "u-7"))
          .singleElement()
          .satisfies(i -> assertThat(i.bound()).isTrue());
      assertThat(server.installations().findByContext("user-id", "u-8")).isEmpty();
    }
  }

  @Test
  void withoutClaimsConfiguredTheClaimRouteRefusesAndNoClaimCookieIsSet() {
    int port = TestServers.freePort();
    try (NotionOAuthServer server =
        NotionOAuthServer.builder(
                TestServers.config(NOTION.emulator(), port)
                    .unboundInstalls("accept-unbound")
                    .build())
            .build()
            .start()) {
      HttpBrowser browser = new HttpBrowser();

      HttpResponse<String> callback = browser.get(notionInitiatedCallback(port));
      HttpResponse<String> result = browser.follow(callback);

      assertThat(result.body()).contains("to link it.");
      assertThat(callback.headers().allValues("set-cookie")).isEmpty();
      assertThat(browser.get(result.uri().resolve("claim")).statusCode()).isEqualTo(403);
      assertThat(
              browser
                  .send("POST", URI.create("http://localhost:" + port + "/notion/result/claim"))
                  .statusCode())
          .isEqualTo(405);
    }
  }
}
