package dev.notionoauth.server;

import dev.notionoauth.NotionConfigException;
import dev.notionoauth.server.internal.Cidr;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The configuration's rules: each value's shared ones, and what only the whole can tell. */
final class ConfigChecks {
  /** The routes the server serves itself; a document cannot take them. */
  static final List<String> BUILT_IN_ROUTES = List.of("/healthz", "/readyz", "/metrics");

  static final Pattern ROUTE = Pattern.compile("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
  static final Pattern DOCUMENT_PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

  private ConfigChecks() {}

  /**
   * What only the whole configuration can tell, each with its key path: missing required values,
   * colliding routes, a redirect URI that is not the callback route, a required install link
   * without a secret, a {@code store} consumer or webhooks without an encryption key.
   */
  static List<ConfigProblem> problems(ServerConfigBuilder b) {
    List<ConfigProblem> out = new ArrayList<>();
    if (b.clientId() == null) {
      out.add(new ConfigProblem("notion.client-id", "is required"));
    }
    if (b.clientSecret() == null) {
      out.add(new ConfigProblem("notion.client-secret", "is required (or client-secret-file)"));
    }
    if (b.redirectUri() == null) {
      out.add(new ConfigProblem("notion.redirect-uri", "is required"));
    } else {
      String path = URI.create(b.redirectUri()).getPath();
      String expected = b.http().basePath() + b.http().callbackPath();
      if (path != null && !path.equals(expected)) {
        out.add(
            new ConfigProblem(
                "notion.redirect-uri",
                "its path '"
                    + path
                    + "' must be the callback route '"
                    + expected
                    + "' (server.base-path + server.callback-path)"));
      }
    }
    if (b.http().installPath().equals(b.http().callbackPath())
        || b.http().installPath().equals(b.http().resultPath())
        || b.http().callbackPath().equals(b.http().resultPath())) {
      out.add(
          new ConfigProblem("server", "install-path, callback-path and result-path must differ"));
    }
    if (b.http().requireInstallLink() && !b.http().hasInstallLinkSecret()) {
      out.add(new ConfigProblem("server.require-install-link", "needs server.install-link-secret"));
    }
    if (b.consumerName().equals("store") && !b.store().hasEncryptionKey()) {
      out.add(
          new ConfigProblem(
              "store.encryption-key",
              "is required by the store consumer: base64 of 32 random bytes (openssl rand"
                  + " -base64 32), usually ${NOTION_OAUTH_ENCRYPTION_KEY}, or"
                  + " store.encryption-key-file"));
    }
    if (b.webhooks().enabled() && !b.store().hasEncryptionKey()) {
      out.add(
          new ConfigProblem(
              "store.encryption-key",
              "is required by webhooks (the verification token is sealed with it), or set"
                  + " webhooks.enabled: false"));
    }
    if (b.webhooks().path().equals(b.http().installPath())
        || b.webhooks().path().equals(b.http().callbackPath())
        || b.webhooks().path().startsWith(b.http().resultPath() + "/")
        || BUILT_IN_ROUTES.contains(b.webhooks().path())
        || b.documents().containsKey(b.webhooks().path())) {
      out.add(new ConfigProblem("webhooks.path", "collides with another route"));
    }
    if (b.api().enabled() && !b.api().protectedTransport(b.http())) {
      out.add(
          new ConfigProblem(
              "api.enabled",
              "the API hands out tokens: serve it over TLS (server.tls), behind a trusted proxy"
                  + " (server.trusted-proxies), on a loopback server.host or on its own api.port"
                  + " on a loopback api.host"));
    }
    if (b.api().port() > 0
        && (b.api().port() == b.http().port() || b.api().port() == b.http().managementPort())) {
      out.add(new ConfigProblem("api.port", "must differ from server.port and management-port"));
    }
    if (b.console().enabled() && !b.http().protectedTransport()) {
      out.add(
          new ConfigProblem(
              "console.enabled",
              "operators sign in with passwords: serve the console over TLS (server.tls), behind a"
                  + " trusted proxy (server.trusted-proxies) or on a loopback server.host"));
    }
    if (b.console().trustedHeader() != null && !b.http().hasTrustedProxies()) {
      out.add(
          new ConfigProblem(
              "console.trusted-header",
              "is only believed from server.trusted-proxies: list the authenticating proxy there"));
    }
    if (b.api().enabled() && !b.store().hasEncryptionKey()) {
      out.add(
          new ConfigProblem(
              "store.encryption-key",
              "is required by the API (it reads stored tokens), or set api.enabled: false"));
    }
    if (b.appEvents().forwardsWebhooks() && !b.webhooks().enabled()) {
      out.add(
          new ConfigProblem(
              "app-events.events", "notion.webhook needs webhooks.enabled: true to receive any"));
    }
    String events = b.appEvents().problem();
    if (events != null) {
      out.add(new ConfigProblem("app-events", events));
    }
    for (String path : b.documents().keySet()) {
      if (path.equals(b.http().installPath())
          || path.equals(b.http().callbackPath())
          || path.startsWith(b.http().resultPath() + "/")
          || BUILT_IN_ROUTES.contains(path)) {
        out.add(new ConfigProblem("documents." + path, "collides with a built-in route"));
      }
    }
    return out;
  }

  static int inRange(int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  static String route(String value, String example) {
    if (!ROUTE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "must be a path like " + example + " (starting with '/', no trailing '/')");
    }
    return value;
  }

  static List<String> addresses(List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (!Cidr.isValid(values.get(i))) {
        throw new ServerConfig.InvalidItem(i, "is not an IP address or CIDR range");
      }
    }
    return List.copyOf(values);
  }

  static byte[] key(String base64) {
    try {
      return EncryptionKeys.decode(base64);
    } catch (NotionConfigException e) {
      throw new IllegalArgumentException(
          "must be base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)");
    }
  }
}
