package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstallLinksTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final InstallLinks links =
      new InstallLinks("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private InstallLinks.Verification check(String query, Instant now) {
    return links.verify(query, now);
  }

  @Test
  void aSignedLinkCarriesItsContextUntilItExpires() {
    FlowContext ctx = new FlowContext(Map.of("user-id", "42", "team", "a&b=c é"));
    String query = links.sign(ctx, NOW.plus(Duration.ofMinutes(5)));

    assertThat(check(query, NOW))
        .isEqualTo(
            new InstallLinks.Verification(
                InstallLinks.Verdict.VALID, ctx, null, NOW.plus(Duration.ofMinutes(5))));
    assertThat(check(query, NOW.plus(Duration.ofMinutes(5))).verdict())
        .isEqualTo(InstallLinks.Verdict.EXPIRED);
  }

  @Test
  void aTamperedContextOrExpiryIsInvalid() {
    String query = links.sign(FlowContext.of("user-id", "42"), NOW.plusSeconds(300));
    String otherCtx =
        links.sign(FlowContext.of("user-id", "666"), NOW.plusSeconds(300)).split("&")[0];

    assertThat(check(otherCtx + query.substring(query.indexOf("&exp")), NOW).verdict())
        .isEqualTo(InstallLinks.Verdict.INVALID);
    assertThat(check(query.replaceFirst("exp=\\d+", "exp=9999999999"), NOW).verdict())
        .isEqualTo(InstallLinks.Verdict.INVALID);
    assertThat(check(query + "&sig=x", NOW).verdict()).isEqualTo(InstallLinks.Verdict.INVALID);
  }

  @Test
  void aLinkSignedWithAnotherSecretIsInvalid() {
    InstallLinks other =
        new InstallLinks("another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8));
    String query = other.sign(FlowContext.of("user-id", "42"), NOW.plusSeconds(300));

    assertThat(check(query, NOW).verdict()).isEqualTo(InstallLinks.Verdict.INVALID);
  }

  @Test
  void noLinkParametersMeansAPlainInstall() {
    assertThat(check("", NOW))
        .isEqualTo(
            new InstallLinks.Verification(
                InstallLinks.Verdict.ABSENT, FlowContext.empty(), null, null));
    assertThat(check("ctx=abc", NOW).verdict()).isEqualTo(InstallLinks.Verdict.INVALID);
  }

  @Test
  void aClaimLinkNeverVerifiesAsAnInstallLinkNorTheReverse() {
    String claim = links.signClaim(FlowContext.of("bot-id", "b-1"), NOW.plusSeconds(300));
    String install = links.sign(FlowContext.of("bot-id", "b-1"), NOW.plusSeconds(300));
    String installWithId =
        links.signSingleUse(FlowContext.of("bot-id", "b-1"), NOW.plusSeconds(300));

    assertThat(links.verify(claim, NOW).verdict()).isEqualTo(InstallLinks.Verdict.INVALID);
    assertThat(links.verifyClaim(install, NOW).verdict()).isEqualTo(InstallLinks.Verdict.INVALID);
    assertThat(links.verifyClaim(installWithId, NOW).verdict())
        .isEqualTo(InstallLinks.Verdict.INVALID);
    assertThat(links.verifyClaim(claim, NOW).verdict()).isEqualTo(InstallLinks.Verdict.VALID);
  }

  @Test
  void aSingleUseLinkCarriesItsIdUnderTheSignature() {
    String once = links.signSingleUse(FlowContext.of("user-id", "42"), NOW.plusSeconds(300));
    InstallLinks.Verification v = links.verify(once, NOW);

    assertThat(v.verdict()).isEqualTo(InstallLinks.Verdict.VALID);
    assertThat(v.linkId()).matches("[A-Za-z0-9_-]{22}");
    assertThat(
            links
                .verify(once.replaceFirst("jti=[^&]+", "jti=AAAAAAAAAAAAAAAAAAAAAA"), NOW)
                .verdict())
        .isEqualTo(InstallLinks.Verdict.INVALID);
    assertThat(links.verify(once.replaceFirst("&jti=[^&]+", ""), NOW).verdict())
        .isEqualTo(InstallLinks.Verdict.INVALID);
  }

  @Test
  void linksLiveMinutesByDefaultAndLongerOnlyWhenConfigured() {
    String hour = links.sign(FlowContext.of("user-id", "42"), NOW.plus(Duration.ofHours(1)));
    InstallLinks lenient =
        new InstallLinks(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            Duration.ofHours(2));

    assertThat(links.maxValidity()).isEqualTo(Duration.ofMinutes(15));
    assertThat(links.verify(hour, NOW).verdict()).isEqualTo(InstallLinks.Verdict.EXPIRED);
    assertThat(lenient.verify(hour, NOW).verdict()).isEqualTo(InstallLinks.Verdict.VALID);
  }
}
