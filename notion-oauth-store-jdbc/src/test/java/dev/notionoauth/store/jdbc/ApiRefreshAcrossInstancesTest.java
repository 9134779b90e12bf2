package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.ApiLimits;
import dev.notionoauth.AuthorizationCode;
import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.State;
import dev.notionoauth.TokenResponse;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.MutableClock;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import dev.notionoauth.testkit.TestPostgres;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two instances (each its own pool and {@code Installations}) share one PostgreSQL store: 32
 * concurrent API calls on one expired token, half on each, make exactly one refresh at Notion.
 */
class ApiRefreshAcrossInstancesTest {
  @Test
  void thirtyTwoCallsOnAnExpiredTokenAcrossTwoInstancesMakeExactlyOneRefresh() throws Exception {
    MutableClock clock = new MutableClock();
    try (NotionEmulator notion =
            NotionEmulator.builder()
                .autoApprove(true)
                .clock(clock)
                .accessTokenLifetime(Duration.ofHours(1))
                .start();
        TestPostgres db = TestPostgres.create();
        JdbcStores first = JdbcStores.open(Databases.postgres(db, Databases.keys()));
        JdbcStores second = JdbcStores.open(Databases.postgres(db, Databases.keys()))) {
      NotionOAuthClient client =
          NotionOAuthClient.create(
              NotionEmulatorExtension.settingsFor(notion, "http://localhost:1/cb").build());
      ApiLimits relaxed = ApiLimits.builder().rates(1000, 1000, 1000, 1000).build();
      Installations a =
          Installations.builder(first.installationStore(), client)
              .clock(clock)
              .apiLimits(relaxed)
              .build();
      Installations b =
          Installations.builder(second.installationStore(), client)
              .clock(clock)
              .apiLimits(relaxed)
              .build();
      URI callback = notion.approve(client.authorizeUrl(State.generate(new SecureRandom())));
      TokenResponse token =
          client.exchangeCode(new AuthorizationCode(NotionEmulator.codeOf(callback).orElseThrow()));
      Installation installed =
          a.save(Installation.from(token, FlowContext.of("user-id", "7"), true, clock.instant()));
      clock.advance(Duration.ofHours(2));
      notion.clearRequests();

      ExecutorService pool = Executors.newFixedThreadPool(32);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<JsonNode>> calls = new ArrayList<>();
      for (int n = 0; n < 32; n++) {
        Installations instance = n % 2 == 0 ? a : b;
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return instance.api(installed.botId()).get("/v1/users/me");
                }));
      }
      go.countDown();
      for (Future<JsonNode> f : calls) {
        assertThat(f.get().get("id").stringValue()).isEqualTo(installed.botId());
      }
      pool.shutdown();

      long refreshes =
          notion.requests(Endpoint.TOKEN).stream()
              .filter(r -> r.body().contains("refresh_token"))
              .count();
      assertThat(refreshes).isEqualTo(1);
      assertThat(b.find(installed.botId()).orElseThrow().tokens().version())
          .isEqualTo(installed.tokens().version() + 1);
    }
  }
}
