package dev.notionoauth;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retries of an idempotent store write: 3 attempts, about 100 ms then 400 ms apart ({@link
 * #thrice}); or, for a write recording what Notion already did (a rotated pair, a revocation),
 * until a deadline ({@link #untilDeadline}).
 */
final class Retries {
  private static final Logger LOG = LoggerFactory.getLogger("dev.notionoauth.consumer.store");

  private Retries() {}

  /**
   * The write's result, after at most three attempts.
   *
   * @param write an idempotent write
   * @param botId the installation it concerns, for the log
   * @throws IllegalStateException when every attempt failed (the last failure as its cause)
   */
  static Installation thrice(Supplier<Installation> write, String botId, Ticker ticker) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        Installation stored = write.get();
        LOG.info(
            "Stored installation bot_id={} workspace_id={} version={} bound={}",
            stored.botId(),
            stored.workspace().id(),
            stored.tokens().version(),
            stored.bound());
        return stored;
      } catch (RuntimeException e) {
        last = e;
        LOG.warn(
            "Storing bot_id={} failed (attempt {} of 3): {}",
            botId,
            attempt,
            e.getClass().getSimpleName());
        if (attempt < 3) {
          pause(ticker, attempt == 1 ? 100 : 400);
        }
      }
    }
    throw new IllegalStateException("could not store the installation of bot_id=" + botId, last);
  }

  /**
   * The write's result, tried again — waiting 100 ms, doubling up to 2 s — until it succeeds or the
   * next wait would pass {@code deadlineNanos} (on {@code ticker}'s clock); then its failure is
   * thrown. For a write that records what Notion has already done, which a store briefly full,
   * frozen or restarting must not lose.
   *
   * @param what what is written, for the log ("the refreshed pair of bot_id=…")
   */
  static <T> T untilDeadline(Supplier<T> write, long deadlineNanos, Ticker ticker, String what) {
    Duration wait = Duration.ofMillis(100);
    while (true) {
      try {
        return write.get();
      } catch (InstallationException e) {
        throw e; // an answer (missing, revoked), not a failure
      } catch (RuntimeException e) {
        if (ticker.nanoTime() + wait.toNanos() >= deadlineNanos) {
          LOG.error("Storing {} failed for good: {}", what, e.getClass().getSimpleName());
          throw e;
        }
        LOG.warn(
            "Storing {} failed ({}); trying again in {} ms",
            what,
            e.getClass().getSimpleName(),
            wait.toMillis());
        try {
          ticker.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        wait =
            wait.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0
                ? Duration.ofSeconds(2)
                : wait.multipliedBy(2);
      }
    }
  }

  private static void pause(Ticker ticker, long base) {
    try {
      ticker.sleep(Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
