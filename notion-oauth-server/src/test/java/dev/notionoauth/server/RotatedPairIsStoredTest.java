package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.Installation;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.ManualTicker;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What Notion has already done is not lost to a database that is briefly unavailable: a pair it
 * just rotated is stored, tried again while the refresh lease lasts (the soak's frozen and
 * restarting PostgreSQL), and a revocation it accepted is marked, tried again for up to 15 s (the
 * soak's full SQLite disk).
 */
class RotatedPairIsStoredTest {

  /** What a test does with a server over {@code store}, whose one installation is {@code botId}. */
  private interface WithInstallation {
    void run(NotionEmulator notion, NotionOAuthServer server, String botId) throws Exception;
  }

  /** A server over {@code store} (its waits on a manual ticker), after one flow completed. */
  private static ManualTicker withInstallation(
      ForwardingInstallationStore store, WithInstallation test) throws Exception {
    ManualTicker ticker = new ManualTicker();
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build())
              .installationStore(store)
              .ticker(ticker)
              .build()
              .start()) {
        HttpBrowser browser = new HttpBrowser();
        browser.follow(
            browser.get(notion.approve(browser.install(URI.create("http://localhost:" + port)))));
        test.run(notion, server, notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID));
      }
    }
    return ticker;
  }

  @Test
  void aRefreshedPairIsStoredAfterTheDatabaseFailedTwice() throws Exception {
    AtomicInteger failures = new AtomicInteger(2);
    InMemoryInstallationStore memory = new InMemoryInstallationStore();
    ForwardingInstallationStore flaky =
        new ForwardingInstallationStore(memory) {
          @Override
          public boolean completeLease(Installation refreshed, long expectedVersion) {
            if (failures.getAndDecrement() > 0) {
              throw new NotionOAuthException("database failure while storing (frozen)");
            }
            return super.completeLease(refreshed, expectedVersion);
          }
        };

    ManualTicker ticker =
        withInstallation(
            flaky,
            (notion, server, botId) -> {
              Installation before = memory.find(botId).orElseThrow();

              Installation after = server.installations().refresh(botId);

              assertThat(failures.get()).isNegative();
              assertThat(after.tokens().version()).isEqualTo(before.tokens().version() + 1);
              assertThat(memory.find(botId).orElseThrow().tokens().access())
                  .isEqualTo(after.tokens().access());
              assertThat(notion.isActive(after.tokens().access().value())).isTrue();
            });

    assertThat(ticker.sleeps()).isNotEmpty(); // waited (on the ticker) between the tries
  }

  @Test
  void aRevocationNotionAcceptedIsMarkedAfterTheDatabaseFailedTwice() throws Exception {
    AtomicInteger failures = new AtomicInteger(2);
    InMemoryInstallationStore memory = new InMemoryInstallationStore();
    ForwardingInstallationStore full =
        new ForwardingInstallationStore(memory) {
          @Override
          public boolean setHealth(String botId, Installation.Health health) {
            if (failures.getAndDecrement() > 0) {
              throw new NotionOAuthException("database failure while storing (disk full)");
            }
            return super.setHealth(botId, health);
          }
        };

    ManualTicker ticker =
        withInstallation(
            full,
            (notion, server, botId) -> {
              String token = memory.find(botId).orElseThrow().tokens().access().value();

              server.installations().revoke(botId);

              assertThat(failures.get()).isNegative();
              assertThat(notion.isActive(token)).isFalse();
              assertThat(memory.find(botId).orElseThrow().status())
                  .isEqualTo(Installation.Status.REVOKED);
            });

    assertThat(ticker.sleeps()).isNotEmpty();
  }
}
