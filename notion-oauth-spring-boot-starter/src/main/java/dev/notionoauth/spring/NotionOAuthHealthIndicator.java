package dev.notionoauth.spring;

import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.store.jdbc.JdbcStores;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code notionOAuth} in the app's health: UP when the store answers (in memory: always) and the
 * Notion client is configured; details name the store and Notion's host, never a secret.
 */
public final class NotionOAuthHealthIndicator implements HealthIndicator {
  private final @Nullable JdbcStores stores;
  private final NotionOAuthSettings settings;

  NotionOAuthHealthIndicator(@Nullable JdbcStores stores, NotionOAuthSettings settings) {
    this.stores = stores;
    this.settings = settings;
  }

  @Override
  public Health health() {
    boolean storeUp = stores == null || stores.ping();
    Health.Builder b = storeUp ? Health.up() : Health.down();
    return b.withDetail("store", stores == null ? "memory" : storeUp ? "reachable" : "unreachable")
        .withDetail("notion", String.valueOf(settings.apiBaseUrl().getHost()))
        .build();
  }
}
