package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.Installation;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.store.jdbc.JdbcStoreSettings;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoreFailureTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  @Test
  void aDatabaseDownWhenAFlowStartsAnswers503AndSendsNobodyToNotion() {
    int closedPort = TestServers.freePort();
    int port = TestServers.freePort();
    try (JdbcStores down =
            JdbcStores.open(
                JdbcStoreSettings.builder("jdbc:postgresql://127.0.0.1:" + closedPort + "/test")
                    .username("postgres")
                    .poolSize(2)
                    .migrate(false)
                    .build());
        NotionOAuthServer server =
            NotionOAuthServer.builder(
                    TestServers.config(NOTION.emulator(), port).consumer("log").build())
                .stateStore(down.stateStore())
                .installationStore(down.installationStore())
                .readinessCheck("database", down::ping)
                .build()
                .start()) {
      HttpBrowser browser = new HttpBrowser();
      // an install that waited on the pool's 30 s connection timeout would not get its answer
      browser.giveUpAfter(Duration.ofSeconds(10));

      HttpResponse<String> install =
          browser.get(URI.create("http://localhost:" + port + "/notion/install"));

      assertThat(install.statusCode()).isEqualTo(503);
      assertThat(install.headers().firstValue("location")).isEmpty();
      assertThat(install.body()).contains("try again in a minute");
      assertThat(browser.get(URI.create("http://localhost:" + port + "/readyz")).statusCode())
          .isEqualTo(503);
      assertThat(NOTION.emulator().requests(Endpoint.AUTHORIZE)).isEmpty();
    }
  }

  /** An installation store whose writes always fail, remembering what it was given. */
  static final class FailingStore extends ForwardingInstallationStore {
    final AtomicInteger attempts = new AtomicInteger();
    final List<String> tokensSeen = new ArrayList<>();

    FailingStore() {
      super(new InMemoryInstallationStore());
    }

    @Override
    public Installation upsert(Installation installation) {
      attempts.incrementAndGet();
      tokensSeen.add(installation.tokens().access().value());
      throw new IllegalStateException("disk full");
    }
  }

  @Test
  void aStoreFailingAfterTheExchangeRetriesThenAsksTheUserToStartAgainAndLeavesNothing()
      throws Exception {
    int port = TestServers.freePort();
    FailingStore failing = new FailingStore();
    try (NotionOAuthServer server =
        NotionOAuthServer.builder(TestServers.config(NOTION.emulator(), port).build())
            .installationStore(failing)
            .build()
            .start()) {
      HttpBrowser browser = new HttpBrowser();
      HttpResponse<String> install =
          browser.get(URI.create("http://localhost:" + port + "/notion/install"));
      URI callback =
          NOTION
              .emulator()
              .approve(URI.create(install.headers().firstValue("location").orElseThrow()));

      HttpResponse<String> result = browser.follow(browser.get(callback));

      assertThat(result.statusCode()).isEqualTo(503);
      assertThat(result.body()).contains("Please start again").contains("consumer_failed");
      assertThat(failing.attempts.get()).isEqualTo(3);
      assertThat(failing.count()).isZero();
      HttpResponse<String> replay = browser.follow(browser.get(callback));
      assertThat(replay.statusCode()).isEqualTo(409);
      assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).hasSize(1);
      String log = TestServers.awaitLog("failed (attempt 3 of 3)");
      assertThat(log).contains("Storing bot_id=");
      for (String token : failing.tokensSeen) {
        assertThat(log).doesNotContain(token);
      }
    }
  }

  /** Catalogue R11: the first write reaches the database, then the driver reports an error. */
  static final class CommitThenThrowStore extends ForwardingInstallationStore {
    final AtomicInteger attempts = new AtomicInteger();

    CommitThenThrowStore(dev.notionoauth.spi.InstallationStore delegate) {
      super(delegate);
    }

    @Override
    public Installation upsert(Installation installation) {
      Installation stored = super.upsert(installation);
      if (attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("connection reset while reading the commit's answer");
      }
      return stored;
    }
  }

  @Test
  void anAmbiguousCommitIsRetriedIntoExactlyOneRowWithTheIssuedToken(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    int port = TestServers.freePort();
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    try (JdbcStores sqlite =
            JdbcStores.open(
                JdbcStoreSettings.builder("jdbc:sqlite:" + dir.resolve("r11.db"))
                    .poolSize(2)
                    .keys(dev.notionoauth.store.jdbc.EncryptionKeys.of(key, List.of()))
                    .build());
        NotionOAuthServer server =
            NotionOAuthServer.builder(TestServers.config(NOTION.emulator(), port).build())
                .installationStore(new CommitThenThrowStore(sqlite.installationStore()))
                .build()
                .start()) {
      HttpBrowser browser = new HttpBrowser();
      URI callback =
          NOTION.emulator().approve(browser.install(URI.create("http://localhost:" + port)));

      HttpResponse<String> result = browser.follow(browser.get(callback));

      assertThat(result.statusCode()).isEqualTo(200);
      assertThat(result.body()).contains("is now connected").doesNotContain("reconnected");
      assertThat(sqlite.installationStore().count()).isEqualTo(1);
      String botId =
          NOTION.emulator().botIdFor(dev.notionoauth.emulator.NotionEmulator.DEFAULT_CLIENT_ID);
      Installation stored = sqlite.installationStore().find(botId).orElseThrow();
      assertThat(NOTION.emulator().isActive(stored.tokens().access().value())).isTrue();
      assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).hasSize(1);
    }
  }
}
