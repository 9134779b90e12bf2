package dev.notionoauth.internal;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.Installation;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.TokenConsumerProvider;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code store} consumer: upserts each authorization into the installation store, keyed by bot
 * id, with bounded retries (3 attempts, about 100 ms then 400 ms apart: the write is idempotent).
 * If the store still fails, it throws, so the user sees "start again" and the state is not
 * reusable; nothing half-written remains because each upsert is one transaction.
 */
public final class StoreTokenConsumer implements TokenConsumer {
  private static final Logger LOG = LoggerFactory.getLogger("dev.notionoauth.consumer.store");

  private final Installations installations;
  private final Clock clock;

  /** Creates the consumer over the installations service. */
  public StoreTokenConsumer(Installations installations, Clock clock) {
    this.installations = installations;
    this.clock = clock;
  }

  @Override
  public void onAuthorized(CallbackOutcome.Authorized a) {
    Installation installation =
        Installation.from(a.token(), a.context(), a.bound(), clock.instant());
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
        return;
      } catch (RuntimeException e) {
        last = e;
        LOG.warn(
            "Storing bot_id={} failed (attempt {} of 3): {}",
            installation.botId(),
            attempt,
            e.getClass().getSimpleName());
        if (attempt < 3) {
          sleep(attempt == 1 ? 100 : 400);
        }
      }
    }
    throw new IllegalStateException(
        "could not store the installation of bot_id=" + installation.botId(), last);
  }

  private static void sleep(long base) {
    try {
      Thread.sleep(base / 2 + ThreadLocalRandom.current().nextLong(base));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Registers the consumer under the name {@code store}. */
  public static final class Provider implements TokenConsumerProvider {
    @Override
    public String name() {
      return "store";
    }

    @Override
    public String description() {
      return "Keeps each installation in the configured store (tokens encrypted); the server's"
          + " default.";
    }

    @Override
    public TokenConsumer create(PluginContext context) {
      return new StoreTokenConsumer(
          context
              .installations()
              .orElseThrow(
                  () ->
                      new NotionConfigException(
                          "the store consumer needs an installation store: configure the store"
                              + " section")),
          context.clock());
    }
  }
}
