package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.RecordedRequest;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import dev.notionoauth.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances on one PostgreSQL keep one installation within Notion's limit together: calls
 * through both proxies at once reach Notion no faster than one installation's rate and burst (each
 * instance keeping its own buckets would let twice the burst through).
 */
class SharedProxyLimitTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();
  private static final int RATE = 2;
  private static final int BURST = 2;

  private static NotionOAuthServer instance(int port, TestPostgres db, String key) {
    ServerConfigBuilder b =
        TestServers.config(NOTION.emulator(), port)
            .jdbcUrl(db.jdbcUrl())
            .username("postgres")
            .encryptionKey(key)
            .apiEnabled(true);
    b.api().perInstallation(RATE);
    b.api().installationBurst(BURST);
    return NotionOAuthServer.builder(b.build()).build().start();
  }

  @Test
  void callsThroughBothInstancesReachNotionWithinOneInstallationsLimit() throws Exception {
    try (TestPostgres db = TestPostgres.create()) {
      String key = EncryptionKeys.generateBase64();
      int portA = TestServers.freePort();
      int portB = TestServers.freePort();
      try (NotionOAuthServer a = instance(portA, db, key);
          NotionOAuthServer b = instance(portB, db, key)) {
        HttpBrowser browser = new HttpBrowser();
        URI authorize =
            HttpBrowser.location(
                browser.get(URI.create("http://localhost:" + portA + "/notion/install")));
        browser.follow(browser.get(NOTION.emulator().approve(authorize)));
        String botId = NOTION.emulator().botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
        String apiKey =
            a.components()
                .apiKeys()
                .orElseThrow()
                .create("proxy", Set.of(ApiScope.NOTION_PROXY))
                .orElseThrow()
                .secret()
                .reveal();
        NOTION.emulator().clearRequests();

        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          int port = i % 2 == 0 ? portA : portB;
          calls.add(
              http.sendAsync(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://localhost:"
                                  + port
                                  + "/api/v1/notion/"
                                  + botId
                                  + "/v1/users/me"))
                      .header("Authorization", "Bearer " + apiKey)
                      .build(),
                  HttpResponse.BodyHandlers.discarding()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var c : calls) {
          statuses.add(c.get().statusCode());
        }
        // every call either reached Notion or was told to come back later
        assertThat(statuses).allMatch(s -> s == 200 || s == 429);
        assertThat(statuses).contains(200);

        List<Instant> arrivals =
            NOTION.emulator().requests(Endpoint.USERS_ME).stream()
                .map(RecordedRequest::receivedAt)
                .sorted()
                .toList();
        assertThat(arrivals).hasSize((int) statuses.stream().filter(s -> s == 200).count());
        // in any one second, at most the burst plus one second's rate (and one for clock skew)
        for (int i = 0; i < arrivals.size(); i++) {
          Instant from = arrivals.get(i);
          long inWindow =
              arrivals.stream()
                  .filter(t -> !t.isBefore(from) && t.isBefore(from.plus(Duration.ofSeconds(1))))
                  .count();
          assertThat(inWindow)
              .as("calls reaching Notion within one second of %s: %s", from, arrivals)
              .isLessThanOrEqualTo(BURST + RATE + 1);
        }
      }
    }
  }
}
