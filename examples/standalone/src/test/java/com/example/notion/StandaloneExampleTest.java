package com.example.notion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.Plugins;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.server.ConfigLoader;
import dev.notionoauth.server.NotionOAuthServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This folder's configuration, documents and plugin, run by the real server against the Notion
 * emulator: the plugin is found through META-INF/services, the flow completes, the connection is
 * recorded, and the documents are served.
 */
class StandaloneExampleTest {
  @TempDir Path data;

  @Test
  void theServerRunsThisConfigWithThePluginAndRecordsTheConnection() throws Exception {
    assertThat(Plugins.discover().missing(TokenConsumer.class, "store-and-record")).isEmpty();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try (NotionEmulator notion = NotionEmulator.start()) {
      String redirect = "http://localhost:" + port + "/notion/callback";
      notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
      Map<String, String> env =
          Map.of(
              "NOTION_CLIENT_ID", NotionEmulator.DEFAULT_CLIENT_ID,
              "NOTION_CLIENT_SECRET", NotionEmulator.DEFAULT_CLIENT_SECRET,
              "NOTION_REDIRECT_URI", redirect,
              "NOTION_API_BASE_URL", notion.baseUrl().toString(),
              "PORT", Integer.toString(port),
              "DATA_DIR", data.toString(),
              "NOTION_OAUTH_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key));
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  ConfigLoader.load(Path.of("notion-oauth-handler.yaml"), env, Plugins.discover()))
              .build()
              .start()) {
        URI base = URI.create("http://localhost:" + port);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, String> cookies = new LinkedHashMap<>();
        List<String> visited = new ArrayList<>();
        URI next = base.resolve("/notion/install");
        HttpResponse<String> r;
        while (true) {
          HttpRequest.Builder request = HttpRequest.newBuilder(next);
          if (next.getPort() == port && !cookies.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            cookies.forEach((k, v) -> pairs.add(k + "=" + v));
            request.header("Cookie", String.join("; ", pairs));
          }
          r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
          for (String set : r.headers().allValues("set-cookie")) {
            String pair = set.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
          }
          visited.add(r.statusCode() + " " + next.getPath());
          if (r.statusCode() / 100 != 3) {
            break;
          }
          next = next.resolve(r.headers().firstValue("location").orElseThrow());
          if (next.getPort() == notion.baseUrl().getPort()) {
            next = notion.approve(next); // the person allows on Notion's page
          }
        }

        assertThat(r.statusCode()).as(visited.toString()).isEqualTo(200);
        assertThat(r.body()).contains("Connected to Notion");
        List<String> lines = Files.readAllLines(data.resolve("connections.csv"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains(notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID));
        assertThat(server.installations().find(notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID)))
            .isPresent();
        HttpResponse<String> terms =
            http.send(
                HttpRequest.newBuilder(base.resolve("/terms")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(terms.statusCode()).isEqualTo(200);
        assertThat(terms.body()).contains("Terms of Use");
        System.out.println("standalone example flow: " + visited);
      }
    }
  }
}
