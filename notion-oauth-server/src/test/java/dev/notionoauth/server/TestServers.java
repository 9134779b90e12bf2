package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Builds configurations for servers under test, pointed at an emulator. */
final class TestServers {
  private TestServers() {}

  /** The configuration with another redirect URI (a public one), registered at the emulator. */
  static ServerConfigBuilder withRedirect(
      ServerConfigBuilder config, NotionEmulator notion, String redirect) {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
    return config.redirectUri(redirect);
  }

  static int freePort() {
    return dev.notionoauth.testkit.FreePorts.any();
  }

  /**
   * A configuration on a port with the emulator as Notion, the landing page on, and a new SQLite
   * store with a random key; tests change what they need on the builder.
   */
  static ServerConfigBuilder config(NotionEmulator notion, int port) {
    String redirect = "http://localhost:" + port + "/notion/callback";
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
    return ServerConfig.builder()
        .clientId(NotionEmulator.DEFAULT_CLIENT_ID)
        .clientSecret(NotionEmulator.DEFAULT_CLIENT_SECRET)
        .redirectUri(redirect)
        .apiBaseUrl(notion.baseUrl().toString())
        .port(port)
        .landingPage(true)
        .shutdownTimeout(Duration.ofSeconds(5))
        .jdbcUrl("jdbc:sqlite:" + tempDir().resolve("store.db"))
        .encryptionKey(canaryKey());
  }

  /**
   * A fresh random encryption key whose base64 text starts with the canary marker, so the canary
   * scan after the suite finds it wherever it leaked.
   */
  static String canaryKey() {
    return NotionEmulator.CANARY
        + EncryptionKeys.generateBase64().substring(NotionEmulator.CANARY.length());
  }

  /** A document of the test resources' {@code config/docs} folder. */
  static ServerConfig.Document document(String name) {
    return ServerConfig.Document.of(
        ConfigLoaderTest.fixture("valid-minimal.yaml").getParent().resolve("docs").resolve(name),
        null);
  }

  /** The log file's text once it contains {@code expected} (access lines follow the response). */
  static String awaitLog(String expected) throws IOException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    String text = "";
    while (System.nanoTime() < deadline) {
      text = java.nio.file.Files.readString(logFile(), java.nio.charset.StandardCharsets.UTF_8);
      if (text.contains(expected)) {
        return text;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return text;
  }

  private static Path tempDir() {
    try {
      return java.nio.file.Files.createTempDirectory("notion-store");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path logFile() {
    return Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/server-tests.log"));
  }

  /**
   * What every response of ours carries, whatever its status (catalogue P4): the script-free CSP
   * that forbids framing, the other security headers, no server version, and for a page a UTF-8
   * type and no stack trace.
   */
  static void assertSecurityHeaders(java.net.http.HttpResponse<String> r) {
    assertThat(r.headers().firstValue("content-security-policy").orElseThrow())
        .contains("frame-ancestors 'none'")
        .doesNotContain("script-src 'self'")
        .doesNotContain("unsafe-eval");
    assertThat(r.headers().firstValue("x-frame-options")).contains("DENY");
    assertThat(r.headers().firstValue("referrer-policy")).contains("no-referrer");
    assertThat(r.headers().firstValue("x-content-type-options")).contains("nosniff");
    assertThat(r.headers().firstValue("server")).isEmpty();
    assertThat(r.headers().firstValue("x-powered-by")).isEmpty();
    assertThat(r.headers().firstValue("strict-transport-security")).isEmpty();
    if (r.statusCode() != 302 && r.statusCode() != 303) {
      assertThat(r.headers().firstValue("content-type").orElseThrow())
          .containsIgnoringCase("charset=utf-8");
      assertThat(r.body())
          .doesNotContain("Exception")
          .doesNotContain("at org.")
          .doesNotContain("<script");
    }
  }

  /**
   * The operator's configuration file beside a test server: the same SQLite store in {@code dir}
   * and the same encryption key, plus {@code extra} YAML; its path, for the CLI's {@code --config}.
   */
  static String operatorConfig(
      java.nio.file.Path dir, NotionEmulator notion, String encryptionKey, String extra)
      throws java.io.IOException {
    java.nio.file.Path file = dir.resolve("notion-oauth-handler.yaml");
    java.nio.file.Files.writeString(
        file,
        "notion:\n  client-id: "
            + NotionEmulator.DEFAULT_CLIENT_ID
            + "\n  client-secret: "
            + NotionEmulator.DEFAULT_CLIENT_SECRET
            + "\n  redirect-uri: http://localhost:9/notion/callback\n  api-base-url: "
            + notion.baseUrl()
            + "\nserver:\n  port: 9\nstore:\n  jdbc-url: jdbc:sqlite:"
            + dir.resolve("store.db")
            + "\n  encryption-key: "
            + encryptionKey
            + "\n"
            + extra);
    return file.toString();
  }

  /** The configuration with the API on its own port ({@code api.port}). */
  static ServerConfigBuilder withApiPort(ServerConfigBuilder config, int apiPort) {
    config.api().port(apiPort);
    return config;
  }
}
