package dev.notionoauth.server;

import dev.notionoauth.ClientSecret;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.Plugins;
import dev.notionoauth.UnboundInstallPolicy;
import dev.notionoauth.server.internal.Cidr;
import dev.notionoauth.server.internal.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * </pre>
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\\}");
  private static final Set<String> ROOT_KEYS =
      Set.of("notion", "server", "store", "consumer", "view", "settings", "documents");
  private static final Set<String> STORE_KEYS =
      Set.of(
          "jdbc-url",
          "username",
          "password",
          "pool-size",
          "encryption-key",
          "encryption-key-file",
          "previous-encryption-keys");
  private static final Set<String> NOTION_KEYS =
      Set.of(
          "client-id",
          "client-secret",
          "client-secret-file",
          "redirect-uri",
          "api-base-url",
          "version");
  private static final Set<String> SERVER_KEYS =
      Set.of(
          "host",
          "port",
          "base-path",
          "install-path",
          "callback-path",
          "result-path",
          "tls",
          "trusted-proxies",
          "install-link-secret",
          "require-install-link",
          "shutdown-timeout",
          "max-connections",
          "idle-timeout",
          "metrics-from",
          "landing-page",
          "site-name",
          "unbound-installs",
          "install-rate-limit");
  private static final Set<String> TLS_KEYS =
      Set.of("keystore", "keystore-password", "certificate", "private-key");
  private static final Set<String> DOCUMENT_KEYS = Set.of("file", "content-type");

  private final Map<String, String> env;
  private final Plugins plugins;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private Path baseDir = Path.of(".");

  private ConfigLoader(Map<String, String> env, Plugins plugins) {
    this.env = env;
    this.plugins = plugins;
  }

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
              new ConfigProblem(file.toString(), "cannot read the file (" + describe(e) + ")")));
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
    ConfigLoader loader = new ConfigLoader(env, plugins);
    loader.baseDir = baseDir;
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
    ServerConfig config = loader.read(root);
    if (!loader.problems.isEmpty() || config == null) {
      throw new ConfigException(loader.problems);
    }
    return config;
  }

  // ------------------------------------------------------------------ reading

  private @Nullable ServerConfig read(JsonNode root) {
    allowOnly(root, "", ROOT_KEYS);
    JsonNode notion = section(root, "notion", "notion", true);
    JsonNode server = section(root, "server", "server", false);

    // notion
    String clientId = string(notion, "client-id", "notion.client-id", null);
    String secretText = string(notion, "client-secret", "notion.client-secret", null);
    String secretFile = string(notion, "client-secret-file", "notion.client-secret-file", null);
    ClientSecret clientSecret = null;
    if (secretText != null && secretFile != null) {
      problem("notion.client-secret", "give client-secret or client-secret-file, not both");
    } else if (secretText != null) {
      clientSecret = secret(secretText, "notion.client-secret");
    } else if (secretFile != null) {
      String text = readSecretFile(secretFile, "notion.client-secret-file");
      if (text != null) {
        clientSecret = secret(text, "notion.client-secret-file");
      }
    } else if (notion != null) {
      problem("notion.client-secret", "is required (or client-secret-file)");
    }
    if (notion != null && clientId == null) {
      problem("notion.client-id", "is required");
    }
    String redirectUri = string(notion, "redirect-uri", "notion.redirect-uri", null);
    if (notion != null && redirectUri == null) {
      problem("notion.redirect-uri", "is required");
    }
    String apiBase =
        string(
            notion,
            "api-base-url",
            "notion.api-base-url",
            NotionOAuthSettings.DEFAULT_API_BASE_URL.toString());
    String version =
        string(notion, "version", "notion.version", NotionOAuthSettings.DEFAULT_NOTION_VERSION);

    // server
    String host = string(server, "host", "server.host", "127.0.0.1");
    int port = integer(server, "port", "server.port", 8080, 0, 65535);
    String basePath =
        normalizeBase(string(server, "base-path", "server.base-path", ""), "server.base-path");
    String installPath = route(server, "install-path", "/notion/install");
    String callbackPath = route(server, "callback-path", "/notion/callback");
    String resultPath = route(server, "result-path", "/notion/result");
    if (installPath.equals(callbackPath)
        || installPath.equals(resultPath)
        || callbackPath.equals(resultPath)) {
      problem("server", "install-path, callback-path and result-path must differ");
    }
    ServerConfig.Tls tls = tls(section(server, "tls", "server.tls", false));
    List<String> proxies = stringList(server, "trusted-proxies", "server.trusted-proxies");
    for (int i = 0; i < proxies.size(); i++) {
      if (!Cidr.isValid(proxies.get(i))) {
        problem("server.trusted-proxies[" + i + "]", "is not an IP address or CIDR range");
      }
    }
    String linkSecret = string(server, "install-link-secret", "server.install-link-secret", null);
    boolean requireLink =
        bool(server, "require-install-link", "server.require-install-link", false);
    ServerConfig.InstallLinkSettings links = null;
    if (linkSecret != null) {
      try {
        byte[] key = Base64.getDecoder().decode(linkSecret.strip());
        if (key.length < 32) {
          problem("server.install-link-secret", "must be base64 of at least 32 bytes");
        } else {
          links =
              new ServerConfig.InstallLinkSettings(
                  new ServerConfig.Secret(linkSecret.strip()), requireLink);
        }
      } catch (IllegalArgumentException e) {
        problem("server.install-link-secret", "is not valid base64");
      }
    } else if (requireLink) {
      problem("server.require-install-link", "needs server.install-link-secret");
    }
    Duration shutdown =
        duration(server, "shutdown-timeout", "server.shutdown-timeout", Duration.ofSeconds(20));
    boolean landing = bool(server, "landing-page", "server.landing-page", false);
    String siteName = string(server, "site-name", "server.site-name", "Notion integration");

    String unboundText = string(server, "unbound-installs", "server.unbound-installs", "reject");
    UnboundInstallPolicy unbound = UnboundInstallPolicy.REJECT;
    if ("accept-unbound".equals(unboundText)) {
      unbound = UnboundInstallPolicy.ACCEPT;
    } else if (!"reject".equals(unboundText)) {
      problem("server.unbound-installs", "must be reject or accept-unbound");
    }

    int installRateLimit =
        integer(server, "install-rate-limit", "server.install-rate-limit", 60, 0, 100_000);
    int maxConnections =
        integer(server, "max-connections", "server.max-connections", 1000, 10, 1_000_000);
    Duration idleTimeout =
        duration(server, "idle-timeout", "server.idle-timeout", Duration.ofSeconds(30));
    List<String> metricsFrom =
        server != null && server.has("metrics-from")
            ? stringList(server, "metrics-from", "server.metrics-from")
            : List.of("127.0.0.1", "::1");
    for (int i = 0; i < metricsFrom.size(); i++) {
      if (!Cidr.isValid(metricsFrom.get(i))) {
        problem("server.metrics-from[" + i + "]", "is not an IP address or CIDR range");
      }
    }

    // store
    JsonNode storeNode = section(root, "store", "store", false);
    if (storeNode != null) {
      allowOnly(storeNode, "store", STORE_KEYS);
    }
    String jdbcUrl =
        string(storeNode, "jdbc-url", "store.jdbc-url", "jdbc:sqlite:./data/notion-oauth.db");
    if (jdbcUrl != null
        && !jdbcUrl.startsWith("jdbc:sqlite:")
        && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      problem("store.jdbc-url", "must start with jdbc:sqlite: or jdbc:postgresql:");
    }
    String dbUser = string(storeNode, "username", "store.username", null);
    String dbPassword = string(storeNode, "password", "store.password", null);
    int poolSize =
        integer(
            storeNode,
            "pool-size",
            "store.pool-size",
            jdbcUrl != null && jdbcUrl.startsWith("jdbc:sqlite:") ? 4 : 10,
            1,
            100);
    String keyText = string(storeNode, "encryption-key", "store.encryption-key", null);
    String keyFile = string(storeNode, "encryption-key-file", "store.encryption-key-file", null);
    if (keyText != null && keyFile != null) {
      problem("store.encryption-key", "give encryption-key or encryption-key-file, not both");
      keyText = null;
    } else if (keyFile != null) {
      keyText = readSecretFile(keyFile, "store.encryption-key-file");
    }
    if (keyText != null && !isKey(keyText)) {
      problem(
          keyFile != null ? "store.encryption-key-file" : "store.encryption-key",
          "must be base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)");
      keyText = null;
    }
    List<String> previous =
        stringList(storeNode, "previous-encryption-keys", "store.previous-encryption-keys");
    List<ServerConfig.Secret> previousKeys = new ArrayList<>();
    for (int i = 0; i < previous.size(); i++) {
      if (!isKey(previous.get(i))) {
        problem("store.previous-encryption-keys[" + i + "]", "must be base64 of exactly 32 bytes");
      } else {
        previousKeys.add(new ServerConfig.Secret(previous.get(i).strip()));
      }
    }

    // plugins
    String consumer = string(root, "consumer", "consumer", "store");
    if ("store".equals(consumer)
        && keyText == null
        && !problems.stream().anyMatch(p -> p.path().startsWith("store.encryption-key"))) {
      problem(
          "store.encryption-key",
          "is required by the store consumer: base64 of 32 random bytes (openssl rand -base64"
              + " 32), usually ${NOTION_OAUTH_ENCRYPTION_KEY}, or store.encryption-key-file");
    }
    String view = string(root, "view", "view", "default");
    if (consumer != null && !plugins.hasConsumer(consumer)) {
      problem(
          "consumer",
          "no consumer named '"
              + consumer
              + "'; found: "
              + names(plugins.consumers().stream().map(p -> p.name()).toList()));
    }
    if (view != null && !plugins.hasView(view)) {
      problem(
          "view",
          "no view named '"
              + view
              + "'; found: "
              + names(plugins.views().stream().map(p -> p.name()).toList()));
    }
    Map<String, Object> settings = freeMap(root.get("settings"), "settings");

    // documents
    Map<String, ServerConfig.Document> documents = documents(root.get("documents"));
    for (String path : documents.keySet()) {
      if (path.equals(installPath)
          || path.equals(callbackPath)
          || path.startsWith(resultPath + "/")
          || path.equals("/healthz")
          || path.equals("/readyz")) {
        problem("documents." + path, "collides with a built-in route");
      }
    }

    // cross-checks
    if (redirectUri != null) {
      checkUrl(redirectUri, "notion.redirect-uri");
      try {
        String expected = basePath + callbackPath;
        URI uri = new URI(redirectUri);
        if (uri.getPath() != null && !uri.getPath().equals(expected)) {
          problem(
              "notion.redirect-uri",
              "its path '"
                  + uri.getPath()
                  + "' must be the callback route '"
                  + expected
                  + "' (server.base-path + server.callback-path)");
        }
      } catch (URISyntaxException e) {
        // reported by checkUrl
      }
    }
    URI apiBaseUrl = null;
    if (apiBase != null && checkUrl(apiBase, "notion.api-base-url")) {
      apiBaseUrl = URI.create(apiBase);
    }
    if (version != null && !version.matches("\\d{4}-\\d{2}-\\d{2}")) {
      problem("notion.version", "must look like 2026-03-11");
    }
    if (clientId != null
        && (clientId.isBlank() || clientId.contains(":") || clientId.contains(" "))) {
      problem("notion.client-id", "must be non-blank without ':' or spaces");
    }

    if (!problems.isEmpty()
        || clientId == null
        || clientSecret == null
        || redirectUri == null
        || apiBaseUrl == null
        || version == null
        || host == null
        || consumer == null
        || view == null
        || siteName == null) {
      return null;
    }
    return new ServerConfig(
        new ServerConfig.Notion(clientId, clientSecret, redirectUri, apiBaseUrl, version),
        new ServerConfig.Http(
            host,
            port,
            basePath,
            installPath,
            callbackPath,
            resultPath,
            tls,
            proxies,
            links,
            shutdown,
            landing,
            siteName,
            unbound,
            installRateLimit,
            maxConnections,
            idleTimeout,
            metricsFrom),
        new ServerConfig.Store(
            java.util.Objects.requireNonNull(jdbcUrl),
            dbUser,
            dbPassword == null ? null : new ServerConfig.Secret(dbPassword),
            poolSize,
            keyText == null ? null : new ServerConfig.Secret(keyText),
            previousKeys),
        consumer,
        view,
        settings,
        documents);
  }

  private ServerConfig.@Nullable Tls tls(@Nullable JsonNode tls) {
    if (tls == null) {
      return null;
    }
    allowOnly(tls, "server.tls", TLS_KEYS);
    String keystore = string(tls, "keystore", "server.tls.keystore", null);
    String password = string(tls, "keystore-password", "server.tls.keystore-password", null);
    String certificate = string(tls, "certificate", "server.tls.certificate", null);
    String key = string(tls, "private-key", "server.tls.private-key", null);
    ServerConfig.Tls result;
    if (keystore != null && (certificate != null || key != null)) {
      problem("server.tls", "give keystore, or certificate and private-key, not both");
      return null;
    } else if (keystore != null) {
      result =
          new ServerConfig.Tls(
              resolve(keystore),
              new ServerConfig.Secret(password == null ? "" : password),
              null,
              null);
    } else if (certificate != null && key != null) {
      result = new ServerConfig.Tls(null, null, resolve(certificate), resolve(key));
    } else {
      problem("server.tls", "needs keystore (PKCS12), or certificate and private-key (PEM)");
      return null;
    }
    try {
      TlsMaterial.load(result);
    } catch (IllegalArgumentException e) {
      problem(
          "server.tls", e.getMessage() == null ? "cannot load the TLS material" : e.getMessage());
    }
    return result;
  }

  private Map<String, ServerConfig.Document> documents(@Nullable JsonNode node) {
    Map<String, ServerConfig.Document> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      problem("documents", "must map URL paths to files");
      return out;
    }
    for (String urlPath : node.propertyNames()) {
      String key = "documents." + urlPath;
      if (!urlPath.matches("/[A-Za-z0-9._~/-]*")
          || urlPath.contains("//")
          || urlPath.contains("/..")
          || (urlPath.length() > 1 && urlPath.endsWith("/"))) {
        problem(key, "must be a URL path like /terms");
        continue;
      }
      JsonNode spec = node.get(urlPath);
      String file;
      String contentType = null;
      if (spec.isObject()) {
        allowOnly(spec, key, DOCUMENT_KEYS);
        file = string(spec, "file", key + ".file", null);
        contentType = string(spec, "content-type", key + ".content-type", null);
        if (file == null) {
          problem(key + ".file", "is required");
          continue;
        }
      } else if (spec.isString()) {
        file = substitute(spec.stringValue(), key);
      } else {
        problem(key, "must be a file path or {file, content-type}");
        continue;
      }
      Path path = resolve(file);
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        problem(key, "cannot read file " + path);
        continue;
      }
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      boolean markdown =
          contentType == null && (name.endsWith(".md") || name.endsWith(".markdown"));
      if (contentType == null) {
        if (markdown || name.endsWith(".html") || name.endsWith(".htm")) {
          contentType = "text/html; charset=UTF-8";
        } else if (name.endsWith(".txt")) {
          contentType = "text/plain; charset=UTF-8";
        } else {
          problem(key, "cannot tell the content type of " + name + "; give {file, content-type}");
          continue;
        }
      } else if (!contentType.matches("[a-zA-Z0-9.+-]+/[a-zA-Z0-9.+-]+(;.*)?")) {
        problem(key + ".content-type", "is not a media type");
        continue;
      } else if (contentType.startsWith("text/")
          && !contentType.toLowerCase(Locale.ROOT).contains("charset")) {
        contentType = contentType + "; charset=UTF-8";
      }
      out.put(urlPath, new ServerConfig.Document(path, contentType, markdown));
    }
    return out;
  }

  // ------------------------------------------------------------------ primitives

  private @Nullable JsonNode section(
      @Nullable JsonNode parent, String key, String path, boolean required) {
    JsonNode node = parent == null ? null : parent.get(key);
    if (node == null || node.isNull()) {
      if (required && parent != null) {
        problem(path, "section is required");
      }
      return null;
    }
    if (!node.isObject()) {
      problem(path, "must be a section of keys");
      return null;
    }
    if (key.equals("notion")) {
      allowOnly(node, path, NOTION_KEYS);
    } else if (key.equals("server")) {
      allowOnly(node, path, SERVER_KEYS);
    }
    return node;
  }

  private void allowOnly(JsonNode node, String path, Set<String> keys) {
    for (String name : node.propertyNames()) {
      if (!keys.contains(name)) {
        String full = path.isEmpty() ? name : path + "." + name;
        problem(full, "unknown key" + suggestion(name, keys));
      }
    }
  }

  private static String suggestion(String name, Set<String> keys) {
    String best = null;
    int bestDistance = 4;
    for (String k : keys) {
      int d = distance(name, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best == null
        ? " (known: " + names(keys.stream().sorted().toList()) + ")"
        : " (did you mean '" + best + "'?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private @Nullable String string(
      @Nullable JsonNode parent, String key, String path, @Nullable String def) {
    JsonNode node = parent == null ? null : parent.get(key);
    if (node == null || node.isNull()) {
      return def;
    }
    if (node.isObject() || node.isArray()) {
      problem(path, "must be a single value");
      return def;
    }
    return substitute(node.asString(), path);
  }

  private int integer(
      @Nullable JsonNode parent, String key, String path, int def, int min, int max) {
    String text = string(parent, key, path, null);
    if (text == null) {
      return def;
    }
    try {
      int v = Integer.parseInt(text.strip());
      if (v < min || v > max) {
        problem(path, "must be between " + min + " and " + max);
        return def;
      }
      return v;
    } catch (NumberFormatException e) {
      problem(path, "must be a whole number");
      return def;
    }
  }

  private boolean bool(@Nullable JsonNode parent, String key, String path, boolean def) {
    String text = string(parent, key, path, null);
    if (text == null) {
      return def;
    }
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
        return true;
      case "false":
      case "no":
        return false;
      default:
        problem(path, "must be true or false");
        return def;
    }
  }

  private Duration duration(@Nullable JsonNode parent, String key, String path, Duration def) {
    String text = string(parent, key, path, null);
    if (text == null) {
      return def;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(t));
      }
      if (t.matches("\\d+ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.matches("\\d+[smh]")) {
        return Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
      }
      return Duration.parse(text.strip());
    } catch (DateTimeParseException | NumberFormatException e) {
      problem(path, "must be a duration like 30s, 500ms or 2m");
      return def;
    }
  }

  private List<String> stringList(@Nullable JsonNode parent, String key, String path) {
    JsonNode node = parent == null ? null : parent.get(key);
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      String single = string(parent, key, path, null);
      if (single != null) {
        out.add(single);
      }
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (item.isObject() || item.isArray() || item.isNull()) {
        problem(path + "[" + i + "]", "must be a single value");
      } else {
        out.add(substitute(item.asString(), path + "[" + i + "]"));
      }
    }
    return out;
  }

  private Map<String, Object> freeMap(@Nullable JsonNode node, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      problem(path, "must be a section of keys");
      return out;
    }
    for (String name : node.propertyNames()) {
      out.put(name, plain(node.get(name), path + "." + name));
    }
    return out;
  }

  private Object plain(JsonNode node, String path) {
    if (node.isObject()) {
      return freeMap(node, path);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        list.add(plain(node.get(i), path + "[" + i + "]"));
      }
      return list;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isNull()) {
      return "";
    }
    return substitute(node.asString(), path);
  }

  private String substitute(String value, String path) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = m.group(1);
        String fromEnv = env.get(name);
        if (fromEnv != null && !fromEnv.isEmpty()) {
          replacement = fromEnv;
        } else if (m.group(2) != null) {
          replacement = m.group(2);
        } else {
          problem(path, "environment variable " + name + " is not set");
          replacement = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean isKey(String base64) {
    try {
      return Base64.getDecoder().decode(base64.strip()).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private @Nullable ClientSecret secret(String text, String path) {
    try {
      return new ClientSecret(text);
    } catch (IllegalArgumentException e) {
      problem(path, text.isEmpty() ? "is empty" : "must be printable ASCII");
      return null;
    }
  }

  private boolean checkUrl(String value, String path) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !(scheme.equals("https") || scheme.equals("http"))) {
        problem(path, "must be an absolute https URL");
        return false;
      }
      if (scheme.equals("http") && !isLoopback(uri.getHost())) {
        problem(path, "must use https (plain http only for localhost/127.0.0.1)");
        return false;
      }
      if (uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        problem(path, "must not have a fragment or user info");
        return false;
      }
      return true;
    } catch (URISyntaxException e) {
      problem(path, "is not a valid URL");
      return false;
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
  }

  private String route(@Nullable JsonNode server, String key, String def) {
    String path = "server." + key;
    String value = string(server, key, path, def);
    if (value == null) {
      return def;
    }
    if (!value.matches("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
      problem(path, "must be a path like " + def + " (starting with '/', no trailing '/')");
      return def;
    }
    return value;
  }

  private String normalizeBase(@Nullable String value, String path) {
    if (value == null || value.isEmpty() || value.equals("/")) {
      return "";
    }
    if (!value.matches("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/?")) {
      problem(path, "must be empty or a path like /oauth");
      return "";
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  private Path resolve(String file) {
    Path p = Path.of(file);
    return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
  }

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

  /**
   * A secret's file, stripped; null (and a problem) if unreadable. A file other users may read is
   * accepted with a warning, since it may be shared on purpose (a group-readable mounted secret).
   */
  private @Nullable String readSecretFile(String name, String path) {
    Path p = resolve(name);
    String text;
    try {
      text = Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      problem(path, "cannot read " + p + " (" + describe(e) + ")");
      return null;
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
      if (mode.contains(PosixFilePermission.OTHERS_READ)
          || mode.contains(PosixFilePermission.GROUP_READ)) {
        LOG.warn(
            "{}: {} can be read by other users (mode {}); restrict it with: chmod 600 {}",
            path,
            p,
            PosixFilePermissions.toString(mode),
            p);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // no POSIX permissions here: nothing to warn about
    }
    return text;
  }

  private void problem(String path, String message) {
    problems.add(new ConfigProblem(path, message));
  }

  private static String names(List<String> names) {
    return String.join(", ", names);
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e instanceof java.nio.file.AccessDeniedException
            ? "permission denied"
            : e.getClass().getSimpleName();
  }
}
