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

  /**
   * A new entry id for a time: the milliseconds (12 hex digits) and 40 random bits, so ids sort
   * like times and two instances never collide in practice.
   */
  public static String idAt(Instant at) {
    // "%012x%010x" of the millis and 40 random bits, without Formatter (once per API call)
    char[] id = new char[22];
    hex(id, 0, 12, at.toEpochMilli());
    hex(id, 12, 10, java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40));
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
