package dev.notionoauth.servlet;

import dev.notionoauth.spi.ApiKeyStore;
import dev.notionoauth.spi.AuditStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the HTTP API under {@code /api/v1} runs, for {@link NotionOAuthComponentsBuilder#api}: where
 * its keys are, the install route's public URL (for the links it signs), its limits and its audit.
 * The standalone server maps its {@code api} section onto it.
 *
 * <pre>{@code
 * ApiSettings api = ApiSettings.builder(jdbc.apiKeyStore(), URI.create("https://oauth.example.com/notion/install"))
 *     .audit(jdbc.auditStore(), Duration.ofDays(30))
 *     .build();
 * }</pre>
 */
public final class ApiSettings {
  private final ApiKeyStore keys;
  private final URI installUrl;
  private final int failedAuthPerMinute;
  private final int maxBodyBytes;
  private final @Nullable AuditStore audit;
  private final Duration auditRetention;

  private ApiSettings(Builder b) {
    this.keys = b.keys;
    this.installUrl = b.installUrl;
    this.failedAuthPerMinute = b.failedAuthPerMinute;
    this.maxBodyBytes = b.maxBodyBytes;
    this.audit = b.audit;
    this.auditRetention = b.auditRetention;
  }

  /**
   * A builder.
   *
   * @param keys where the API keys are kept
   * @param publicInstallUrl the install route as users' browsers reach it
   */
  public static Builder builder(ApiKeyStore keys, URI publicInstallUrl) {
    return new Builder(keys, publicInstallUrl);
  }

  /** Where the API keys are kept. */
  public ApiKeyStore keys() {
    return keys;
  }

  /** The install route as users' browsers reach it. */
  public URI installUrl() {
    return installUrl;
  }

  /** Failed authentications one address may make a minute before 429s. */
  public int failedAuthPerMinute() {
    return failedAuthPerMinute;
  }

  /** The largest request body (and proxied body) accepted. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Where every call is audited, if anywhere. */
  public Optional<AuditStore> audit() {
    return Optional.ofNullable(audit);
  }

  /** How long audit entries are kept. */
  public Duration auditRetention() {
    return auditRetention;
  }

  /** Builds {@link ApiSettings}; each default is held here once. */
  public static final class Builder {
    private final ApiKeyStore keys;
    private final URI installUrl;
    private int failedAuthPerMinute = 30;
    private int maxBodyBytes = 1024 * 1024;
    private @Nullable AuditStore audit;
    private Duration auditRetention = Duration.ofDays(30);

    private Builder(ApiKeyStore keys, URI installUrl) {
      this.keys = keys;
      this.installUrl = installUrl;
    }

    /** Failed authentications one address may make a minute before 429s. Default 30. */
    public Builder failedAuthPerMinute(int value) {
      this.failedAuthPerMinute = value;
      return this;
    }

    /** The largest request body (and proxied body) accepted. Default 1 MiB. */
    public Builder maxBodyBytes(int value) {
      this.maxBodyBytes = value;
      return this;
    }

    /** Audits every call into {@code store}, kept for {@code retention}. Default: no audit. */
    public Builder audit(AuditStore store, Duration retention) {
      this.audit = store;
      this.auditRetention = retention;
      return this;
    }

    /** Builds the settings. */
    public ApiSettings build() {
      return new ApiSettings(this);
    }
  }
}
