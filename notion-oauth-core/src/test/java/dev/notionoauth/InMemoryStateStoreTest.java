package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the in-memory store adds to the state store contract (InMemoryStoresContractTest). */
class InMemoryStateStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private static StoredState pending(String hash, Instant expiresAt) {
    return new StoredState(
        hash, "b".repeat(64), FlowContext.of("user", "42"), NOW, expiresAt, null);
  }

  @Test
  void purgesExpiredStatesAndIsBounded() {
    InMemoryStateStore store = new InMemoryStateStore(2);
    store.save(pending("1".repeat(64), NOW.minusSeconds(1)));
    store.save(pending("2".repeat(64), NOW.plusSeconds(600)));
    store.save(pending("3".repeat(64), NOW.plusSeconds(600)));

    assertThat(store.find("1".repeat(64))).isEmpty();
    assertThatThrownBy(() -> store.save(pending("4".repeat(64), NOW.plusSeconds(600))))
        .isInstanceOf(NotionOAuthException.class)
        .hasMessageContaining("too many flows");
  }
}
