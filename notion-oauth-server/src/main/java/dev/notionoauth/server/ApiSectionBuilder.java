package dev.notionoauth.server;

import dev.notionoauth.ApiLimits;

/**
 * The {@code api} section's builder: the HTTP API (off by default) and Notion's limits, which the
 * proxy and every call the server makes keep ({@code notion-limits}; the defaults of {@link
 * ApiLimits}). Used through {@link ServerConfigBuilder} and {@code ConfigLoader}.
 */
final class ApiSectionBuilder {
  private boolean enabled;
  private int port;
  private String host = "127.0.0.1";
  private java.time.Duration auditRetention = java.time.Duration.ofDays(30);
  private int failedAuthPerMinute = 30;
  private int maxBodyBytes = 1024 * 1024;
  private final ApiLimits defaults = ApiLimits.defaults();
  private double perInstallation = defaults.perInstallation();
  private int installationBurst = defaults.installationBurst();
  private double perWorkspace = defaults.perWorkspace();
  private int workspaceBurst = defaults.workspaceBurst();

  void enabled(boolean value) {
    this.enabled = value;
  }

  void port(int value) {
    this.port = ConfigChecks.inRange(value, 0, 65535);
  }

  void host(String value) {
    this.host = value;
  }

  void auditRetention(java.time.Duration value) {
    if (value.compareTo(java.time.Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("must be at least 1h");
    }
    this.auditRetention = value;
  }

  /** Whether the API's transport is safe for tokens: its own loopback port, else the main one's. */
  boolean protectedTransport(HttpSectionBuilder http) {
    return http.protectedTransport() || (port > 0 && HttpSectionBuilder.loopback(host));
  }

  int port() {
    return port;
  }

  void failedAuthPerMinute(int value) {
    this.failedAuthPerMinute = ConfigChecks.inRange(value, 1, 10_000);
  }

  void maxBodyBytes(int value) {
    this.maxBodyBytes = ConfigChecks.inRange(value, 1024, 16 << 20);
  }

  void perInstallation(int value) {
    this.perInstallation = ConfigChecks.inRange(value, 1, 1_000_000);
  }

  void installationBurst(int value) {
    this.installationBurst = ConfigChecks.inRange(value, 1, 1_000_000);
  }

  void perWorkspace(int value) {
    this.perWorkspace = ConfigChecks.inRange(value, 1, 1_000_000);
  }

  void workspaceBurst(int value) {
    this.workspaceBurst = ConfigChecks.inRange(value, 1, 1_000_000);
  }

  boolean enabled() {
    return enabled;
  }

  ServerConfig.Api build() {
    return new ServerConfig.Api(
        enabled,
        port,
        host,
        failedAuthPerMinute,
        maxBodyBytes,
        ApiLimits.builder()
            .rates(perInstallation, installationBurst, perWorkspace, workspaceBurst)
            .build(),
        auditRetention);
  }
}
