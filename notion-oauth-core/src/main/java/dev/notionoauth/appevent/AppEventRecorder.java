package dev.notionoauth.appevent;

import dev.notionoauth.Installation;
import dev.notionoauth.spi.AppEventStore;
import dev.notionoauth.spi.InstallationListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an event to the outbox for each installation change of a configured type: stored (new or
 * re-authorized), needing re-authorization, revoked, deleted. An installation listener, added by
 * the composition root when app events are on. It runs on the thread that made the change, right
 * after the write (on PostgreSQL a callback's installation and its event share one commit).
 */
public final class AppEventRecorder implements InstallationListener {
  /** How long an event's write into the outbox is tried before the failure is thrown. */
  public static final Duration KEEP_TRYING = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(AppEventRecorder.class);
  private final AppEventStore store;
  private final Set<AppEventType> types;
  private final Clock clock;
  private final Runnable onRecorded;

  /**
   * Records events of {@code types} into {@code store}.
   *
   * @param onRecorded run after each event is added (the sender's {@code wake})
   */
  public AppEventRecorder(
      AppEventStore store, Set<AppEventType> types, Clock clock, Runnable onRecorded) {
    this.store = store;
    this.types = Set.copyOf(types);
    this.clock = clock;
    this.onRecorded = onRecorded;
  }

  private void record(AppEventType type, Installation i) {
    if (types.contains(type)) {
      add(AppEvent.of(type, i, clock.instant()));
    }
  }

  /**
   * Writes the event, trying again for up to {@link #KEEP_TRYING} (a full disk, a frozen or
   * restarting database): the change it tells of is stored already, and on SQLite in a commit of
   * its own, so giving up at the first failure would leave it untold (found by the soak's full
   * disk). A retry after a write whose answer was lost adds nothing: the outbox keeps one event per
   * id.
   */
  private void add(AppEvent event) {
    StoredAppEvent pending = StoredAppEvent.pending(event);
    long deadline = System.nanoTime() + KEEP_TRYING.toNanos();
    long wait = Duration.ofMillis(100).toNanos();
    while (true) {
      try {
        store.add(pending);
        break;
      } catch (RuntimeException e) {
        if (System.nanoTime() + wait - deadline >= 0) {
          LOG.error(
              "Writing the app event {} failed for good: {}",
              event.type().wireName(),
              e.getClass().getSimpleName());
          throw e;
        }
        LOG.warn(
            "Writing the app event {} failed ({}); trying again",
            event.type().wireName(),
            e.getClass().getSimpleName());
        LockSupport.parkNanos(wait);
        wait = Math.min(2 * wait, Duration.ofSeconds(2).toNanos());
      }
    }
    onRecorded.run();
  }

  @Override
  public void onSaved(Installation stored, boolean reauthorized) {
    record(
        reauthorized ? AppEventType.INSTALLATION_REAUTHORIZED : AppEventType.INSTALLATION_CREATED,
        stored);
  }

  @Override
  public void onDeleted(Installation gone) {
    record(AppEventType.INSTALLATION_DELETED, gone);
  }

  @Override
  public void onStatusChange(Change change) {
    @Nullable AppEventType type =
        switch (change.to().status()) {
          case NEEDS_REAUTH -> AppEventType.INSTALLATION_NEEDS_REAUTH;
          case REVOKED -> AppEventType.INSTALLATION_REVOKED;
          case ACTIVE -> null; // told as installation.reauthorized by onSaved
        };
    if (type != null && types.contains(type)) {
      add(
          AppEvent.of(
              type,
              change.botId(),
              change.workspaceId(),
              null,
              change.context(),
              change.to().status().name().toLowerCase(java.util.Locale.ROOT),
              change.to().reason(),
              clock.instant()));
    }
  }
}
