package dev.notionoauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void retryAfterIsSecondsOrAnHttpDateAndNothingElse() {
    assertThat(Backoff.parseRetryAfter("3")).hasSeconds(3);
    assertThat(Backoff.parseRetryAfter(" 0 ")).isZero();
    assertThat(Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    assertThat(Backoff.parseRetryAfter("-5")).isNull();
    assertThat(Backoff.parseRetryAfter("abc")).isNull();
    assertThat(Backoff.parseRetryAfter("")).isNull();
    assertThat(Backoff.parseRetryAfter(null)).isNull();
  }
}
