package dev.notionoauth.audit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which audit entries to read, newest first: optionally those of one installation or one actor
 * name, older than a cursor (the last id of the previous page), at most {@code limit}.
 *
 * @param botId only entries touching this installation
 * @param actorName only entries by this key or operator name
 * @param beforeId only entries older than this id
 * @param limit the most entries returned, 1 to 1000
 */
public record AuditQuery(
    @Nullable String botId, @Nullable String actorName, @Nullable String beforeId, int limit) {

  /** Checks the limit. */
  public AuditQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000");
    }
  }

  /** The newest {@code limit} entries. */
  public static AuditQuery newest(int limit) {
    return new AuditQuery(null, null, null, limit);
  }

  /** Only entries touching {@code value}'s installation. */
  public AuditQuery botId(String value) {
    return new AuditQuery(value, actorName, beforeId, limit);
  }

  /** Only entries by {@code value}. */
  public AuditQuery actorName(String value) {
    return new AuditQuery(botId, value, beforeId, limit);
  }

  /** Only entries older than the entry with id {@code value}. */
  public AuditQuery before(String value) {
    return new AuditQuery(botId, actorName, value, limit);
  }

  /** The installation filter, if any. */
  public Optional<String> bot() {
    return Optional.ofNullable(botId);
  }

  /** The actor filter, if any. */
  public Optional<String> actor() {
    return Optional.ofNullable(actorName);
  }

  /** The cursor, if any. */
  public Optional<String> cursor() {
    return Optional.ofNullable(beforeId);
  }

  /** Whether {@code e} passes the filters and the cursor (for stores filtering in memory). */
  public boolean matches(AuditEntry e) {
    return (botId == null || botId.equals(e.action().botId()))
        && (actorName == null || actorName.equals(e.actor().name()))
        && (beforeId == null || e.id().compareTo(beforeId) < 0);
  }
}
