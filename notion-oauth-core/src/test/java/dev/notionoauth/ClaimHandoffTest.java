package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClaimHandoffTest {
  static final Instant NOW = Instant.parse("2031-05-01T10:00:00Z");
  final InstallLinks links = new InstallLinks(new byte[32]);

  private ClaimHandoff at(Instant now) {
    return new ClaimHandoff("https://app.example/claim", links, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static String cookieValue(String setCookie) {
    Matcher m = Pattern.compile("^__Host-noh_claim=([A-Za-z0-9_-]+);").matcher(setCookie);
    assertThat(m.find()).as(setCookie).isTrue();
    return m.group(1);
  }

  @Test
  void theCookieIsHostOnlyHttpOnlyStrictAndLivesAsLongAsAClaimLink() {
    String header = at(NOW).setCookieHeader("bot-1", true);

    assertThat(header)
        .startsWith("__Host-noh_claim=")
        .contains("; Path=/; Max-Age=900; HttpOnly; SameSite=Strict; Secure");
    assertThat(ClaimHandoff.clearCookieHeader(false))
        .isEqualTo("noh_claim=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  }

  @Test
  void theCookieLeadsToTheClaimPageWithASingleUseLinkForThatBotUntilItExpires() {
    String value = cookieValue(at(NOW).setCookieHeader("bot-1", true));

    String target = at(NOW.plusSeconds(899)).claimPageFor(value).orElseThrow();
    assertThat(target).startsWith("https://app.example/claim?ctx=");
    InstallLinks.Verification claim =
        links.verifyClaim(target.substring(target.indexOf('?') + 1), NOW);
    assertThat(claim.verdict()).isEqualTo(InstallLinks.Verdict.VALID);
    assertThat(claim.context().get("bot-id")).contains("bot-1");
    assertThat(claim.linkId()).isNotNull();
    assertThat(at(NOW.plusSeconds(900)).claimPageFor(value)).isEmpty();
  }

  @Test
  void aMissingForeignOrTamperedCookieLeadsNowhere() {
    String value = cookieValue(at(NOW).setCookieHeader("bot-1", true));
    ClaimHandoff otherSecret =
        new ClaimHandoff(
            "https://app.example/claim",
            new InstallLinks(
                new byte[] {
                  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                  24, 25, 26, 27, 28, 29, 30, 31, 32
                }),
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(at(NOW).claimPageFor(null)).isEmpty();
    assertThat(at(NOW).claimPageFor("")).isEmpty();
    assertThat(at(NOW).claimPageFor("not;a=cookie")).isEmpty();
    assertThat(at(NOW).claimPageFor(value.substring(0, value.length() - 2))).isEmpty();
    assertThat(otherSecret.claimPageFor(value)).isEmpty();
  }

  @Test
  void anInstallLinkInTheCookieIsNoClaimLink() {
    String install = links.sign(FlowContext.of("bot-id", "bot-1"), NOW.plusSeconds(60));
    String value =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(install.getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    assertThat(at(NOW).claimPageFor(value)).isEmpty();
  }

  @Test
  void aClaimUrlOnAHostThatOnlyLooksLocalIsRefused() {
    assertThatThrownBy(
            () ->
                new ClaimHandoff(
                    "http://localhost.attacker.example/claim", links, Clock.systemUTC()))
        .isInstanceOf(NotionConfigException.class)
        .hasMessageContaining("claim-url");
    assertThat(new ClaimHandoff("http://localhost:3000/claim", links, Clock.systemUTC()))
        .isNotNull();
    assertThat(new ClaimHandoff("/account/notion/claim", links, Clock.systemUTC())).isNotNull();
  }

  @Test
  void printsOnlyTheClaimPage() {
    assertThat(at(NOW).toString()).isEqualTo("ClaimHandoff[https://app.example/claim]");
  }
}
