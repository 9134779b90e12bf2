package dev.notionoauth.internal;

import dev.notionoauth.NotionTransportException;
import dev.notionoauth.Ticker;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Waiting between attempts at Notion: its {@code Retry-After}, or a jittered backoff, on the
 * injected {@link Ticker} (tests advance it instead of sleeping).
 */
public final class Backoff {
  private final Ticker ticker;

  /** Waits on {@code ticker}. */
  public Backoff(Ticker ticker) {
    this.ticker = ticker;
  }

  /** The ticker deadlines are read from. */
  public Ticker ticker() {
    return ticker;
  }

  /** The ticker's time {@code after} from now, as a deadline. */
  public long deadline(Duration after) {
    return ticker.nanoTime() + after.toNanos();
  }

  /** Parses {@code Retry-After}: delta-seconds or an HTTP-date; null when absent or unusable. */
  public static @Nullable Duration parseRetryAfter(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Capped exponential backoff with full jitter: up to 250 ms, 500 ms, 1 s, 2 s. */
  public static Duration delay(int attempt) {
    long cap = Math.min(2000L, 250L << Math.min(attempt - 1, 4));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }

  /** Whether a wait of {@code wait} from now ends before the deadline. */
  public boolean fits(Duration wait, long deadlineNanos) {
    return ticker.nanoTime() + wait.toNanos() < deadlineNanos;
  }

  /** Sleeps the backoff of this attempt if it ends before the deadline; says whether it did. */
  public boolean within(int attempt, long deadlineNanos) {
    Duration wait = delay(attempt);
    if (!fits(wait, deadlineNanos)) {
      return false;
    }
    sleep(wait);
    return true;
  }

  /** Sleeps; an interrupt becomes a {@link NotionTransportException} (the interrupt is kept). */
  public void sleep(Duration wait) {
    try {
      ticker.sleep(wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotionTransportException(
          NotionTransportException.Kind.IO, "interrupted while waiting to call Notion", null);
    }
  }
}
