package dev.notionoauth.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
  @Test
  void logSafeTextEscapesLineBreaksAndCapsLength() {
    assertThat(LogSafe.text("a\r\nb")).isEqualTo("a\\u000d\\u000ab");
    assertThat(LogSafe.text("x".repeat(500))).hasSize(201);
  }
}
