package dev.notionoauth.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand: give the same one to the emulator ({@link
 * NotionEmulator.Builder#clock}) and to the code under test, and expiry on both sides moves
 * together.
 */
public final class MutableClock extends Clock {
  private volatile Instant now = Instant.now();

  /** Moves the clock forward (or back, for a negative duration). */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
