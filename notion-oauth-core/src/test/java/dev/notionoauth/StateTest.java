package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void everyGeneratedStateIsDistinctAndDecodesTo32Bytes() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      State s = State.generate(random);
      assertThat(s.value()).hasSize(43);
      assertThat(Base64.getUrlDecoder().decode(s.value())).hasSize(32);
      seen.add(s.value());
    }
    assertThat(seen).hasSize(10_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd",
        "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdEE",
        "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abc.E",
        "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcdE",
        "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 _abcdE",
        "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdF",
        "\"><svg onload=alert(1)>AAAAAAAAAAAAAAAAAAAAA"
      })
  void parsesOnlyTheExactShapeOfAState(String text) {
    assertThat(State.parse(text)).isEmpty();
    assertThat(BrowserBinding.parse(text)).isEmpty();
  }

  @Test
  void hashesAreHexSha256AndDifferFromTheValue() {
    State s = State.generate(random);

    assertThat(s.hash()).hasSize(64).matches("[0-9a-f]{64}").doesNotContain(s.value());
  }

  @Test
  void bindingCookieIsHttpOnlyLaxAndSecureWithTheHostPrefixOverHttps() {
    BrowserBinding b = BrowserBinding.generate(random);

    assertThat(b.setCookieHeader(true, Duration.ofMinutes(10)))
        .isEqualTo(
            "__Host-noh_bind="
                + b.value()
                + "; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure");
    assertThat(b.setCookieHeader(false, Duration.ofMinutes(10)))
        .isEqualTo("noh_bind=" + b.value() + "; Path=/; Max-Age=600; HttpOnly; SameSite=Lax");
  }
}
