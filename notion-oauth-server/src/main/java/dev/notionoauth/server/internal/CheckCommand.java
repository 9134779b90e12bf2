package dev.notionoauth.server.internal;

import dev.notionoauth.server.ConfigLoader;
import dev.notionoauth.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code check}: validates everything {@code serve} would, reporting every problem. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Validate the configuration as serve would (secrets, URLs, routes, documents, plugins, TLS),"
            + " reporting every problem with its key path.")
public final class CheckCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Path file = config.resolve(System.getenv());
    ServerConfig cfg = ConfigLoader.load(file);
    PrintWriter out = spec.commandLine().getOut();
    out.println("OK: " + file + " is valid.");
    out.println("  redirect URI to register in Notion: " + cfg.notion().redirectUri());
    out.println(
        "  routes: install "
            + cfg.server().basePath()
            + cfg.server().installPath()
            + ", callback "
            + cfg.server().basePath()
            + cfg.server().callbackPath()
            + ", documents "
            + cfg.documents().keySet());
    out.println(
        "  consumer: "
            + cfg.consumer()
            + ", view: "
            + cfg.view()
            + ", TLS: "
            + (cfg.server().tls() == null ? "off" : "on"));
    oldKeyWarning(cfg).ifPresent(out::println);
    return 0;
  }

  /**
   * A warning when rows are still sealed with an older key (nothing if the store is unreachable).
   */
  private static java.util.Optional<String> oldKeyWarning(ServerConfig cfg) {
    if (cfg.store().keys() == null) {
      return java.util.Optional.empty();
    }
    try (dev.notionoauth.store.jdbc.JdbcStores stores =
        dev.notionoauth.store.jdbc.JdbcStores.open(cfg.store().jdbcSettings(false))) {
      long old = stores.keyRotation().countNotOnCurrentKey();
      return old == 0
          ? java.util.Optional.empty()
          : java.util.Optional.of(
              "  warning: "
                  + old
                  + " installation(s) are sealed with an older encryption key: run rotate-key"
                  + " (after every instance has the new key), then remove the old key");
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
