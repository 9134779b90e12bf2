package dev.notionoauth.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.IntrospectResponse;
import dev.notionoauth.NotionInvalidResponseException;
import dev.notionoauth.WebhookVerificationToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class WebhookMessageTest {
  /** A well-formed page.created event, as Notion delivers it (also a fuzz seed elsewhere). */
  public static final String EVENT =
      "{\"id\":\"367cba44-b6f3-4c92-81e7-6a2e9659efd4\",\"timestamp\":\"2024-12-05T23:55:34.285Z\","
          + "\"workspace_id\":\"13950b26-c203-4f3b-b97d-93ec06319565\",\"workspace_name\":\"Quantify Labs\","
          + "\"subscription_id\":\"29d75c0d-5546-4414-8459-7b7a92f1fc4b\","
          + "\"integration_id\":\"0ef2e755-4912-8096-91c1-00376a88a5ca\",\"type\":\"page.content_updated\","
          + "\"authors\":[{\"id\":\"c7c11cca-1d73-471d-9b6e-bdef51470190\",\"type\":\"person\"},"
          + "{\"id\":\"a1\",\"type\":\"bot\"}],"
          + "\"accessible_by\":[{\"id\":\"556a1abf-4f08-40c6-878a-75890d2a88ba\",\"type\":\"person\"},"
          + "{\"id\":\"1a8e1c8c-0000-4000-8000-000000000b07\",\"type\":\"bot\"}],"
          + "\"attempt_number\":2,\"api_version\":\"2025-09-03\","
          + "\"entity\":{\"id\":\"153104cd-477e-809d-8dc4-ff2d96ae3090\",\"type\":\"page\"},"
          + "\"data\":{\"parent\":{\"id\":\"p1\",\"type\":\"space\"},\"updated_blocks\":[{\"id\":\"b1\",\"type\":\"block\"}]}}";

  private static WebhookMessage parse(String body) {
    return WebhookMessage.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEventParsesEveryEnvelopeFieldAndRoundTrips() {
    WebhookEnvelope e = (WebhookEnvelope) parse(EVENT);

    assertThat(e.type()).isEqualTo("page.content_updated");
    assertThat(e.category()).isEqualTo("page");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-12-05T23:55:34.285Z"));
    assertThat(e.attemptNumber()).isEqualTo(2);
    assertThat(e.authors()).hasSize(2);
    assertThat(e.accessibleBy().orElseThrow())
        .contains(new WebhookEnvelope.Actor("1a8e1c8c-0000-4000-8000-000000000b07", "bot"));
    assertThat(e.entity())
        .isEqualTo(new WebhookEnvelope.Entity("153104cd-477e-809d-8dc4-ff2d96ae3090", "page"));
    assertThat(e.data()).contains("\"updated_blocks\"");
    assertThat(WebhookEnvelope.fromJson(e.toJson())).isEqualTo(e);
  }

  @Test
  void anUnknownTypeAndAMinimalEnvelopeAreKept() {
    WebhookEnvelope e =
        (WebhookEnvelope)
            parse(
                "{\"id\":\"e2\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"workspace_id\":\"w\","
                    + "\"type\":\"meeting_notes.created\",\"entity\":{\"id\":\"x\",\"type\":\"block\"}}");

    assertThat(e.category()).isEqualTo("meeting_notes");
    assertThat(e.attemptNumber()).isEqualTo(1);
    assertThat(e.accessibleBy()).isEmpty();
    assertThat(e.data()).isEqualTo("{}");
    assertThat(WebhookEnvelope.fromJson(e.toJson())).isEqualTo(e);
  }

  @Test
  void onlyABodyWhoseSoleFieldIsTheTokenIsAHandshake() {
    assertThat(parse("{\"verification_token\":\"secret_abc\"}"))
        .isEqualTo(new WebhookMessage.Handshake(new WebhookVerificationToken("secret_abc")));
    assertThatThrownBy(
            () -> parse("{\"verification_token\":\"secret_abc\",\"type\":\"page.created\"}"))
        .isInstanceOf(NotionInvalidResponseException.class);
    assertThatThrownBy(() -> parse("{\"verification_token\":42}"))
        .isInstanceOf(NotionInvalidResponseException.class);
    assertThatThrownBy(() -> parse("{\"verification_token\":\"bad\u0001token\"}"))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessageNotContaining("bad");
  }

  @Test
  void aBadBodyIsRefusedWithoutEchoingIt() {
    for (String body :
        List.of(
            "",
            "[]",
            "not json secret_cnry7q",
            "{\"id\":\"e\",\"timestamp\":\"yesterday\",\"workspace_id\":\"w\",\"type\":\"t\",\"entity\":{\"id\":\"x\",\"type\":\"y\"}}",
            "{\"id\":\"e\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"workspace_id\":\"w\",\"type\":\"t\"}",
            "{\"id\":\"e\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"workspace_id\":\"w\",\"type\":\"t\",\"entity\":{\"id\":\"x\",\"type\":\"y\"},\"attempt_number\":0}",
            "{\"id\":\"e\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"workspace_id\":\"w\",\"type\":\"t\",\"entity\":{\"id\":\"x\",\"type\":\"y\"},\"accessible_by\":{\"id\":\"b\"}}")) {
      assertThatThrownBy(() -> parse(body))
          .isInstanceOf(NotionInvalidResponseException.class)
          .satisfies(
              t -> assertThat(t.getMessage()).doesNotContain("cnry7q").doesNotContain("yesterday"));
    }
    assertThatThrownBy(() -> WebhookMessage.parse(new byte[] {'{', '"', (byte) 0xff, '"', '}'}))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void anIntegerBeyond64BitsIsRefusedAsInvalidNotLeakedAsAJacksonError() {
    String huge = "5".repeat(70);
    assertThatThrownBy(
            () ->
                parse(
                    "{\"id\":\"e\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"workspace_id\":\"w\","
                        + "\"type\":\"t\",\"entity\":{\"id\":\"x\",\"type\":\"y\"},\"attempt_number\":"
                        + huge
                        + "}"))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessageContaining("64-bit");
    assertThatThrownBy(() -> IntrospectResponse.fromJson("{\"active\":true,\"iat\":" + huge + "}"))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessageNotContaining(huge);
  }
}
