package dev.notionoauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
  @Test
  void theBucketRefillsAtTheConfiguredRate() {
    ClientRateLimiter limiter = new ClientRateLimiter(60);
    long t = 0;
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.tryAcquire("a", t)).isZero();
    }
    assertThat(limiter.tryAcquire("a", t)).isEqualTo(1);
    assertThat(limiter.tryAcquire("b", t)).isZero();
    t += 1_000_000_000L; // one second: one more install
    assertThat(limiter.tryAcquire("a", t)).isZero();
    assertThat(limiter.tryAcquire("a", t)).isEqualTo(1);
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    ClientRateLimiter limiter = new ClientRateLimiter(2);

    assertThat(limiter.tryAcquire("2001:db8:1:2::1", 0)).isZero();
    assertThat(limiter.tryAcquire("2001:db8:1:2:ffff::9", 0)).isZero();
    assertThat(limiter.tryAcquire("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 0)).isPositive();
    assertThat(limiter.tryAcquire("2001:db8:1:3::1", 0)).isZero();
    assertThat(ClientRateLimiter.key("203.0.113.5")).isEqualTo("203.0.113.5");
  }
}
