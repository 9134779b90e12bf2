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
import java.nio.file.Path;
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

  /**
   * The app started as its README says: the environment variables it names (given here as
   * properties of those names, which {@code application.properties}' placeholders read the same
   * way; never system properties, which test reports record), and nothing else — its own {@code
   * application.properties}, with the database in {@code ./data/}, which a fresh checkout does not
   * have.
   */
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry r) throws IOException {
    deleteRecursively(Path.of("data"));
    String redirect = "http://localhost:" + PORT + "/notion/callback";
    NOTION.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    Map<String, String> environment =
        Map.of(
            "NOTION_CLIENT_ID", NotionEmulator.DEFAULT_CLIENT_ID,
            "NOTION_CLIENT_SECRET", NotionEmulator.DEFAULT_CLIENT_SECRET,
            "NOTION_OAUTH_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key),
            "NOTION_REDIRECT_URI", redirect,
            "NOTION_API_BASE_URL", NOTION.baseUrl().toString(),
            "NOTION_SECURE_COOKIES", "false",
            "PORT", Integer.toString(PORT));
    environment.forEach((name, value) -> r.add(name, () -> value));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
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
    assertThat(Path.of("data/example.db")).as("created where the properties say").exists();
    System.out.println("example flow: " + visited);
  }
}
