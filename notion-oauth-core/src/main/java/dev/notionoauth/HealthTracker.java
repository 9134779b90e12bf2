package dev.notionoauth;

import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.InstallationStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installation health: a status change is one conditional write, and the listeners hear each change
 * exactly once (of any number of callers racing to make it, the one whose write changed the row
 * tells them). A listener that throws is logged and skipped. Behind {@link Installations}.
 */
final class HealthTracker {
  private static final Logger LOG = LoggerFactory.getLogger(Installations.class);

  private final InstallationStore store;
  private final Clock clock;
  private final List<InstallationListener> listeners;

  HealthTracker(InstallationStore store, Clock clock, List<InstallationListener> listeners) {
    this.store = store;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
  }

  void change(String botId, Installation.Status status, String reason) {
    Installation before = store.find(botId).orElseThrow(() -> Installations.missing(botId));
    Installation.Health health = new Installation.Health(status, clock.instant(), reason);
    if (before.status() != status && store.setHealth(botId, health)) {
      tell(before, before.status(), health);
    }
  }

  void tell(Installation i, Installation.Status from, Installation.Health to) {
    InstallationListener.Change change =
        new InstallationListener.Change(i.botId(), i.workspace().id(), i.context(), from, to);
    each(l -> l.onStatusChange(change));
  }

  boolean listening() {
    return !listeners.isEmpty();
  }

  void saved(Installation stored, boolean reauthorized) {
    each(l -> l.onSaved(stored, reauthorized));
  }

  void deleted(Installation gone) {
    each(l -> l.onDeleted(gone));
  }

  private void each(java.util.function.Consumer<InstallationListener> call) {
    for (InstallationListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn(
            "Installation listener {} failed: {}",
            l.getClass().getName(),
            e.getClass().getSimpleName());
      }
    }
  }
}
