package dev.notionoauth.server.internal;

import dev.notionoauth.store.jdbc.JdbcStores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code migrate}: applies pending schema migrations (serve also does this at start). */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Create or upgrade the database schema of the configured store.")
public final class MigrateCommand implements Callable<Integer> {
  @Mixin StoreOptions store = new StoreOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (JdbcStores stores = store.open(false)) {
      int applied = JdbcStores.migrate(stores.dataSource());
      spec.commandLine()
          .getOut()
          .println(
              applied == 0
                  ? "Schema is up to date."
                  : "Applied " + applied + " migration(s); schema is up to date.");
    }
    return 0;
  }
}
