package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.Plugins;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  static Path fixture(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(ConfigLoaderTest.class.getResource("/config/" + name), name)
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ServerConfig load(String name, Map<String, String> env) {
    return ConfigLoader.load(fixture(name), env, Plugins.discover());
  }

  static List<ConfigProblem> problems(String name) {
    try {
      load(name, Map.of());
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError(name + " loaded without problems");
  }

  @Test
  void aSecretFileOtherUsersCanReadIsUsedWithAWarningThatNeverShowsTheSecret(@TempDir Path dir)
      throws Exception {
    Path shared = dir.resolve("shared-secret.txt");
    Path own = dir.resolve("own-secret.txt");
    Files.writeString(shared, "shared-secret-CANARY-4711\n");
    Files.writeString(own, "own-secret-CANARY-4712\n");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rw-------"));

    ServerConfig c =
        ConfigLoader.parse(secretFileConfig(shared), dir, Map.of(), Plugins.discover(), "test");
    ConfigLoader.parse(secretFileConfig(own), dir, Map.of(), Plugins.discover(), "test");

    assertThat(c.notion().clientSecret().value()).isEqualTo("shared-secret-CANARY-4711");
    String log = TestServers.awaitLog(shared + " can be read by other users");
    assertThat(log)
        .contains(
            "notion.client-secret-file: "
                + shared
                + " can be read by other users (mode rw-r--r--); restrict it with: chmod 600")
        .doesNotContain(own + " can be read")
        .doesNotContain("CANARY-471");
  }

  private static String secretFileConfig(Path secretFile) {
    return "notion:\n  client-id: abc\n  client-secret-file: "
        + secretFile
        + "\n  redirect-uri: https://example.org/notion/callback\n"
        + "store:\n  encryption-key: cnry7qQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n";
  }

  @Test
  void aMinimalFileGetsEveryDefault() {
    ServerConfig c = load("valid-minimal.yaml", Map.of());

    assertThat(c.notion().apiBaseUrl()).isEqualTo(URI.create("https://api.notion.com"));
    assertThat(c.notion().notionVersion()).isEqualTo("2026-03-11");
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().installPath()).isEqualTo("/notion/install");
    assertThat(c.server().callbackPath()).isEqualTo("/notion/callback");
    assertThat(c.server().maxConnections()).isEqualTo(1000);
    assertThat(c.server().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.server().metricsFrom()).containsExactly("127.0.0.1", "::1");
    assertThat(c.consumer()).isEqualTo("store");
    assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:sqlite:./data/notion-oauth.db");
    assertThat(c.store().poolSize()).isEqualTo(4);
    assertThat(c.store().keys()).isNotNull();
    assertThat(c.server().unboundInstalls()).isEqualTo(dev.notionoauth.UnboundInstallPolicy.REJECT);
    assertThat(c.view()).isEqualTo("default");
    assertThat(c.publicUrlIsHttps()).isTrue();
  }

  @Test
  void readsEveryKeyWithEnvironmentSubstitutionAndFilesRelativeToTheConfig() {
    ServerConfig c = load("valid-full.yaml", Map.of("CLIENT_ID", "from-env"));

    assertThat(c.notion().clientId().value()).isEqualTo("from-env");
    assertThat(c.notion().clientSecret().value()).isEqualTo("file-secret-value");
    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.server().basePath()).isEqualTo("/oauth");
    assertThat(c.server().trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8", "::1");
    assertThat(c.server().shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.server().requestHeaderSize()).isEqualTo(16384);
    assertThat(c.server().installLinks()).isNotNull();
    assertThat(c.settings()).containsEntry("product-name", "Acme");
    assertThat(c.documents()).containsOnlyKeys("/terms", "/privacy", "/notice");
    assertThat(c.documents().get("/terms").markdown()).isTrue();
    assertThat(c.documents().get("/privacy").contentType()).isEqualTo("text/html; charset=UTF-8");
    assertThat(c.documents().get("/notice").contentType()).isEqualTo("text/plain; charset=UTF-8");
    assertThat(c.toString())
        .doesNotContain("file-secret-value")
        .doesNotContain(dev.notionoauth.emulator.NotionEmulator.CANARY);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown-key-typo.yaml|notion.client-secert|unknown key (did you mean 'client-secret'?)",
        "bad-metrics-from.yaml|server.metrics-from[1]|is not an IP address or CIDR range",
        "missing-client-secret.yaml|notion.client-secret|is required (or client-secret-file)",
        "secret-and-secret-file.yaml|notion.client-secret|give client-secret or client-secret-file, not both",
        "http-redirect-uri.yaml|notion.redirect-uri|must use https (plain http only for localhost/127.0.0.1)",
        "redirect-path-not-callback.yaml|notion.redirect-uri|its path '/auth' must be the callback route '/notion/callback' (server.base-path + server.callback-path)",
        "unset-environment-variable.yaml|notion.client-secret|environment variable NOT_SET_ANYWHERE_42 is not set",
        "unknown-consumer.yaml|consumer|no consumer named 'dummy'; found: log, store",
        "port-out-of-range.yaml|server.port|must be between 0 and 65535",
        "unloadable-tls-keystore.yaml|server.tls|cannot open keystore",
        "missing-encryption-key.yaml|store.encryption-key|is required by the store consumer",
        "short-encryption-key.yaml|store.encryption-key|must be base64 of exactly 32 bytes",
        "unknown-store-url.yaml|store.jdbc-url|must start with jdbc:sqlite: or jdbc:postgresql:",
      })
  void reportsEachMistakeWithItsKeyPath(String file, String path, String message) {
    assertThat(problems(file))
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo(path);
              assertThat(p.message()).startsWith(message);
            });
  }

  @Test
  void aMissingDocumentIsAStartupError() {
    assertThat(problems("missing-document-file.yaml"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("documents./terms");
              assertThat(p.message()).startsWith("cannot read file ").endsWith("does-not-exist.md");
            });
  }

  @Test
  void reportsEveryMistakeOfAFileInOneRun() {
    List<ConfigProblem> found = problems("many-mistakes.yaml");

    assertThat(found)
        .extracting(ConfigProblem::path)
        .contains(
            "extra-section",
            "server.colour",
            "notion.client-secret",
            "notion.redirect-uri",
            "notion.api-base-url",
            "notion.version",
            "server.port",
            "server.install-path",
            "server.trusted-proxies[0]",
            "server.shutdown-timeout",
            "consumer",
            "view",
            "documents./../etc/passwd",
            "documents./privacy");
    assertThat(found.size()).isGreaterThanOrEqualTo(14);
  }

  @Test
  void malformedOrEmptyFilesAreOneClearProblem() {
    assertThat(problems("malformed-yaml.yaml"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("is not valid YAML at line"));
    assertThat(problems("unquoted-variable-in-list.yaml"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .startsWith("is not valid YAML at line")
                    .endsWith(
                        "(a ${...} inside [ ] must be quoted, like [\"${OLD_KEY}\"], or written as"
                            + " a \"- \" list)"));
    assertThat(problems("empty.yaml"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("is empty"));
  }

  @Test
  void aMissingFileIsOneClearProblem() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/notion.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "configuration problem: /nonexistent/notion.yaml: cannot read the file (no such file)");
  }

  @Test
  void listenersDefaultToLogAndAnUnknownOneIsAProblemAtItsIndex() {
    String base =
        "notion:\n  client-id: abc\n  client-secret: s\n"
            + "  redirect-uri: https://example.org/notion/callback\nconsumer: log\n";

    assertThat(
            ConfigLoader.parse(base, Path.of("."), Map.of(), Plugins.discover(), "t").listeners())
        .containsExactly("log");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    base + "listeners: [log, pager]\n",
                    Path.of("."),
                    Map.of(),
                    Plugins.discover(),
                    "t"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.path()).isEqualTo("listeners[1]");
                          assertThat(p.message()).startsWith("no listener named 'pager'");
                        }));
  }

  @Test
  void environmentDefaultsAndDollarEscapesWork() {
    ServerConfig c =
        ConfigLoader.parse(
            """
            notion:
              client-id: ${ID:-fallback-id}
              client-secret: pa$$word
              redirect-uri: https://example.com/notion/callback
            consumer: log
            """,
            Path.of("."),
            Map.of(),
            Plugins.discover(),
            "inline");

    assertThat(c.notion().clientId().value()).isEqualTo("fallback-id");
    assertThat(c.notion().clientSecret().value()).isEqualTo("pa$word");
  }
}
