package dev.notionoauth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Coverage-guided fuzzing with Jazzer of the JSON readers, the callback query, install and claim
 * links, the binding cookie, and webhook bodies and signatures. In every build these run in
 * regression mode: each input of the checked-in corpus ({@code
 * src/test/resources/dev/notionoauth/JazzerFuzzTestInputs/<method>/}) once. A fuzzing run, which
 * adds what it finds to that corpus: {@code JAZZER_FUZZ=1 ./mvnw -pl notion-oauth-core test
 * -Dtest=JazzerFuzzTest#tokenResponse}. The properties are {@link ParsersFuzzTest}'s; inputs are
 * never null (the API is null-marked).
 */
@org.junit.jupiter.api.condition.EnabledIf(
    value = "runsHere",
    disabledReason =
        "Jazzer's start-up costs seconds: it runs in CI (bash .ci/run) or with -Djazzer=true or"
            + " JAZZER_FUZZ=1")
class JazzerFuzzTest {
  /** In CI, when asked for, or when fuzzing: not in a developer's default build. */
  static boolean runsHere() {
    return Boolean.getBoolean("jazzer")
        || System.getenv("JAZZER_FUZZ") != null
        || System.getenv("NOTION_OAUTH_TESTS_REQUIRE") != null;
  }

  @FuzzTest(maxDuration = "60s")
  void tokenResponse(@NotNull String json) {
    ParsersFuzzTest.tokenResponseHolds(json);
  }

  @FuzzTest(maxDuration = "60s")
  void errorBody(@NotNull String body) {
    ParsersFuzzTest.errorBodyHolds(body);
  }

  @FuzzTest(maxDuration = "60s")
  void introspectResponse(@NotNull String json) {
    ParsersFuzzTest.introspectResponseHolds(json);
  }

  static final NotionOAuthFlow FLOW = ParsersFuzzTest.flowForFuzzing();
  static final String COOKIE = FLOW.start(FlowContext.of("user-id", "42"), null).binding().value();
  static final InstallLinks LINKS =
      new InstallLinks("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  @FuzzTest(maxDuration = "60s")
  void callbackQuery(@NotNull String query) {
    ParsersFuzzTest.callbackHolds(FLOW, query, COOKIE);
  }

  @FuzzTest(maxDuration = "60s")
  void installAndClaimLinks(@NotNull String query) {
    ParsersFuzzTest.linkHolds(LINKS, Instant.now(), FlowContext.of("user-id", "42"), query);
  }

  @FuzzTest(maxDuration = "60s")
  void bindingCookieAndState(@NotNull String text) {
    ParsersFuzzTest.bindingAndStateHold(text);
  }

  @FuzzTest(maxDuration = "60s")
  void webhookBody(@NotNull byte[] body) {
    ParsersFuzzTest.webhookBodyHolds(body);
  }

  @FuzzTest(maxDuration = "60s")
  void webhookSignature(@NotNull String header) {
    ParsersFuzzTest.webhookSignatureHolds(header);
  }

  @FuzzTest(maxDuration = "60s")
  void http1Answer(@NotNull byte[] answer) {
    dev.notionoauth.internal.Http1ResponseFuzzTest.answerHolds(answer);
  }
}
