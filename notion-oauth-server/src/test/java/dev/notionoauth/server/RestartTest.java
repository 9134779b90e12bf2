package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.TestPostgres;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What survives a restart (of the server, or of its database's connections) or a browser that gives
 * up.
 */
class RestartTest {

  /** Plays a person from the install link to Notion's callback; returns the callback URL. */
  private static URI approvedCallback(HttpBrowser browser, URI base, NotionEmulator notion) {
    return notion.approve(browser.install(base));
  }

  @Test
  void aPersonOnNotionsConsentPageDuringARestartStillCompletesTheFlow() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config = TestServers.config(notion, port).build();
      URI base = URI.create("http://localhost:" + port);
      HttpBrowser browser = new HttpBrowser();
      URI callback;
      try (NotionOAuthServer before = NotionOAuthServer.builder(config).build().start()) {
        callback = approvedCallback(browser, base, notion);
      }

      try (NotionOAuthServer after = NotionOAuthServer.builder(config).build().start()) {
        HttpResponse<String> result = browser.follow(browser.get(callback));

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("Connected to Notion");
        assertThat(after.installations().find(notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID)))
            .isPresent();
      }
    }
  }

  @Test
  void aBrowserThatGivesUpDuringTheExchangeStillGetsItsInstallationStoredOnce() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      URI base = URI.create("http://localhost:" + port);
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build()).build().start()) {
        HttpBrowser browser = new HttpBrowser();
        URI callback = approvedCallback(browser, base, notion);
        notion.failNext(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(1)));

        browser.giveUpAfter(Duration.ofMillis(200));
        assertThatThrownBy(() -> browser.get(callback)).isInstanceOf(IllegalStateException.class);

        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.installations().find(botId).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(server.installations().find(botId)).isPresent();
        browser.giveUpAfter(Duration.ofSeconds(20));
        // its reload of the callback shows the outcome it gave up on, without a second exchange
        HttpResponse<String> reload = browser.follow(browser.get(callback));
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(reload.body()).contains("Connected to Notion");
        assertThat(notion.requests(Endpoint.TOKEN)).hasSize(1);
        assertThat(browser.follow(browser.get(approvedCallback(browser, base, notion))).body())
            .contains("Connected to Notion");
      }
    }
  }

  @Test
  void aDatabaseThatDroppedEveryConnectionIsUsedAgainWithoutARestart() throws Exception {
    try (TestPostgres db = TestPostgres.create();
        NotionEmulator notion = NotionEmulator.start()) {
      String application = "noh-" + db.schema();
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .jdbcUrl(db.jdbcUrl() + "&ApplicationName=" + application)
              .username("postgres")
              .build();
      URI base = URI.create("http://localhost:" + port);
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        HttpBrowser browser = new HttpBrowser();
        assertThat(browser.get(base.resolve("/readyz")).statusCode()).isEqualTo(200);

        int dropped;
        try (Connection c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, null);
            Statement s = c.createStatement();
            ResultSet r =
                s.executeQuery(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = '"
                        + application
                        + "'")) {
          r.next();
          dropped = r.getInt(1);
        }
        assertThat(dropped).as("connections the database dropped").isPositive();

        HttpResponse<String> result =
            browser.follow(browser.get(approvedCallback(browser, base, notion)));

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("Connected to Notion");
        assertThat(notion.requests(Endpoint.TOKEN)).hasSize(1);
        assertThat(browser.get(base.resolve("/readyz")).statusCode()).isEqualTo(200);
      }
    }
  }
}
