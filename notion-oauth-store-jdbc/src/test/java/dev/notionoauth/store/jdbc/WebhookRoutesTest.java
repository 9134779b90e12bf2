package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.testkit.TestPostgres;
import dev.notionoauth.testkit.WebhookStoreContract;
import dev.notionoauth.webhook.StoredWebhookEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events routed to one installation, newest first, from the route index the store keeps as
 * events are routed; purged with their events.
 */
class WebhookRoutesTest {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  @TempDir Path dir;

  private static void routes(JdbcStores stores) {
    JdbcWebhookStore store = stores.webhookStore();
    store.record(WebhookStoreContract.event("e-1", T0));
    store.record(WebhookStoreContract.event("e-2", T0.plusSeconds(60)));
    store.record(WebhookStoreContract.event("e-3", T0.plusSeconds(120)));
    var delivered = StoredWebhookEvent.Status.DELIVERED;
    store.update("e-1", delivered, 1, T0, null, List.of("bot-a"));
    store.update("e-2", delivered, 1, T0, null, List.of("bot-a", "bot-b"));
    store.update("e-2", delivered, 2, T0, null, List.of("bot-a", "bot-b")); // again: no duplicate
    store.update("e-3", delivered, 1, T0, null, List.of("bot-b"));

    assertThat(store.routedTo("bot-a", 10))
        .extracting(StoredWebhookEvent::id)
        .containsExactly("e-2", "e-1");
    assertThat(store.routedTo("bot-b", 1))
        .extracting(StoredWebhookEvent::id)
        .containsExactly("e-3");
    assertThat(store.routedTo("bot-c", 10)).isEmpty();

    store.purge(T0.plusSeconds(90));
    assertThat(store.routedTo("bot-a", 10)).isEmpty();
    assertThat(store.routedTo("bot-b", 10))
        .extracting(StoredWebhookEvent::id)
        .containsExactly("e-3");
  }

  @Test
  void onSqlite() {
    try (JdbcStores stores = JdbcStores.open(Databases.sqlite(dir, Databases.keys()))) {
      routes(stores);
    }
  }

  @Test
  void onPostgres() {
    try (TestPostgres db = TestPostgres.create();
        JdbcStores stores = JdbcStores.open(Databases.postgres(db, Databases.keys()))) {
      routes(stores);
    }
  }
}
