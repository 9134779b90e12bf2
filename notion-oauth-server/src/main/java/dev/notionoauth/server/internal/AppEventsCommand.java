package dev.notionoauth.server.internal;

import dev.notionoauth.appevent.StoredAppEvent;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.web.LogSafe;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code app-events}: list the events sent to the app (or only the dead letters), replay one. */
@Command(
    name = "app-events",
    mixinStandardHelpOptions = true,
    description = "List the events sent to the app (app-events.url), replay a dead letter.",
    subcommands = {AppEventsCommand.ListEvents.class, AppEventsCommand.Replay.class})
public final class AppEventsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: Missing app-events subcommand: list or replay");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code app-events list [--failed]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the newest events: id, type, status, attempts, last error, created.")
  public static final class ListEvents implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--failed", description = "Only the dead letters.")
    boolean failed;

    @Option(names = "--limit", paramLabel = "N", description = "At most N (default 50).")
    int limit = 50;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcStores stores = store.open(true)) {
        List<StoredAppEvent> events =
            stores
                .appEventStore()
                .list(
                    failed ? Optional.of(StoredAppEvent.Status.DEAD) : Optional.empty(),
                    Math.max(1, Math.min(limit, 1000)));
        if (events.isEmpty()) {
          out.println(failed ? "No dead letters" : "No app events");
          return 0;
        }
        out.printf(
            "%-31s %-27s %-9s %-8s %-24s %s%n",
            "ID", "TYPE", "STATUS", "ATTEMPTS", "CREATED", "LAST ERROR");
        for (StoredAppEvent e : events) {
          out.printf(
              "%-31s %-27s %-9s %-8d %-24s %s%n",
              e.event().id(),
              e.event().type().wireName(),
              e.status(),
              e.attempts(),
              e.event().createdAt(),
              e.lastError() == null ? "" : LogSafe.text(e.lastError()));
        }
        return 0;
      }
    }
  }

  /** {@code app-events replay ID}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = "Send an event again (attempts reset): the running server posts it at once.")
  public static final class Replay implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "ID")
    String id = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (JdbcStores stores = store.open(true)) {
        if (!stores.appEventStore().requeue(id, Instant.now())) {
          spec.commandLine().getErr().println("error: no app event " + LogSafe.text(id));
          return 1;
        }
        spec.commandLine().getOut().println("Queued " + id + " for delivery");
        return 0;
      }
    }
  }
}
