package dev.notionoauth.server;

import dev.notionoauth.Plugins;
import dev.notionoauth.server.internal.ConfigNode;
import dev.notionoauth.server.internal.DocumentsReader;
import dev.notionoauth.server.internal.NotionSectionReader;
import dev.notionoauth.server.internal.ServerSectionReader;
import dev.notionoauth.server.internal.StoreSectionReader;
import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a YAML configuration file into a validated {@link ServerConfig}, reporting every problem at
 * once, each with its key path.
 *
 * <p>String values may use {@code ${VAR}} and {@code ${VAR:-default}} to read the environment
 * ({@code $$} is a literal {@code $}). Relative file paths are resolved against the config file's
 * folder. Unknown keys are errors: a typo must not be ignored.
 *
 * <p>One reader per section ({@link NotionSectionReader}, {@link ServerSectionReader}, {@link
 * StoreSectionReader}, {@link DocumentsReader}) fills a {@link ServerConfigBuilder} through a
 * {@link ConfigNode}, which knows each value's key path; the builder checks each value and the
 * whole; this class adds what needs the plugins (are the named consumer and view there?).
 *
 * <pre>
 * notion:
 *   client-id: ${NOTION_CLIENT_ID}
 *   client-secret: ${NOTION_CLIENT_SECRET}     # or client-secret-file: /run/secrets/notion
 *   redirect-uri: https://example.com/notion/callback
 *   api-base-url: https://api.notion.com       # default
 *   version: 2026-03-11                        # default
 * server:
 *   host: 0.0.0.0
 *   port: 8443
 *   base-path: ""
 *   install-path: /notion/install
 *   callback-path: /notion/callback
 *   tls: { keystore: tls.p12, keystore-password: ${TLS_PASSWORD} }
 *   trusted-proxies: [127.0.0.1]
 * store:
 *   jdbc-url: jdbc:sqlite:./data/notion-oauth.db   # default; or jdbc:postgresql://…
 *   encryption-key: ${NOTION_OAUTH_ENCRYPTION_KEY}  # base64 of 32 bytes, or encryption-key-file
 * consumer: store                                   # default
 * view: default
 * settings: { product-name: Acme }
 * documents:
 *   /terms: docs/terms-of-use.md
 *   /privacy: { file: docs/privacy.html, content-type: text/html }
 * webhooks:
 *   enabled: true                                  # default false; needs an encryption key
 *   path: /notion/webhooks                         # default
 *   consumers: [log]                               # default; webhook consumer plugins
 * api:
 *   enabled: true                                  # default false; /api/v1 for the app's backends
 *   port: 8081                                     # default 0: on the main port; else only here
 *   host: 127.0.0.1                                # default; the API port's interface
 *   audit-retention: 30d                           # default; how long API calls are audited
 * console:
 *   enabled: true                                  # default false; the operator console, /console
 * app-events:                                      # off unless url and secret are set
 *   url: https://app.example.com/notion-events
 *   secret: ${APP_EVENTS_SECRET}                   # whsec_…, shared with the app
 * </pre>
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads and validates a file, reading the process environment.
   *
   * @throws ConfigException listing every problem
   */
  public static ServerConfig load(Path file) {
    return load(file, System.getenv(), Plugins.discover());
  }

  /**
   * Loads and validates a file.
   *
   * @param file the YAML file
   * @param env the environment for {@code ${VAR}}
   * @param plugins the plugins names are checked against
   * @throws ConfigException listing every problem
   */
  public static ServerConfig load(Path file, Map<String, String> env, Plugins plugins) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  file.toString(), "cannot read the file (" + ConfigNode.describe(e) + ")")));
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, dir == null ? Path.of(".") : dir, env, plugins, file.toString());
  }

  /**
   * Parses and validates YAML text.
   *
   * @param yaml the text
   * @param baseDir the folder relative paths are resolved against
   * @param env the environment for {@code ${VAR}}
   * @param plugins the plugins names are checked against
   * @param source names the text in file-level problems
   * @throws ConfigException listing every problem
   */
  public static ServerConfig parse(
      String yaml, Path baseDir, Map<String, String> env, Plugins plugins, String source) {
    JsonNode root;
    try {
      root = YAMLMapper.builder().build().readTree(yaml);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      String where = line < 1 ? "" : " at line " + line;
      throw new ConfigException(
          List.of(new ConfigProblem(source, "is not valid YAML" + where + hint(yaml, line))));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ConfigException(List.of(new ConfigProblem(source, "is empty")));
    }
    if (!root.isObject()) {
      throw new ConfigException(
          List.of(new ConfigProblem(source, "must be a mapping of sections (notion, server, …)")));
    }
    List<ConfigProblem> problems = new ArrayList<>();
    ServerConfigBuilder config = read(ConfigNode.root(root, env, baseDir, problems));
    crossCheck(config, plugins, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config.build();
  }

  private static ServerConfigBuilder read(ConfigNode root) {
    ServerConfigBuilder config = ServerConfig.builder();
    NotionSectionReader.read(root.section("notion"), config);
    ServerSectionReader.read(root.section("server"), config);
    StoreSectionReader.read(root.section("store"), config);
    root.string("consumer", config::consumer);
    root.string("view", config::view);
    root.list("listeners", config::listeners);
    root.apply("settings", () -> config.settings(root.freeMap("settings")));
    DocumentsReader.read(root.section("documents"), config);
    ConfigNode webhooks = root.section("webhooks");
    webhooks.bool("enabled", config::webhooksEnabled);
    webhooks.string("path", config::webhookPath);
    webhooks.integer("max-body-bytes", config::webhookMaxBodyBytes);
    webhooks.integer("max-concurrent-reads", config::webhookMaxConcurrentReads);
    webhooks.duration("read-timeout", config::webhookReadTimeout);
    webhooks.bool("deliver-unaddressed-to-workspace", config::webhookDeliverUnaddressedToWorkspace);
    webhooks.list("consumers", config::webhookConsumers);
    webhooks.integer("max-attempts", config::webhookMaxAttempts);
    webhooks.duration("retry-delay", config::webhookRetryDelay);
    webhooks.duration("delivery-timeout", config::webhookDeliveryTimeout);
    ConfigNode api = root.section("api");
    api.bool("enabled", config.api()::enabled);
    api.integer("port", config.api()::port);
    api.string("host", config.api()::host);
    api.duration("audit-retention", config.api()::auditRetention);
    api.integer("failed-auth-per-minute", config.api()::failedAuthPerMinute);
    api.integer("max-body-bytes", config.api()::maxBodyBytes);
    ConfigNode limits = api.section("notion-limits");
    limits.integer("per-installation", config.api()::perInstallation);
    limits.integer("installation-burst", config.api()::installationBurst);
    limits.integer("per-workspace", config.api()::perWorkspace);
    limits.integer("workspace-burst", config.api()::workspaceBurst);
    ConfigNode console = root.section("console");
    console.bool("enabled", config.console()::enabled);
    console.duration("session-idle", config.console()::sessionIdle);
    console.duration("session-max", config.console()::sessionMax);
    console.string("trusted-header", config.console()::trustedHeader);
    ConfigNode events = root.section("app-events");
    events.string("url", config.appEvents()::url);
    events
        .secret("secret", "secret-file")
        .ifPresent(s -> events.apply(s.key(), () -> config.appEvents().secret(s.text())));
    events.list("events", config.appEvents()::types);
    events.integer("max-attempts", config.appEvents()::maxAttempts);
    events.duration("retry-delay", config.appEvents()::retryDelay);
    root.finish();
    return config;
  }

  /**
   * The builder's checks of the whole, where no value at that key path was refused already (an
   * invalid secret is not also "required"), and the plugin names.
   */
  private static void crossCheck(
      ServerConfigBuilder config, Plugins plugins, List<ConfigProblem> problems) {
    for (ConfigProblem p : config.problems()) {
      if (problems.stream().noneMatch(q -> q.path().startsWith(p.path()))) {
        problems.add(p);
      }
    }
    List<PluginNames<?>> named =
        List.of(
            new PluginNames<>(TokenConsumer.class, "consumer", List.of(config.consumerName())),
            new PluginNames<>(ResponseView.class, "view", List.of(config.viewName())),
            new PluginNames<>(InstallationListener.class, "listeners[]", config.listenerNames()),
            new PluginNames<>(
                WebhookConsumer.class, "webhooks.consumers[]", config.webhookConsumerNames()));
    for (PluginNames<?> n : named) {
      for (int i = 0; i < n.names().size(); i++) {
        String at = n.path().replace("[]", "[" + i + "]");
        plugins
            .missing(n.type(), n.names().get(i))
            .ifPresent(why -> problems.add(new ConfigProblem(at, why)));
      }
    }
  }

  /** The plugin names configured at a key path ({@code []}: a list, reported item by item). */
  private record PluginNames<T>(Class<T> type, String path, List<String> names) {}

  /** A hint for the common mistake of an unquoted {@code ${VAR}} inside a {@code [...]} list. */
  private static String hint(String yaml, int lineNr) {
    List<String> lines = yaml.lines().toList();
    for (int i = Math.max(0, lineNr - 2); i < Math.min(lines.size(), lineNr + 1); i++) {
      if (lines.get(i).matches(".*\\[[^\\]]*\\$\\{.*")) {
        return " (a ${...} inside [ ] must be quoted, like [\"${OLD_KEY}\"], or written as a \"- \""
            + " list)";
      }
    }
    return "";
  }
}
