package dev.notionoauth;

import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each authorization the flow receives ({@link NotionOAuthFlow.Builder#installations}, the
 * server's {@code store} consumer): an upsert keyed by bot id, with bounded retries (3 attempts,
 * about 100 ms then 400 ms apart; the write is idempotent, {@link Installations#save}). If the
 * store still fails it throws, so the user sees "start again" and the state is not reusable;
 * nothing half-written remains because each upsert is one transaction.
 */
final class InstallationWriter {
  private static final Logger LOG = LoggerFactory.getLogger("dev.notionoauth.consumer.store");

  private final Installations installations;

  InstallationWriter(Installations installations) {
    this.installations = installations;
  }

  /** The installation as stored. */
  Installation save(Installation installation) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        Installation stored = installations.save(installation);
        LOG.info(
            "Stored installation bot_id={} workspace_id={} version={} bound={}",
            stored.botId(),
            stored.workspaceId(),
            stored.tokenVersion(),
            stored.bound());
        return stored;
      } catch (RuntimeException e) {
        last = e;
        LOG.warn(
            "Storing bot_id={} failed (attempt {} of 3): {}",
            installation.botId(),
            attempt,
            e.getClass().getSimpleName());
        if (attempt < 3) {
          pause(attempt == 1 ? 100 : 400);
        }
      }
    }
    throw new IllegalStateException(
        "could not store the installation of bot_id=" + installation.botId(), last);
  }

  private static void pause(long base) {
    try {
      Thread.sleep(base / 2 + ThreadLocalRandom.current().nextLong(base));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
