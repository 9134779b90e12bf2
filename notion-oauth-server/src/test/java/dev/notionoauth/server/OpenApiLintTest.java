package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document the server serves, without a key, is OpenAPI 3.1 that Redocly's linter
 * (recommended rules, from npm) passes with no error and no warning, and it describes every route.
 */
class OpenApiLintTest {
  @TempDir Path dir;

  @Test
  void theServedDocumentPassesRedoclysLinterAndDescribesEveryRoute() throws Exception {
    NodeChecks.require();
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config = TestServers.config(notion, port).apiEnabled(true).build();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        HttpResponse<String> served =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/openapi.json"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        JsonNode document = JsonMapper.builder().build().readTree(served.body());
        assertThat(document.get("openapi").stringValue()).startsWith("3.1");
        assertThat(document.get("paths").propertyNames())
            .contains(
                "/api/v1/installations",
                "/api/v1/installations/{bot_id}",
                "/api/v1/installations/{bot_id}/revoke",
                "/api/v1/installations/{bot_id}/access-token",
                "/api/v1/installations/{bot_id}/reconnect-link",
                "/api/v1/install-links",
                "/api/v1/notion/{bot_id}/v1/{path}");

        Path file = dir.resolve("openapi.json");
        Files.writeString(file, served.body());
        String report =
            NodeChecks.run(
                120,
                null,
                "node",
                "node_modules/@redocly/cli/bin/cli.js",
                "lint",
                "--format=json",
                file.toAbsolutePath().toString());
        JsonNode totals = JsonMapper.builder().build().readTree(report).get("totals");
        assertThat(totals.get("errors").asInt()).as(report).isZero();
        assertThat(totals.get("warnings").asInt()).as(report).isZero();
      }
    }
  }
}
