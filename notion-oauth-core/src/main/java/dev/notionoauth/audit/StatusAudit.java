package dev.notionoauth.audit;

import dev.notionoauth.spi.AuditStore;
import dev.notionoauth.spi.InstallationListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Writes every change of an installation's health to the audit, so the audit holds each
 * installation's health history (shown on the console's installation page and by {@code audit list
 * --bot-id}): actor {@code system server}, method {@code STATUS}, and as route the change and its
 * reason, e.g. {@code active -> needs_reauth: refresh refused by Notion}. Added by the standalone
 * server over its store.
 */
public final class StatusAudit implements InstallationListener {
  private final AuditStore store;
  private final Clock clock;

  /** Writes to {@code store}, timed by {@code clock}. */
  public StatusAudit(AuditStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void onStatusChange(Change change) {
    String route =
        name(change.from())
            + " -> "
            + name(change.to().status())
            + ": "
            + dev.notionoauth.web.LogSafe.text(change.to().reason());
    java.time.Instant now = clock.instant();
    store.append(
        List.of(
            new AuditEntry(
                AuditEntry.idAt(now),
                now,
                AuditActor.system(),
                new AuditAction(
                    "STATUS",
                    route.length() > 200 ? route.substring(0, 200) : route,
                    change.botId()),
                new AuditEntry.Result(200, Duration.ZERO))));
  }

  private static String name(dev.notionoauth.Installation.Status s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}
