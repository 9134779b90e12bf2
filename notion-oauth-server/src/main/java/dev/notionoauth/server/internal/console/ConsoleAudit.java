package dev.notionoauth.server.internal.console;

import dev.notionoauth.audit.AuditAction;
import dev.notionoauth.audit.AuditActor;
import dev.notionoauth.audit.AuditEntry;
import dev.notionoauth.spi.AuditStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every operator action into the audit: who, from where, which route, on what, with what result.
 */
final class ConsoleAudit {
  private final AuditStore audit;
  private final Clock clock;

  ConsoleAudit(AuditStore audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  /** Records a POST by {@code operator} ({@code -} for a failed sign-in) from {@code address}. */
  void operator(String operator, String address, String route, @Nullable String botId, int status) {
    record("POST", operator, address, route, botId, status);
  }

  /** Records a request of {@code method} by {@code operator} from {@code address}. */
  void record(
      String method,
      String operator,
      String address,
      String route,
      @Nullable String botId,
      int status) {
    Instant now = clock.instant();
    audit.append(
        List.of(
            new AuditEntry(
                AuditEntry.idAt(now),
                now,
                new AuditActor(AuditActor.Kind.OPERATOR, operator, address),
                new AuditAction(method, route, botId),
                new AuditEntry.Result(status, Duration.ZERO))));
  }
}
