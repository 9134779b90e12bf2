package dev.notionoauth.server.internal;

import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.server.ServerConfigBuilder;

/** Reads the {@code server} section: where and how the server listens, and its routes. */
public final class ServerSectionReader {
  private ServerSectionReader() {}

  /** Reads {@code node} into {@code config}. */
  public static void read(ConfigNode node, ServerConfigBuilder config) {
    node.string("host", config::host);
    node.integer("port", config::port);
    node.string("base-path", config::basePath);
    node.string("install-path", config::installPath);
    node.string("callback-path", config::callbackPath);
    node.string("result-path", config::resultPath);
    if (node.has("tls")) {
      tls(node.section("tls"), config);
    }
    node.list("trusted-proxies", config::trustedProxies);
    node.string("client-address-header", config::clientAddressHeader);
    node.string("install-link-secret", config::installLinkSecret);
    node.duration("install-link-max-validity", config::installLinkMaxValidity);
    node.bool("require-install-link", config::requireInstallLink);
    node.bool("seal-states", config::sealStates);
    node.duration("shutdown-timeout", config::shutdownTimeout);
    node.bool("landing-page", config::landingPage);
    node.string("site-name", config::siteName);
    node.string("unbound-installs", config::unboundInstalls);
    node.integer("install-rate-limit", config::installRateLimit);
    node.integer("unbound-rate-limit", config::unboundRateLimit);
    node.integer("max-concurrent-exchanges", config::maxConcurrentExchanges);
    node.integer("max-connections", config::maxConnections);
    node.duration("idle-timeout", config::idleTimeout);
    node.integer("request-header-size", config::requestHeaderSize);
    node.list("metrics-from", config::metricsFrom);
    node.integer("management-port", config::managementPort);
    node.string("management-host", config::managementHost);
  }

  /** {@code server.tls}: a PKCS12 keystore, or a PEM certificate and key. */
  private static void tls(ConfigNode tls, ServerConfigBuilder config) {
    var keystore = tls.file("keystore");
    var password = tls.string("keystore-password");
    var certificate = tls.file("certificate");
    var key = tls.file("private-key");
    if (keystore.isPresent() && (certificate.isPresent() || key.isPresent())) {
      tls.problem("", "give keystore, or certificate and private-key, not both");
    } else if (keystore.isPresent()) {
      tls.apply(
          "", () -> config.tls(ServerConfig.Tls.keystore(keystore.get(), password.orElse(""))));
    } else if (certificate.isPresent() && key.isPresent()) {
      tls.apply("", () -> config.tls(ServerConfig.Tls.pem(certificate.get(), key.get())));
    } else {
      tls.problem("", "needs keystore (PKCS12), or certificate and private-key (PEM)");
    }
  }
}
