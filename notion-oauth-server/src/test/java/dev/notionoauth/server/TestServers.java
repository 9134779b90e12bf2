package dev.notionoauth.server;

import dev.notionoauth.Plugins;
import dev.notionoauth.emulator.NotionEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/** Builds configurations for servers under test, pointed at an emulator. */
final class TestServers {
  private TestServers() {}

  /** The same configuration with another redirect URI, registered at the emulator. */
  static ServerConfig withRedirect(ServerConfig c, NotionEmulator notion, String redirect) {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
    ServerConfig.Notion n = c.notion();
    return new ServerConfig(
        new ServerConfig.Notion(
            n.clientId(), n.clientSecret(), redirect, n.apiBaseUrl(), n.version()),
        c.server(),
        c.store(),
        c.consumer(),
        c.view(),
        c.settings(),
        c.documents());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A config on a free port with the emulator as Notion; {@code extra} is appended YAML (server
   * keys go under the {@code server:} written here, so pass them indented by two spaces with a
   * leading "server-extra" marker handled below).
   */
  static ServerConfig config(
      NotionEmulator notion, int port, String serverExtra, String rootExtra) {
    String redirect = "http://localhost:" + port + "/notion/callback";
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
    String yaml =
        "notion:\n"
            + "  client-id: "
            + NotionEmulator.DEFAULT_CLIENT_ID
            + "\n"
            + "  client-secret: "
            + NotionEmulator.DEFAULT_CLIENT_SECRET
            + "\n"
            + "  redirect-uri: "
            + redirect
            + "\n"
            + "  api-base-url: "
            + notion.baseUrl()
            + "\n"
            + "server:\n"
            + "  port: "
            + port
            + "\n"
            + "  landing-page: true\n"
            + "  shutdown-timeout: 5s\n"
            + serverExtra
            + (rootExtra.contains("store:") ? "" : storeSection())
            + rootExtra;
    return ConfigLoader.parse(
        yaml,
        ConfigLoaderTest.fixture("valid-minimal.yaml").getParent(),
        Map.of(),
        Plugins.discover(),
        "test");
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

  /** A store section for a new SQLite file in a temporary folder, with a random key. */
  static String storeSection() {
    try {
      Path dir = java.nio.file.Files.createTempDirectory("notion-store");
      return "store:\n  jdbc-url: jdbc:sqlite:"
          + dir.resolve("store.db")
          + "\n  encryption-key: "
          + dev.notionoauth.store.jdbc.EncryptionKeys.generateBase64()
          + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path logFile() {
    return Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/server-tests.log"));
  }
}
