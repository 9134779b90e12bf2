package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.webhook.WebhookEnvelope;
import dev.notionoauth.webhook.WebhookMessage;
import dev.notionoauth.webhook.WebhookMessageTest;
import dev.notionoauth.webhook.WebhookSignature;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every parser that reads what the outside world sends, fed {@link SeededFuzzer#iterations()}
 * mutated inputs each: nothing escapes but the documented exception, no secret appears in any
 * message, and what parses serialises back to the same value.
 */
class ParsersFuzzTest {
  static final String SECRET = "CANARY-client-secret-7f3a";
  static final String TOKEN = "ntn_CANARYtoken9d2e";
  static final String REFRESH = "nrt_CANARYrefresh41c";

  static final String TOKEN_JSON =
      "{\"access_token\":\""
          + TOKEN
          + "\",\"token_type\":\"bearer\",\"refresh_token\":\""
          + REFRESH
          + "\",\"bot_id\":\"b3414d65-1224-4f5a-b1c8-3c2a8d1f0e10\","
          + "\"workspace_id\":\"a5cd917a-a3d7-4a41-b9c5-c9d1b0c5c7e5\",\"workspace_name\":\"W é\","
          + "\"workspace_icon\":null,\"owner\":{\"type\":\"user\",\"user\":{\"object\":\"user\","
          + "\"id\":\"c3b6f0a4-0000-4000-8000-000000000001\",\"name\":\"Ada\",\"type\":\"person\","
          + "\"person\":{\"email\":\"ada@example.org\"}}},\"duplicated_template_id\":null,"
          + "\"request_id\":\"0a1b2c3d-0000-4000-8000-000000000001\"}";

  static void noSecretIn(String text) {
    assertThat(text).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain(REFRESH);
  }

  /** A token response parses and round-trips, or fails with its own exception; never leaks. */
  static void tokenResponseHolds(String json) {
    try {
      TokenResponse t = TokenResponse.fromJson(json);
      assertThat(TokenResponse.fromJson(t.toJson())).isEqualTo(t);
      noSecretIn(t.toString());
    } catch (NotionInvalidResponseException e) {
      noSecretIn(String.valueOf(e.getMessage()));
    }
  }

  /** An introspect response parses and round-trips, or fails with its own exception. */
  static void introspectResponseHolds(String json) {
    try {
      IntrospectResponse r = IntrospectResponse.fromJson(json);
      assertThat(IntrospectResponse.fromJson(r.toJson())).isEqualTo(r);
    } catch (NotionInvalidResponseException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  /** Any error body yields an error with a well-formed code that round-trips and never leaks. */
  static void errorBodyHolds(String body) {
    NotionError e = NotionError.parse(429, body, "hdr");
    assertThat(e.code()).matches("[a-z][a-z0-9_]{0,63}");
    assertThat(NotionError.parse(429, e.toJson(), null)).isEqualTo(e);
    noSecretIn(new NotionApiException(e).getMessage());
  }

  /** A binding cookie or state parses only when it is exactly one, and then to itself. */
  static void bindingAndStateHold(String text) {
    BrowserBinding.parse(text).ifPresent(b -> assertThat(b.value()).isEqualTo(text));
    State.parse(text).ifPresent(s -> assertThat(s.value()).isEqualTo(text));
  }

  /**
   * Any query verifies as an install or claim link only with exactly the context that was signed
   * ({@code signed} for install links, {@code bot-id=b1} for claims); nothing throws.
   */
  static void linkHolds(InstallLinks links, Instant now, FlowContext signed, String query) {
    InstallLinks.Verification v = links.verify(query, now);
    InstallLinks.Verification c = links.verifyClaim(query, now);
    if (v.verdict() == InstallLinks.Verdict.VALID) {
      assertThat(v.context()).isEqualTo(signed);
    }
    if (c.verdict() == InstallLinks.Verdict.VALID) {
      assertThat(c.context()).isEqualTo(FlowContext.of("bot-id", "b1"));
    }
  }

  /** A flow whose client secret is {@link #SECRET}, for callback fuzzing (Notion unreachable). */
  static NotionOAuthFlow flowForFuzzing() {
    NotionOAuthClient client =
        NotionOAuthClient.create(
            NotionOAuthSettings.builder()
                .clientId("00000000-0000-4000-8000-00000000c11e")
                .clientSecret(SECRET)
                .redirectUri("https://app.example/notion/callback")
                .apiBaseUrl(URI.create("http://127.0.0.1:9"))
                .build());
    return NotionOAuthFlow.builder(client).build();
  }

  /** Any callback query yields an outcome (never an exception) that holds no secret. */
  static void callbackHolds(NotionOAuthFlow flow, String query, String cookie) {
    CallbackOutcome outcome = flow.handleCallback(query, cookie).outcome();
    assertThat(outcome).isNotNull();
    noSecretIn(outcome.toString());
  }

  static final WebhookVerificationToken WEBHOOK_TOKEN =
      new WebhookVerificationToken("secret_CANARYwebhook5b1");

  /**
   * Any webhook body either parses (a handshake, or an event that round-trips) or fails with the
   * documented exception, whose message never holds the token; and a body signs and verifies, while
   * a signature of anything else does not.
   */
  static void webhookBodyHolds(byte[] body) {
    try {
      WebhookMessage m = WebhookMessage.parse(body);
      if (m instanceof WebhookEnvelope e) {
        assertThat(WebhookEnvelope.fromJson(e.toJson())).isEqualTo(e);
      }
    } catch (NotionInvalidResponseException e) {
      assertThat(String.valueOf(e.getMessage())).doesNotContain("CANARY");
    }
    String signature = WebhookSignature.of(WEBHOOK_TOKEN, body);
    assertThat(WebhookSignature.verify(WEBHOOK_TOKEN, body, signature)).isTrue();
  }

  /** Any signature header verifies only when it is the body's signature. */
  static void webhookSignatureHolds(String header) {
    byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    boolean valid = WebhookSignature.verify(WEBHOOK_TOKEN, body, header);
    assertThat(valid).isEqualTo(header.equalsIgnoreCase(WebhookSignature.of(WEBHOOK_TOKEN, body)));
  }

  @Test
  void webhookBodiesAndSignaturesNeverThrowButTheDocumentedException() {
    SeededFuzzer.run(
        "webhook body",
        List.of(
            WebhookMessageTest.EVENT,
            "{\"verification_token\":\"secret_CANARYwebhook5b1\"}",
            "{\"id\":\"e2\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"workspace_id\":\"w\","
                + "\"type\":\"x.y\",\"entity\":{\"id\":\"x\",\"type\":\"block\"}}"),
        text -> webhookBodyHolds(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    SeededFuzzer.run(
        "webhook signature header",
        List.of(
            WebhookSignature.of(
                WEBHOOK_TOKEN, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "sha256=",
            ""),
        ParsersFuzzTest::webhookSignatureHolds);
  }

  @Test
  void theCallbackQueryNeverThrowsAndNeverEchoesASecret() {
    NotionOAuthFlow flow = flowForFuzzing();
    FlowStart start = flow.start(FlowContext.of("user-id", "42"), null);
    String state = start.authorizeUrl().getRawQuery().replaceAll(".*state=([^&]+).*", "$1");
    String cookie = start.binding().value();
    List<String> seeds =
        List.of(
            "code=0b4b0f9e-1d5c-4b4e-9b1a-0c6f7d1e2a3b&state="
                + State.generate(new SecureRandom()).value(),
            "error=access_denied&state=" + state,
            "code=abc&state=" + state + "&iss=x",
            "code=%41%42&state=%2F");

    int n = SeededFuzzer.run("callback query", seeds, q -> callbackHolds(flow, q, cookie));
    assertThat(n).isGreaterThanOrEqualTo(SeededFuzzer.DEFAULT);
  }

  @Test
  void theTokenResponseReaderThrowsOnlyItsOwnExceptionAndRoundTrips() {
    SeededFuzzer.run(
        "token response",
        List.of(TOKEN_JSON, TOKEN_JSON.replace("\"" + REFRESH + "\"", "null")),
        ParsersFuzzTest::tokenResponseHolds);
  }

  @Test
  void theIntrospectAndErrorReadersNeverLeakAndTheErrorReaderNeverThrows() {
    SeededFuzzer.run(
        "introspect response",
        List.of("{\"active\":true,\"scope\":\"read\",\"iat\":1700000000}", "{\"active\":false}"),
        ParsersFuzzTest::introspectResponseHolds);
    SeededFuzzer.run(
        "error body",
        List.of(
            "{\"object\":\"error\",\"status\":429,\"code\":\"rate_limited\",\"message\":\"slow\","
                + "\"request_id\":\"r1\",\"additional_data\":{\"rate_limit_reason\":\"workspace\"}}",
            "{\"error\":\"invalid_grant\",\"error_description\":\"" + TOKEN + "\"}",
            "<html>502</html>"),
        ParsersFuzzTest::errorBodyHolds);
  }

  @Test
  void installAndClaimLinksNeverThrowAndNeverVerifyAlteredContext() {
    InstallLinks links = new InstallLinks("0123456789abcdef0123456789abcdef".getBytes());
    Instant now = Instant.now();
    FlowContext ctx = new FlowContext(Map.of("user-id", "42", "account-label", "ada@acme"));
    String install = links.sign(ctx, now.plusSeconds(300));
    String once = links.signSingleUse(ctx, now.plusSeconds(300));
    String claim = links.signClaim(FlowContext.of("bot-id", "b1"), now.plusSeconds(300));
    SeededFuzzer.run(
        "install and claim links",
        List.of(install, once, claim, ""),
        q -> linkHolds(links, now, ctx, q));
  }

  @Test
  void theBindingCookieAndStateParsersNeverThrow() {
    String binding = BrowserBinding.generate(new SecureRandom()).value();
    String state = State.generate(new SecureRandom()).value();
    SeededFuzzer.run(
        "binding cookie and state",
        List.of(binding, state, ""),
        ParsersFuzzTest::bindingAndStateHold);
  }

  @Test
  void theClaimCookieNeverThrowsAndLeadsOnlyToTheSignedBot() {
    InstallLinks links = new InstallLinks("0123456789abcdef0123456789abcdef".getBytes());
    ClaimHandoff handoff =
        new ClaimHandoff("https://app.example/claim", links, java.time.Clock.systemUTC());
    String header = handoff.setCookieHeader("b1", true);
    String cookie = header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    SeededFuzzer.run(
        "claim cookie",
        List.of(cookie, ""),
        text ->
            handoff
                .claimPageFor(text)
                .ifPresent(
                    url -> {
                      String q = url.substring(url.indexOf('?') + 1);
                      assertThat(links.verifyClaim(q, Instant.now()).context())
                          .isEqualTo(FlowContext.of("bot-id", "b1"));
                    }));
  }
}
