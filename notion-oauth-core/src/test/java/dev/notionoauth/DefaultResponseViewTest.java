package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DefaultResponseViewTest {
  private final DefaultResponseView view = new DefaultResponseView("Acme Notes", "/notion/install");

  private static TokenResponse token(String workspaceName) {
    return new TokenResponse(
        new AccessToken("ntn_CANARY_TOKEN"),
        "bearer",
        null,
        "b3414d65-1224-4f5a-b1c8-3c2a8d1f0e10",
        "a5cd917a-a3d7-4a41-b9c5-c9d1b0c5c7e5",
        workspaceName,
        "https://tracker.example/icon.png",
        new Owner.Workspace(),
        null,
        null);
  }

  @Test
  void anUnboundInstallsPageOffersTheClaimRouteButNeverTheClaimLinkItself() {
    DefaultResponseView claiming =
        new DefaultResponseView(
            "Acme Notes",
            null,
            new ClaimHandoff(
                "https://app.example/claim", new InstallLinks(new byte[32]), Clock.systemUTC()));

    String body =
        claiming
            .authorized(new CallbackOutcome.Authorized(token("W"), FlowContext.empty(), false))
            .body();

    assertThat(body)
        .contains("href=\"claim\"")
        .doesNotContain("sig=")
        .doesNotContain("app.example");
  }

  @Test
  void successPageNamesTheWorkspaceEscapedAndNeverTheTokenOrIcon() {
    HttpReply reply =
        view.authorized(
            new CallbackOutcome.Authorized(
                token("<img src=x onerror=alert(1)>"), FlowContext.empty()));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<img")
        .doesNotContain("ntn_CANARY")
        .doesNotContain("tracker.example")
        .doesNotContain("<script");
  }

  @Test
  void deniedPageIs403WithAStartAgainLink() {
    HttpReply reply = view.denied(new CallbackOutcome.Denied(FlowContext.empty()));

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.body()).contains("cancelled").contains("href=\"/notion/install\"");
  }

  @ParameterizedTest
  @EnumSource(FailureReason.class)
  void everyFailureHasItsStatusItsMessageAndNoReflection(FailureReason reason) {
    HttpReply reply =
        view.failed(
            new CallbackOutcome.Failed(reason, FlowContext.empty(), "<b>x</b>", "req-1", null));

    assertThat(reply.status()).isEqualTo(reason.httpStatus());
    assertThat(reply.body()).contains(reason.userMessage().substring(0, 20)).contains("req-1");
    assertThat(reply.body()).doesNotContain("<b>x</b>");
    assertThat(reply.headers()).containsEntry("Cache-Control", "no-store");
  }

  @Test
  void rateLimitedFailureCarriesRetryAfter() {
    HttpReply reply =
        view.failed(
            new CallbackOutcome.Failed(
                FailureReason.NOTION_RATE_LIMITED,
                FlowContext.empty(),
                "rate_limited",
                null,
                Duration.ofSeconds(30)));

    assertThat(reply.headers()).containsEntry("Retry-After", "30");
  }

  @Test
  void theInlineStyleIsAllowedByItsHashAndNothingElseIs() throws Exception {
    HttpReply reply = view.denied(new CallbackOutcome.Denied(FlowContext.empty()));
    String css =
        reply
            .body()
            .substring(reply.body().indexOf("<style>") + 7, reply.body().indexOf("</style>"));
    String hash =
        Base64.getEncoder()
            .encodeToString(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(css.getBytes(StandardCharsets.UTF_8)));

    assertThat(reply.headers().get("Content-Security-Policy"))
        .startsWith("default-src 'none'; style-src 'sha256-" + hash + "'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("script-src");
    assertThat(reply.body()).doesNotContain("http://").doesNotContain("https://");
  }
}
