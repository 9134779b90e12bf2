package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Catalogue cases C20, C21, C22, S4 and H2 (docs/security.md): what Notion's error redirect may
 * carry besides {@code error} is never rendered, a {@code redirect_uri} sent to the install route
 * is ignored, and the callback's redirect is not cached and sends no referrer.
 */
class HostileCallbackInputTest {
  @Test
  void errorDescriptionAndErrorUriAreNeverRenderedNorLoggedRaw() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build()).build().start()) {
        URI base = URI.create("http://localhost:" + port);
        HttpBrowser browser = new HttpBrowser();
        URI denied = notion.deny(browser.install(base));
        String hostile =
            denied
                + "&error_description="
                + URLEncoder.encode("<img src=x onerror=alert(1)>", StandardCharsets.UTF_8)
                + "&error_uri="
                + URLEncoder.encode("javascript:alert(1)", StandardCharsets.UTF_8);

        HttpResponse<String> callback = browser.get(URI.create(hostile));
        HttpResponse<String> page = browser.follow(callback);

        assertThat(callback.statusCode()).isEqualTo(303);
        assertThat(callback.headers().firstValue("cache-control")).contains("no-store");
        assertThat(callback.headers().firstValue("referrer-policy")).contains("no-referrer");
        assertThat(page.body())
            .contains("You cancelled the connection")
            .doesNotContain("onerror")
            .doesNotContain("javascript:");
        // C21: a CR/LF in it makes the whole callback malformed: refused, echoed nowhere
        URI withLineBreak =
            URI.create(notion.deny(browser.install(base)) + "&error_description=x%0d%0aFAKE%20LOG");
        HttpResponse<String> refused = browser.follow(browser.get(withLineBreak));
        assertThat(refused.body()).contains("not a valid answer").doesNotContain("FAKE LOG");
        String log = TestServers.awaitLog("\"GET /notion/result/failed-malformed-request");
        assertThat(log).doesNotContain("onerror").doesNotContain("FAKE LOG");
      }
    }
  }

  @Test
  void aRedirectUriSentToTheInstallRouteIsIgnored() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build()).build().start()) {
        HttpResponse<String> r =
            new HttpBrowser()
                .get(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/notion/install?redirect_uri=https%3A%2F%2Fevil.example%2Fcb"));

        URI location = URI.create(r.headers().firstValue("location").orElseThrow());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(location.getHost()).isEqualTo("127.0.0.1");
        assertThat(location.getRawQuery())
            .contains(
                "redirect_uri="
                    + URLEncoder.encode(
                            "http://localhost:" + port + "/notion/callback", StandardCharsets.UTF_8)
                        .replace("+", "%20"))
            .doesNotContain("evil.example");
      }
    }
  }
}
