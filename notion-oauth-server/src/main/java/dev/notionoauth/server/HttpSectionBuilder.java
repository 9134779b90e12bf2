package dev.notionoauth.server;

import dev.notionoauth.InstallLinks;
import dev.notionoauth.UnboundInstallPolicy;
import dev.notionoauth.server.internal.TlsMaterial;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code server} section's builder: every default of the section, once, and each value's rule
 * (a setter throws {@link IllegalArgumentException} with a message naming no key; the YAML reader
 * adds the key path). Used through {@link ServerConfigBuilder}.
 */
final class HttpSectionBuilder {
  private String host = "127.0.0.1";
  private int port = 8080;
  private String basePath = "";
  private String installPath = "/notion/install";
  private String callbackPath = "/notion/callback";
  private String resultPath = "/notion/result";
  private ServerConfig.@Nullable Tls tls;
  private List<String> trustedProxies = List.of();
  private boolean clientAddressFromForwarded;
  private @Nullable String installLinkSecret;
  private Duration installLinkMaxValidity = InstallLinks.DEFAULT_MAX_VALIDITY;
  private boolean requireInstallLink;
  private boolean sealStates = true;
  private Duration shutdownTimeout = Duration.ofSeconds(20);
  private boolean landingPage;
  private String siteName = "Notion integration";
  private UnboundInstallPolicy unboundInstalls = UnboundInstallPolicy.REJECT;
  private int installRateLimit = 60;
  private int unboundRateLimit = 120;
  private int maxConcurrentExchanges = 16;
  private int maxConnections = 1000;
  private Duration idleTimeout = Duration.ofSeconds(30);
  private int requestHeaderSize = 8 * 1024;
  private List<String> metricsFrom = List.of("127.0.0.1", "::1");
  private int managementPort;
  private String managementHost = "127.0.0.1";

  /** {@code host}, default {@code 127.0.0.1}. */
  HttpSectionBuilder host(String value) {
    this.host = value;
    return this;
  }

  /** {@code port}, default 8080; 0 picks a free port. */
  HttpSectionBuilder port(int value) {
    this.port = ConfigChecks.inRange(value, 0, 65535);
    return this;
  }

  /** {@code base-path}, default empty: a prefix for every route, like {@code /oauth}. */
  HttpSectionBuilder basePath(String value) {
    if (value.isEmpty() || value.equals("/")) {
      this.basePath = "";
    } else if (ConfigChecks.ROUTE
        .matcher(value.endsWith("/") ? value.substring(0, value.length() - 1) : value)
        .matches()) {
      this.basePath = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    } else {
      throw new IllegalArgumentException("must be empty or a path like /oauth");
    }
    return this;
  }

  /** {@code install-path}, default {@code /notion/install}. */
  HttpSectionBuilder installPath(String value) {
    this.installPath = ConfigChecks.route(value, "/notion/install");
    return this;
  }

  /** {@code callback-path}, default {@code /notion/callback}. */
  HttpSectionBuilder callbackPath(String value) {
    this.callbackPath = ConfigChecks.route(value, "/notion/callback");
    return this;
  }

  /** {@code result-path}, default {@code /notion/result}. */
  HttpSectionBuilder resultPath(String value) {
    this.resultPath = ConfigChecks.route(value, "/notion/result");
    return this;
  }

  /** {@code tls}: its material is loaded now, so a bad keystore fails here. */
  HttpSectionBuilder tls(ServerConfig.Tls value) {
    TlsMaterial.load(value);
    this.tls = value;
    return this;
  }

  /** {@code trusted-proxies}, default none. */
  HttpSectionBuilder trustedProxies(List<String> value) {
    this.trustedProxies = ConfigChecks.addresses(value);
    return this;
  }

