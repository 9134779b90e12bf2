package dev.notionoauth.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.WebhookVerificationToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  static final WebhookVerificationToken TOKEN =
      new WebhookVerificationToken("secret_cnry7qWebhookToken");
  static final byte[] BODY =
      "{\"id\":\"e1\",\"type\":\"page.created\"}".getBytes(StandardCharsets.UTF_8);

  /** Computed outside Java: Python's hmac.new(token, body, sha256).hexdigest(). */
  static final String KNOWN =
      "sha256=b558814f55330ccf5298a2bbe2bd84663d9b370be8de8ce8906d4c4b608b0ab5";

  @Test
  void theSignatureIsTheHmacSha256OfTheRawBodyKeyedByTheToken() {
    assertThat(WebhookSignature.of(TOKEN, BODY)).isEqualTo(KNOWN);
    assertThat(WebhookSignature.verify(TOKEN, BODY, KNOWN)).isTrue();
    assertThat(WebhookSignature.verify(TOKEN, BODY, KNOWN.toUpperCase())).isTrue();
  }

  @Test
  void aReSerialisedBodyAnotherTokenOrAnyMalformedHeaderDoesNotVerify() {
    byte[] reserialised =
        "{\"id\": \"e1\", \"type\": \"page.created\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(TOKEN, reserialised, KNOWN)).isFalse();
    assertThat(WebhookSignature.verify(new WebhookVerificationToken("secret_other"), BODY, KNOWN))
        .isFalse();
    assertThat(WebhookSignature.verify(TOKEN, BODY, null)).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, BODY, "")).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, BODY, KNOWN.substring(7))).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, BODY, "sha1=" + KNOWN.substring(7))).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, BODY, KNOWN + "0")).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, BODY, KNOWN.substring(0, 70) + "zz")).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, BODY, " " + KNOWN.substring(1))).isFalse();
  }

  @Test
  void theTokenPrintsStarsAndComparesInConstantTime() {
    assertThat(TOKEN.toString()).isEqualTo("WebhookVerificationToken[***]");
    assertThat(TOKEN.sameAs(new WebhookVerificationToken("secret_cnry7qWebhookToken"))).isTrue();
    assertThat(TOKEN.sameAs(new WebhookVerificationToken("secret_cnry7qWebhookTokem"))).isFalse();
  }

  @Test
  void whatTheEmulatorSignsAndSendsVerifiesAndParsesHere() {
    try (dev.notionoauth.emulator.NotionEmulator notion =
        dev.notionoauth.emulator.NotionEmulator.start()) {
      String event =
          notion
              .webhooks()
              .event("comment.created", notion.workspaceId(), "c-1", java.util.List.of("bot-9"), 1);
      byte[] body = event.getBytes(StandardCharsets.UTF_8);
      String header = dev.notionoauth.emulator.WebhookSender.sign(TOKEN.value(), body);

      assertThat(WebhookSignature.verify(TOKEN, body, header)).isTrue();
      WebhookEnvelope parsed = (WebhookEnvelope) WebhookMessage.parse(body);
      assertThat(parsed.category()).isEqualTo("comment");
      assertThat(parsed.workspaceId()).isEqualTo(notion.workspaceId());
      assertThat(parsed.accessibleBy().orElseThrow())
          .containsExactly(new WebhookEnvelope.Actor("bot-9", "bot"));
    }
  }
}
