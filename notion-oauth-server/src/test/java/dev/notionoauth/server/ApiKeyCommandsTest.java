package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.apikey.ApiKeySecret;
import dev.notionoauth.apikey.ApiKeys;
import dev.notionoauth.emulator.NotionEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code api-keys} commands run as an operator would, beside a running server that shares their
 * store: a key is printed once on its own line, works at once, is listed without its secret and,
 * once revoked, is refused by the server.
 */
class ApiKeyCommandsTest {
  @TempDir Path dir;

  private final String key = TestServers.canaryKey();

  private String configFile(NotionEmulator notion) throws Exception {
    return TestServers.operatorConfig(dir, notion, key, "api:\n  enabled: true\n");
  }

  private static int status(URI base, String apiKey) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.resolve("/api/v1/installations"))
                .header("Authorization", "Bearer " + apiKey)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aKeyIsShownOnceWorksAtOnceIsListedWithoutItsSecretAndARevokedKeyIsRefused()
      throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .jdbcUrl("jdbc:sqlite:" + dir.resolve("store.db"))
              .encryptionKey(key)
              .apiEnabled(true)
              .build();
      String cfg = configFile(notion);
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        URI base = URI.create("http://localhost:" + port);

        CommandsTest.Run made =
            CommandsTest.run(
                "api-keys",
                "create",
                "--config",
                cfg,
                "--name",
                "billing",
                "--scope",
                "installations:read,tokens:read");
        assertThat(made.code()).isZero();
        List<String> lines = made.out().lines().toList();
        String secret = lines.get(lines.size() - 1);
        assertThat(secret)
            .startsWith(ApiKeySecret.PREFIX)
            .hasSize(ApiKeySecret.PREFIX.length() + 43);
        assertThat(status(base, secret)).isEqualTo(200);

        CommandsTest.Run list = CommandsTest.run("api-keys", "list", "--config", cfg);
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("billing").contains("installations:read tokens:read");
        assertThat(list.out()).doesNotContain(secret).doesNotContain("never"); // used just now

        CommandsTest.Run twice =
            CommandsTest.run(
                "api-keys",
                "create",
                "--config",
                cfg,
                "--name",
                "billing",
                "--scope",
                "tokens:read");
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.err()).contains("exists");

        CommandsTest.Run badScope =
            CommandsTest.run(
                "api-keys", "create", "--config", cfg, "--name", "x", "--scope", "tokens:write");
        assertThat(badScope.code()).isEqualTo(2);
        assertThat(badScope.err()).contains("unknown scope 'tokens:write'");

        assertThat(CommandsTest.run("api-keys", "revoke", "--config", cfg, "billing").code())
            .isZero();
        // the running server believed the key for ApiKeys.REMEMBER_FOR after it last worked
        long until = System.nanoTime() + 3 * ApiKeys.REMEMBER_FOR.toNanos();
        int after = status(base, secret);
        while (after == 200 && System.nanoTime() < until) {
          Thread.sleep(50);
          after = status(base, secret);
        }
        assertThat(after).isEqualTo(401);
        assertThat(CommandsTest.run("api-keys", "revoke", "--config", cfg, "billing").code())
            .isEqualTo(1);
      }
    }
  }
}
