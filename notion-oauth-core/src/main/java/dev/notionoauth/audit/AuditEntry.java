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
   * How an audited call ended.
   *
   * @param status the HTTP status answered
   * @param latency the time from request to answer
   */
  public record Result(int status, Duration latency) {}
}
