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

  private static java.nio.file.Path yaml(String extra) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("app-events", ".yaml");
    java.nio.file.Files.writeString(
        file,
        "notion:\n  client-id: c\n  client-secret: s\n"
            + "  redirect-uri: http://localhost:8080/notion/callback\n"
            + "store:\n  encryption-key: "
            + TestServers.canaryKey()
            + "\n"
            + extra);
    return file;
  }

  @Test
  void appEventsAreOffUntilAUrlAndASecretAreBothSetAndEachIsChecked() throws Exception {
    assertThat(ConfigLoader.load(yaml("")).appEvents()).isNull();
    String secret = dev.notionoauth.appevent.StandardWebhooksSigner.generateSecret();
    ServerConfig on =
        ConfigLoader.load(
            yaml(
                "app-events:\n  url: https://app.example.com/events\n  secret: "
                    + secret
                    + "\n  events: [installation.created]\n  max-attempts: 3\n"));
    assertThat(on.appEvents().url()).hasToString("https://app.example.com/events");
    assertThat(on.appEvents().types())
        .containsExactly(dev.notionoauth.appevent.AppEventType.INSTALLATION_CREATED);
    assertThat(on.appEvents().maxAttempts()).isEqualTo(3);
    assertThat(on.appEvents().signer()).hasToString("***");

    ConfigException bad =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    yaml(
                        "app-events:\n  url: http://app.example.com/events\n"
                            + "  secret: not-a-secret\n  events: [installation.exploded]\n")));
    assertThat(bad.getMessage())
        .contains("app-events.url")
        .contains("https")
        .contains("app-events.secret")
        .contains("whsec_")
        .contains("app-events.events")
        .doesNotContain("not-a-secret");
    ConfigException half =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.load(yaml("app-events:\n  url: https://app.example.com/e\n")));
    assertThat(half.getMessage()).contains("secret is missing");
  }

  @Test
  void forwardingNotionsWebhookEventsIsOptInAndNeedsWebhooksOn() throws Exception {
    String secret = dev.notionoauth.appevent.StandardWebhooksSigner.generateSecret();
    String events =
        "app-events:\n  url: https://app.example.com/events\n  secret: " + secret + "\n";
    assertThat(ConfigLoader.load(yaml(events)).appEvents().types())
        .doesNotContain(dev.notionoauth.appevent.AppEventType.NOTION_WEBHOOK)
        .contains(dev.notionoauth.appevent.AppEventType.INSTALLATION_CREATED);
    ConfigException withoutWebhooks =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.load(yaml(events + "  events: [notion.webhook]\n")));
    assertThat(withoutWebhooks.getMessage())
        .contains("app-events.events")
        .contains("webhooks.enabled");
  }
}
