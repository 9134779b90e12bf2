package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.Installation;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import dev.notionoauth.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two server instances on two ports sharing one PostgreSQL, as behind a load balancer without
 * sticky sessions. Skipped, with a message, where no PostgreSQL answers on 127.0.0.1:5432.
 */
class ScaleOutTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  private static ServerConfig instance(int port, int publicPort, TestPostgres db, String key) {
    // both instances publish the same redirect URI (the load balancer's, here instance A's)
    ServerConfigBuilder own =
        TestServers.config(NOTION.emulator(), port)
            .jdbcUrl(db.jdbcUrl())
            .username("postgres")
            .encryptionKey(key);
    return TestServers.withRedirect(
            own, NOTION.emulator(), "http://localhost:" + publicPort + "/notion/callback")
        .build();
  }

  @Test
  void aFlowStartedOnOneInstanceCompletesOnTheOtherAndRefreshesAreCoordinated() throws Exception {
    try (TestPostgres db = TestPostgres.create()) {
      String key = EncryptionKeys.generateBase64();
      int portA = TestServers.freePort();
      int portB = TestServers.freePort();
      try (NotionOAuthServer a =
              NotionOAuthServer.builder(instance(portA, portA, db, key)).build().start();
          NotionOAuthServer b =
              NotionOAuthServer.builder(instance(portB, portA, db, key)).build().start()) {
        HttpBrowser browser = new HttpBrowser();

        // start on A
        HttpResponse<String> install =
            browser.get(URI.create("http://localhost:" + portA + "/notion/install"));
        URI callbackForA =
            NOTION
                .emulator()
                .approve(URI.create(install.headers().firstValue("location").orElseThrow()));
        // the load balancer sends the callback to B
        URI callbackOnB =
            URI.create(callbackForA.toString().replace(":" + portA + "/", ":" + portB + "/"));
        HttpResponse<String> redirect = browser.get(callbackOnB);
        // and the redirect to the result page goes back to A
        HttpResponse<String> result =
            browser.get(
                URI.create(
                    "http://localhost:"
                        + portA
                        + redirect.headers().firstValue("location").orElseThrow()));
        System.out.println(
            "flow started on A (:"
                + portA
                + "), callback on B (:"
                + portB
                + "): "
                + redirect.statusCode()
                + ", result page served by A: "
                + result.statusCode());
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("Connected to Notion");

        // its replay by the same browser, on B and on A, shows that outcome; Notion is called once
        HttpResponse<String> replayB = browser.follow(browser.get(callbackOnB));
        HttpResponse<String> replayA = browser.follow(browser.get(callbackForA));
        System.out.println(
            "replay on B: " + replayB.statusCode() + ", replay on A: " + replayA.statusCode());
        assertThat(replayB.body()).contains("Connected to Notion");
        assertThat(replayA.body()).contains("Connected to Notion");
        assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).hasSize(1);

        // both instances see the installation; concurrent refreshes call Notion once
        String botId = NOTION.emulator().botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
        Installation before = a.installations().find(botId).orElseThrow();
        assertThat(b.installations().find(botId)).contains(before);
        NOTION.emulator().clearRequests();
        NOTION.emulator().failNext(Endpoint.TOKEN, Fault.delay(Duration.ofMillis(500)));
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Installation> fromA =
            CompletableFuture.supplyAsync(() -> await(go, a, botId));
        CompletableFuture<Installation> fromB =
            CompletableFuture.supplyAsync(() -> await(go, b, botId));
        go.countDown();
        Installation afterA = fromA.get();
        Installation afterB = fromB.get();
        JsonMapper json = JsonMapper.builder().build();
        long refreshCalls =
            NOTION.emulator().requests(Endpoint.TOKEN).stream()
                .filter(
                    r ->
                        json.readTree(r.body())
                            .get("grant_type")
                            .stringValue()
                            .equals("refresh_token"))
                .count();
        System.out.println(
            "concurrent refresh from A and B: "
                + refreshCalls
                + " refresh call(s) at Notion; token version "
                + before.tokens().version()
                + " -> "
                + afterA.tokens().version()
                + " (A) / "
                + afterB.tokens().version()
                + " (B)");
        assertThat(refreshCalls).isEqualTo(1);
        assertThat(afterA.tokens().access())
            .isEqualTo(afterB.tokens().access())
            .isNotEqualTo(before.tokens().access());
        assertThat(a.installations().find(botId).orElseThrow().tokens().version())
            .isEqualTo(before.tokens().version() + 1);
        assertThat(NOTION.emulator().isActive(afterA.tokens().access().value())).isTrue();
      }
    }
  }

  private static Installation await(CountDownLatch go, NotionOAuthServer server, String botId) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return server.installations().refresh(botId);
  }
}
