package dev.notionoauth.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
  @Test
  void logSafeTextEscapesLineBreaksAndCapsLength() {
    assertThat(LogSafe.text("a\r\nb")).isEqualTo("a\\u000d\\u000ab");
    assertThat(LogSafe.text("x".repeat(500))).hasSize(201);
  }

  @Test
  void c1ControlsAndBidiOverridesAreEscapedSoATerminalShowsWhatIsThere() {
    assertThat(LogSafe.text("a\u009b31mred")).isEqualTo("a\\u009b31mred");
    assertThat(LogSafe.text("evil\u202egnp.exe")).isEqualTo("evil\\u202egnp.exe");
    assertThat(LogSafe.text("x\u2066y\u2069z\u0085")).isEqualTo("x\\u2066y\\u2069z\\u0085");
    assertThat(LogSafe.text("Équipe 東京 ✓")).isEqualTo("Équipe 東京 ✓");
  }
}