  /**
   * {@code client-address-header}: {@code x-forwarded-for} (default) or {@code forwarded}, the
   * header our trusted proxies append the client's address to.
   */
  HttpSectionBuilder clientAddressHeader(String value) {
    switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "x-forwarded-for" -> this.clientAddressFromForwarded = false;
      case "forwarded" -> this.clientAddressFromForwarded = true;
      default -> throw new IllegalArgumentException("must be x-forwarded-for or forwarded");
    }
    return this;
  }

  /** {@code install-link-secret}: base64 of at least 32 bytes shared with the host app. */
  HttpSectionBuilder installLinkSecret(String base64) {
    InstallLinks.fromBase64(base64); // the rule, checked now
    this.installLinkSecret = base64;
    return this;
  }

  /**
   * {@code install-link-max-validity}: the longest a signed link may live, default 15 minutes, at
   * most a day.
   */
  HttpSectionBuilder installLinkMaxValidity(Duration value) {
    if (value.isNegative()
        || value.isZero()
        || value.toSeconds() > InstallLinks.MAX_VALIDITY_SECONDS) {
      throw new IllegalArgumentException("must be between 1s and 24h");
    }
    this.installLinkMaxValidity = value;
    return this;
  }

  /** {@code seal-states}, default true. */
  HttpSectionBuilder sealStates(boolean value) {
    this.sealStates = value;
    return this;
  }

  /** {@code require-install-link}, default false. */
  HttpSectionBuilder requireInstallLink(boolean value) {
    this.requireInstallLink = value;
    return this;
  }

  /** {@code shutdown-timeout}, default 20 s. */
  HttpSectionBuilder shutdownTimeout(Duration value) {
    this.shutdownTimeout = value;
    return this;
  }

  /** {@code landing-page}, default false. */
  HttpSectionBuilder landingPage(boolean value) {
    this.landingPage = value;
    return this;
  }

  /** {@code site-name}, default "Notion integration". */
  HttpSectionBuilder siteName(String value) {
    this.siteName = value;
    return this;
  }

  /** {@code unbound-installs}: {@code reject} (default) or {@code accept-unbound}. */
  HttpSectionBuilder unboundInstalls(String value) {
    if (value.equals("reject")) {
      this.unboundInstalls = UnboundInstallPolicy.REJECT;
    } else if (value.equals("accept-unbound")) {
      this.unboundInstalls = UnboundInstallPolicy.ACCEPT;
    } else {
      throw new IllegalArgumentException("must be reject or accept-unbound");
    }
    return this;
  }

  /** {@code install-rate-limit}, default 60 per minute and address; 0 for none. */
  HttpSectionBuilder installRateLimit(int value) {
    this.installRateLimit = ConfigChecks.inRange(value, 0, 100_000);
    return this;
  }

  /** {@code unbound-rate-limit}, default 120 per minute for the whole server. */
  HttpSectionBuilder unboundRateLimit(int value) {
    this.unboundRateLimit = ConfigChecks.inRange(value, 1, 100_000);
    return this;
  }

  /** {@code max-concurrent-exchanges}, default 16. */
  HttpSectionBuilder maxConcurrentExchanges(int value) {
    this.maxConcurrentExchanges = ConfigChecks.inRange(value, 1, 1000);
    return this;
  }

  /** {@code max-connections}, default 1000. */
  HttpSectionBuilder maxConnections(int value) {
    this.maxConnections = ConfigChecks.inRange(value, 10, 1_000_000);
    return this;
  }

  /** {@code idle-timeout}, default 30 s. */
  HttpSectionBuilder idleTimeout(Duration value) {
    this.idleTimeout = value;
    return this;
  }

  /** {@code request-header-size}, default 8 KiB (1 KiB to 64 KiB). */
  HttpSectionBuilder requestHeaderSize(int value) {
    this.requestHeaderSize = ConfigChecks.inRange(value, 1024, 64 * 1024);
    return this;
  }

  /** {@code management-port}, default 0 (off): {@code /metrics} and {@code /readyz} there. */
  HttpSectionBuilder managementPort(int value) {
    this.managementPort = ConfigChecks.inRange(value, 0, 65535);
    return this;
  }

  /** {@code management-host}, default {@code 127.0.0.1}. */
  HttpSectionBuilder managementHost(String value) {
    this.managementHost = value;
    return this;
  }

  /** {@code metrics-from}, default loopback only; empty turns {@code /metrics} off. */
  HttpSectionBuilder metricsFrom(List<String> value) {
    this.metricsFrom = ConfigChecks.addresses(value);
    return this;
  }

  /** Whether clients reach this server only over TLS or through a trusted proxy or loopback. */
  int port() {
    return port;
  }

  int managementPort() {
    return managementPort;
  }

  boolean hasTrustedProxies() {
    return !trustedProxies.isEmpty();
  }

  boolean protectedTransport() {
    return tls != null || !trustedProxies.isEmpty() || loopback(host);
  }

  /** Whether a listening host is loopback only. */
  static boolean loopback(String host) {
    return host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost");
  }

  String basePath() {
    return basePath;
  }

  String installPath() {
    return installPath;
  }

  String callbackPath() {
    return callbackPath;
  }

  String resultPath() {
    return resultPath;
  }

  boolean requireInstallLink() {
    return requireInstallLink;
  }

  boolean hasInstallLinkSecret() {
    return installLinkSecret != null;
  }

  /** The section. */
  ServerConfig.Http build() {
    String secret = installLinkSecret;
    return new ServerConfig.Http(
        host,
        port,
        basePath,
        installPath,
        callbackPath,
        resultPath,
        tls,
        trustedProxies,
        clientAddressFromForwarded,
        secret == null ? null : InstallLinks.fromBase64(secret, installLinkMaxValidity),
        requireInstallLink,
        shutdownTimeout,
        landingPage,
        siteName,
        unboundInstalls,
        installRateLimit,
        unboundRateLimit,
        maxConcurrentExchanges,
        maxConnections,
        idleTimeout,
        requestHeaderSize,
        metricsFrom,
        managementPort,
        managementHost,
        sealStates);
  }
}
