package dev.notionoauth.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.Installation;
import dev.notionoauth.Installations;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.webhook.WebhookEvent;
import dev.notionoauth.webhook.WebhookVerification;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample app with the starter, over real HTTP against the emulator: log in, connect Notion,
 * land on the result page; the app's consumer saw the session's user; a signed webhook reaches the
 * app's webhook consumer with that installation; the tables live in the app's database beside its
 * own.
 */
@SpringBootTest(
    classes = SampleApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "notion.oauth.secure-cookies=false",
      "notion.oauth.webhooks.enabled=true",
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always"
    })
class SampleAppFlowTest {
  static final NotionEmulator NOTION = NotionEmulator.start();
  static final int PORT = freePort();
  static final Path DB = tempDb();

  @Autowired Installations installations;
  @Autowired JdbcTemplate jdbc;
  @Autowired MeterRegistry meters;
  @Autowired WebhookVerification webhookVerification;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry r) {
    String redirect = "http://localhost:" + PORT + "/notion/callback";
    NOTION.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
    r.add("server.port", () -> PORT);
    r.add("notion.oauth.client-id", () -> NotionEmulator.DEFAULT_CLIENT_ID);
    r.add("notion.oauth.client-secret", () -> NotionEmulator.DEFAULT_CLIENT_SECRET);
    r.add("notion.oauth.redirect-uri", () -> redirect);
    r.add("notion.oauth.api-base-url", () -> NOTION.baseUrl().toString());
    r.add("notion.oauth.encryption-key", EncryptionKeys::generateBase64);
    r.add("spring.datasource.url", () -> "jdbc:sqlite:" + DB);
  }

  @AfterAll
  static void stop() {
    NOTION.close();
  }

  private static int freePort() {
    return dev.notionoauth.testkit.FreePorts.any();
  }

  private static Path tempDb() {
    try {
      return Files.createTempDirectory("sample-app").resolve("app.db");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private final HttpBrowser browser = new HttpBrowser();
  private final List<String> urls = new ArrayList<>();

  private HttpResponse<String> get(URI uri) {
    HttpResponse<String> r = browser.get(uri);
    urls.add(r.statusCode() + " GET " + uri.getPath());
    return r;
  }

  private static URI location(HttpResponse<String> r) {
    return HttpBrowser.location(r);
  }

  @Test
  void aLoggedInUserConnectsNotionAndTheAppsBeansSeeTheUserAndTheEvents() throws Exception {
    URI app = URI.create("http://localhost:" + PORT);
    assertThat(get(app.resolve("/notion/install")).statusCode())
        .as("no logged-in user, no install")
        .isEqualTo(400);

    assertThat(get(app.resolve("/login?user=alice")).body()).isEqualTo("hello alice");
    HttpResponse<String> install = get(app.resolve("/notion/install"));
    assertThat(install.statusCode()).isEqualTo(302);
    URI callback = NOTION.approve(location(install));
    HttpResponse<String> afterCallback = get(callback);
    assertThat(afterCallback.statusCode()).isEqualTo(303);
    HttpResponse<String> result = get(location(afterCallback));

    assertThat(result.statusCode()).as(urls.toString()).isEqualTo(200);
    assertThat(result.body()).contains("Connected to Notion");
    assertThat(SampleApp.CONNECTED_USERS).containsExactly("alice");
    List<Installation> mine = installations.findByContext("user-id", "alice");
    assertThat(mine).hasSize(1);
    System.out.println("sample app flow: " + urls);
    assertThat(meters.get("notion.oauth.callbacks").tag("outcome", "authorized").counter().count())
        .as("the flow's meters are in the app's own registry")
        .isEqualTo(1.0);

    URI hook = app.resolve("/notion/webhooks");
    // the operator's steps, through the bean the starter exposes for an admin page
    webhookVerification.open(java.time.Duration.ofMinutes(5));
    String token = NOTION.webhooks().handshake(hook).token();
    assertThat(webhookVerification.candidates())
        .singleElement()
        .satisfies(c -> assertThat(c.token().value()).isEqualTo(token));
    String early = NOTION.webhooks().installedEvent("page.created", "page-0");
    assertThat(NOTION.webhooks().deliver(hook, token, early).status())
        .as("not trusted before it is confirmed")
        .isEqualTo(401);
    assertThat(webhookVerification.confirm(1)).isTrue();
    String event = NOTION.webhooks().installedEvent("page.created", "page-1");
    assertThat(NOTION.webhooks().deliver(hook, token, event).status()).isEqualTo(200);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (SampleApp.EVENTS.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(SampleApp.EVENTS).hasSize(1);
    assertThat(SampleApp.EVENTS.get(0).event()).isInstanceOf(WebhookEvent.Page.class);
    assertThat(SampleApp.EVENTS.get(0).installations())
        .extracting(Installation::botId)
        .containsExactly(mine.get(0).botId());

    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM notion_oauth_schema_history WHERE success = 1",
                Integer.class))
        .isGreaterThanOrEqualTo(5);
    HttpResponse<String> health = get(app.resolve("/actuator/health"));
    assertThat(health.body())
        .contains("\"notionOAuth\"")
        .contains("\"store\":\"reachable\"")
        .contains("UP");
  }
}
