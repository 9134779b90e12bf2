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
    return String.format(
        "%012x%010x",
        at.toEpochMilli(), java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40));
  }

  /**
   * How an audited call ended.
   *
   * @param status the HTTP status answered
   * @param latency the time from request to answer
   */
  public record Result(int status, Duration latency) {}
}
