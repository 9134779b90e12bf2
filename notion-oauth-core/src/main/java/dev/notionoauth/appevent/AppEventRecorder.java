package dev.notionoauth.appevent;

import dev.notionoauth.Installation;
import dev.notionoauth.spi.AppEventStore;
import dev.notionoauth.spi.InstallationListener;
import java.time.Clock;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes an event to the outbox for each installation change of a configured type: stored (new or
 * re-authorized), needing re-authorization, revoked, deleted. An installation listener, added by
 * the composition root when app events are on. It runs on the thread that made the change, right
 * after the write (on PostgreSQL a callback's installation and its event share one commit).
 */
public final class AppEventRecorder implements InstallationListener {
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

  private void add(AppEvent event) {
    store.add(StoredAppEvent.pending(event));
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
