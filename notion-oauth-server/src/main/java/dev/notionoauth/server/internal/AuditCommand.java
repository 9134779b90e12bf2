package dev.notionoauth.server.internal;

import dev.notionoauth.audit.AuditEntry;
import dev.notionoauth.audit.AuditQuery;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.web.LogSafe;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit list}: the newest audited API calls, optionally of one installation or key. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Read the audit of API and proxy calls (kept for api.audit-retention).",
    subcommands = {AuditCommand.ListEntries.class})
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: Missing audit subcommand: list");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code audit list [--bot-id B] [--key K] [--limit N] [--before ID]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the newest calls: time, key, address, method, route, bot id, status, latency.")
  public static final class ListEntries implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--bot-id", paramLabel = "BOT_ID", description = "Only this installation's.")
    String botId;

    @Option(names = "--key", paramLabel = "NAME", description = "Only this API key's.")
    String key;

    @Option(names = "--limit", paramLabel = "N", description = "At most N (default 50, max 1000).")
    int limit = 50;

    @Option(
        names = "--before",
        paramLabel = "ID",
        description = "Only calls older than this entry (the next page).")
    String before;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      AuditQuery query = AuditQuery.newest(Math.max(1, Math.min(limit, 1000)));
      if (botId != null) {
        query = query.botId(botId);
      }
      if (key != null) {
        query = query.actorName(key);
      }
      if (before != null) {
        query = query.before(before);
      }
      try (JdbcStores stores = store.open(true)) {
        List<AuditEntry> entries = stores.auditStore().list(query);
        if (entries.isEmpty()) {
          out.println("No audited calls");
          return 0;
        }
        out.printf(
            "%-22s %-24s %-20s %-16s %-6s %-44s %-36s %6s %9s%n",
            "ID", "TIME", "KEY", "ADDRESS", "METHOD", "ROUTE", "BOT ID", "STATUS", "MS");
        for (AuditEntry e : entries) {
          out.printf(
              "%-22s %-24s %-20s %-16s %-6s %-44s %-36s %6d %9.1f%n",
              e.id(),
              e.at(),
              LogSafe.text(e.actor().name()),
              LogSafe.text(e.actor().address()),
              e.action().method(),
              e.action().route(),
              e.action().bot().map(LogSafe::text).orElse("-"),
              e.result().status(),
              e.result().latency().toNanos() / 1e6);
        }
        return 0;
      }
    }
  }
}
