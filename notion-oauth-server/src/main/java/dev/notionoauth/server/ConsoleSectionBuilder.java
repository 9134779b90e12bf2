package dev.notionoauth.server;

import java.time.Duration;

/**
 * The {@code console} section's builder: the operator console (off by default) and its sessions'
 * timeouts. Used through {@link ServerConfigBuilder} and {@code ConfigLoader}.
 */
final class ConsoleSectionBuilder {
  private boolean enabled;
  private Duration sessionIdle = Duration.ofMinutes(30);
  private Duration sessionMax = Duration.ofHours(12);
  private @org.jspecify.annotations.Nullable String trustedHeader;

  void enabled(boolean value) {
    this.enabled = value;
  }

  void sessionIdle(Duration value) {
    this.sessionIdle = within(value, Duration.ofMinutes(1), Duration.ofDays(1));
  }

  void sessionMax(Duration value) {
    this.sessionMax = within(value, Duration.ofMinutes(5), Duration.ofDays(7));
  }

  void trustedHeader(String value) {
    if (!value.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("must be a header name like X-Forwarded-User");
    }
    this.trustedHeader = value;
  }

  @org.jspecify.annotations.Nullable
  String trustedHeader() {
    return trustedHeader;
  }

  private static Duration within(Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  boolean enabled() {
    return enabled;
  }

  ServerConfig.Console build() {
    return new ServerConfig.Console(enabled, sessionIdle, sessionMax, trustedHeader);
  }
}
