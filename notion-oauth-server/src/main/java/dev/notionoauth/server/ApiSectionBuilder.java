package dev.notionoauth.server;

import dev.notionoauth.ApiLimits;

/**
 * The {@code api} section's builder: the HTTP API (off by default) and Notion's limits, which the
 * proxy and every call the server makes keep ({@code notion-limits}; the defaults of {@link
 * ApiLimits}). Used through {@link ServerConfigBuilder} and {@code ConfigLoader}.
 */
final class ApiSectionBuilder {
  private boolean enabled;
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
        failedAuthPerMinute,
        maxBodyBytes,
        ApiLimits.builder()
            .rates(perInstallation, installationBurst, perWorkspace, workspaceBurst)
            .build());
  }
}
