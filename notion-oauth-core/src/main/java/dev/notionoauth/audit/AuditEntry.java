package dev.notionoauth.audit;

import java.time.Duration;
import java.time.Instant;

/**
 * One audited call.
 *
 * @param id unique, and ordered like {@code at} (a cursor for {@link AuditQuery})
 * @param at when the call ended
 * @param actor who made it
 * @param action what it did
 * @param result how it ended
 */
public record AuditEntry(
    String id, Instant at, AuditActor actor, AuditAction action, Result result) {
  /** Starts below 2^39, so it cannot pass 2^40 in any process's life. */
  private static final java.util.concurrent.atomic.AtomicLong SEQUENCE =
      new java.util.concurrent.atomic.AtomicLong(
          new java.security.SecureRandom().nextLong() >>> 25);

  /**
   * A new entry id for a time: the milliseconds (12 hex digits), then 40 bits of a sequence this
   * process starts at a random point: ids sort like times, ids made by one process in the same
   * millisecond sort in the order they were made, and two instances collide no more often than two
   * random 40-bit values would.
   */
  public static String idAt(Instant at) {
    // "%012x%010x", without Formatter (once per API call)
    char[] id = new char[22];
    hex(id, 0, 12, at.toEpochMilli());
    hex(id, 12, 10, SEQUENCE.getAndIncrement());
    return new String(id);
  }

  private static void hex(char[] into, int from, int digits, long value) {
    long v = value;
    for (int i = from + digits - 1; i >= from; i--) {
      into[i] = Character.forDigit((int) (v & 0xF), 16);
      v >>>= 4;
    }
  }

  /**
   * How an audited call ended.
   *
   * @param status the HTTP status answered
   * @param latency the time from request to answer
   */
  public record Result(int status, Duration latency) {}
}
