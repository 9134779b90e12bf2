package dev.notionoauth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Coverage-guided fuzzing of the JSON readers with Jazzer. In every build these run in regression
 * mode: each input of the checked-in corpus ({@code
 * src/test/resources/dev/notionoauth/JazzerFuzzTestInputs/<method>/}) once. A fuzzing run, which
 * adds what it finds to that corpus: {@code JAZZER_FUZZ=1 ./mvnw -pl notion-oauth-core test
 * -Dtest=JazzerFuzzTest#tokenResponse}. The properties are {@link ParsersFuzzTest}'s; inputs are
 * never null (the API is null-marked).
 */
class JazzerFuzzTest {
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
}
