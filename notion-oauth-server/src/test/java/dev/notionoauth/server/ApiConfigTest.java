package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP API is off until configured, and never served in clear text to the network. */
class ApiConfigTest {
  @Test
  void withoutApiEnabledNothingAnswersUnderApiV1() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config = TestServers.config(notion, port).build();
      assertThat(config.api().enabled()).isFalse();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        assertThat(server.components().apiServlet()).isEmpty();
        for (String path : List.of("/api/v1/openapi.json", "/api/v1/installations")) {
          HttpResponse<String> r =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                      HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(path).isEqualTo(404);
        }
      }
    }
  }

  @Test
  void theApiOnANetworkAddressNeedsTlsOrATrustedProxy() {
    ServerConfigBuilder open =
        ServerConfig.builder()
            .clientId("c")
            .clientSecret("s")
            .redirectUri("https://example.com/notion/callback")
            .host("0.0.0.0")
            .encryptionKey(TestServers.canaryKey())
            .apiEnabled(true);
    assertThat(open.problems())
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo("api.enabled");
              assertThat(p.message()).contains("TLS").contains("trusted proxy");
            });
    assertThat(open.trustedProxies(List.of("10.0.0.1")).problems())
        .noneSatisfy(p -> assertThat(p.path()).isEqualTo("api.enabled"));
  }

  @Test
  void theApiNeedsTheEncryptionKeyItReadsTokensWith() {
    ServerConfigBuilder keyless =
        ServerConfig.builder()
            .clientId("c")
            .clientSecret("s")
            .redirectUri("http://localhost:8080/notion/callback")
            .consumer("log")
            .apiEnabled(true);
    assertThat(keyless.problems())
        .anySatisfy(p -> assertThat(p.message()).contains("required by the API"));
  }
}
