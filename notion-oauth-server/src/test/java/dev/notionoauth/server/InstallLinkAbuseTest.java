package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installations;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Signed links against the forwarding attack (review M4) and claim replays (M2): links live
 * minutes, a single-use link works once, and the result page names the account.
 */
class InstallLinkAbuseTest {
  static final byte[] KEY = Base64.getDecoder().decode(ServerFlowTest.LINK_SECRET);

  @Test
  void aSingleUseLinkWorksOnceSoAForwardedCopyIsRefusedAndThePageNamesTheAccount() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port)
                      .installLinkSecret(ServerFlowTest.LINK_SECRET)
                      .requireInstallLink(true)
                      .build())
              .build()
              .start()) {
        URI base = URI.create("http://localhost:" + port);
        String once =
            new InstallLinks(KEY)
                .signSingleUse(
                    new FlowContext(
                        java.util.Map.of("user-id", "u-1", InstallLinks.ACCOUNT_LABEL, "ada@acme")),
                    Instant.now().plusSeconds(300));
        HttpBrowser owner = new HttpBrowser();
        HttpResponse<String> first = owner.get(base.resolve("/notion/install?" + once));
        HttpResponse<String> forwarded =
            new HttpBrowser().get(base.resolve("/notion/install?" + once));

        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(forwarded.statusCode()).isEqualTo(400);
        URI callback =
            notion.approve(URI.create(first.headers().firstValue("location").orElseThrow()));
        HttpResponse<String> result = owner.follow(owner.get(callback));
        assertThat(result.body()).contains("To account <strong>ada@acme</strong>");
      }
    }
  }

  @Test
  void aLinkSignedToLiveLongerThanTheCapIsRefused() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port)
                      .installLinkSecret(ServerFlowTest.LINK_SECRET)
                      .installLinkMaxValidity(Duration.ofMinutes(5))
                      .build())
              .build()
              .start()) {
        URI base = URI.create("http://localhost:" + port);
        InstallLinks links = new InstallLinks(KEY, Duration.ofDays(1));
        String hour =
            links.sign(FlowContext.of("user-id", "u-1"), Instant.now().plus(Duration.ofHours(1)));
        String minutes =
            links.sign(FlowContext.of("user-id", "u-1"), Instant.now().plusSeconds(120));

        assertThat(new HttpBrowser().get(base.resolve("/notion/install?" + hour)).statusCode())
            .isEqualTo(400);
        assertThat(new HttpBrowser().get(base.resolve("/notion/install?" + minutes)).statusCode())
            .isEqualTo(302);
      }
    }
  }

  @Test
  void aClaimForAMissingInstallationOrAnInstallLinkUsedAsAClaimIsRefused() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port)
                      .installLinkSecret(ServerFlowTest.LINK_SECRET)
                      .build())
              .build()
              .start()) {
        InstallLinks links = new InstallLinks(KEY);
        String claim =
            links.signClaim(FlowContext.of("bot-id", "missing-bot"), Instant.now().plusSeconds(60));

        assertThat(
                server
                    .installations()
                    .claim(
                        claim,
                        FlowContext.of("user-id", "u"),
                        links,
                        server.flow().singleUseLinks()))
            .isEqualTo(Installations.ClaimResult.NOT_FOUND);
        assertThat(
                server
                    .installations()
                    .claim(
                        links.sign(FlowContext.of("bot-id", "x"), Instant.now().plusSeconds(60)),
                        FlowContext.of("user-id", "u"),
                        links,
                        server.flow().singleUseLinks()))
            .isEqualTo(Installations.ClaimResult.INVALID);
      }
    }
  }
}
