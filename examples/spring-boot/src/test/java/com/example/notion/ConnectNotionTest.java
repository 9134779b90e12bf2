package com.example.notion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example end to end against the Notion emulator: log in, click "Connect Notion", allow on
 * Notion's page, land back in the app, see the workspace listed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConnectNotionTest {
  static final NotionEmulator NOTION = NotionEmulator.start();
  static final int PORT = freePort();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry r) throws IOException {
    String redirect = "http://localhost:" + PORT + "/notion/callback";
    NOTION.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    r.add("server.port", () -> PORT);
    r.add("notion.oauth.client-id", () -> NotionEmulator.DEFAULT_CLIENT_ID);
    r.add("notion.oauth.client-secret", () -> NotionEmulator.DEFAULT_CLIENT_SECRET);
    r.add("notion.oauth.redirect-uri", () -> redirect);
    r.add("notion.oauth.api-base-url", () -> NOTION.baseUrl().toString());
    r.add("notion.oauth.encryption-key", () -> Base64.getEncoder().encodeToString(key));
    r.add("notion.oauth.secure-cookies", () -> "false");
    String db = Files.createTempDirectory("example").resolve("example.db").toString();
    r.add("spring.datasource.url", () -> "jdbc:sqlite:" + db);
  }

  @AfterAll
  static void stop() {
    NOTION.close();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();
  private final List<String> visited = new ArrayList<>();

  /** A GET as a browser makes it: its cookies for the host, redirects followed. */
  private HttpResponse<String> browse(URI uri) throws Exception {
    for (int hops = 0; ; hops++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri);
      Map<String, String> jar = cookies.computeIfAbsent(uri.getHost(), h -> new LinkedHashMap<>());
      if (!jar.isEmpty()) {
        List<String> pairs = new ArrayList<>();
        jar.forEach((k, v) -> pairs.add(k + "=" + v));
        request.header("Cookie", String.join("; ", pairs));
      }
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String set : r.headers().allValues("set-cookie")) {
        String pair = set.split(";", 2)[0];
        jar.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
      visited.add(r.statusCode() + " " + uri.getHost() + uri.getPath());
      if (r.statusCode() / 100 != 3 || hops > 10) {
        return r;
      }
      URI next = uri.resolve(r.headers().firstValue("location").orElseThrow());
      if (next.getPort() == NOTION.baseUrl().getPort() && next.getPath().endsWith("/authorize")) {
        next = NOTION.approve(next); // the person clicks "Allow" on Notion's page
      }
      uri = next;
    }
  }

  @Test
  void aLoggedInUserConnectsAWorkspaceAndSeesItListed() throws Exception {
    URI app = URI.create("http://localhost:" + PORT);
    assertThat(browse(app.resolve("/login?user=alice")).body()).contains("Connect Notion");

    HttpResponse<String> back = browse(app.resolve("/notion/install"));

    assertThat(back.uri().getPath()).isEqualTo("/workspaces");
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).contains("Your Notion workspaces").contains("<li>");
    System.out.println("example flow: " + visited);
  }
}
