package dev.notionoauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotionHttpTest {
  @Test
  void retryAfterIsSecondsOrAnHttpDateAndNothingElse() {
    assertThat(NotionHttp.parseRetryAfter("3")).hasSeconds(3);
    assertThat(NotionHttp.parseRetryAfter(" 0 ")).isZero();
    assertThat(NotionHttp.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    assertThat(NotionHttp.parseRetryAfter("-5")).isNull();
    assertThat(NotionHttp.parseRetryAfter("abc")).isNull();
    assertThat(NotionHttp.parseRetryAfter("")).isNull();
    assertThat(NotionHttp.parseRetryAfter(null)).isNull();
  }
}
