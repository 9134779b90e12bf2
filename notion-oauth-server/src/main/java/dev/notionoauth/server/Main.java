package dev.notionoauth.server;

import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.server.internal.ApiCommand;
import dev.notionoauth.server.internal.ApiKeysCommand;
import dev.notionoauth.server.internal.AppEventsCommand;
import dev.notionoauth.server.internal.AuditCommand;
import dev.notionoauth.server.internal.CheckCommand;
import dev.notionoauth.server.internal.DemoCommand;
import dev.notionoauth.server.internal.EmulatorCommand;
import dev.notionoauth.server.internal.InitCommand;
import dev.notionoauth.server.internal.MigrateCommand;
import dev.notionoauth.server.internal.OperatorsCommand;
import dev.notionoauth.server.internal.PluginsCommand;
import dev.notionoauth.server.internal.RotateKeyCommand;
import dev.notionoauth.server.internal.ServeCommand;
import dev.notionoauth.server.internal.TokensCommand;
import dev.notionoauth.server.internal.WebhooksCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code notion-oauth-handler} command: {@code serve}, {@code check}, {@code plugins}, {@code
 * emulator}, {@code demo}, {@code init}, {@code tokens}, {@code migrate}, {@code rotate-key}. Exit
 * code 0 on success; otherwise non-zero with a one-line reason on standard error (2 for a usage
 * mistake).
 */
@Command(
    name = "notion-oauth-handler",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Notion OAuth install flow server for public integrations.")
public final class Main implements java.util.concurrent.Callable<Integer> {
  /** The subcommands, in the order the usage lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          ServeCommand.class,
          CheckCommand.class,
          PluginsCommand.class,
          EmulatorCommand.class,
          DemoCommand.class,
          InitCommand.class,
          TokensCommand.class,
          WebhooksCommand.class,
          MigrateCommand.class,
          RotateKeyCommand.class,
          ApiCommand.class,
          ApiKeysCommand.class,
          AppEventsCommand.class,
          AuditCommand.class,
          OperatorsCommand.class);

  static {
    // On 1-2 CPUs the common pool has parallelism 1, and CompletableFuture then starts a new thread
    // for every async completion: the JDK HTTP client hands each response to one (a thread per call
    // to Notion, seen in the benchmark's profile: ~0.9 thread starts per callback). Set before
    // anything touches the pool; an explicit -D wins.
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null
        && Runtime.getRuntime().availableProcessors() < 4) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
    }
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    configureLogging();
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line without exiting (for tests and embedding).
   *
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    // picocli reflects over every subcommand it is given; `serve` (the one that must start fast)
    // gets only itself, everything else (usage, typos, other commands) gets all
    boolean serve = args.length > 0 && args[0].equals("serve");
    for (Class<?> command : serve ? List.of(ServeCommand.class) : COMMANDS) {
      cli.addSubcommand(command);
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof ConfigException c) {
            err.println("error: " + c.problems().size() + " configuration problem(s):");
            c.problems().forEach(p -> err.println("  " + p));
          } else {
            err.println("error: " + oneLine(e));
          }
          return 1;
        });
    return cli.execute(args);
  }

  /** Without a command: the usage, and exit code 2. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "error: Missing required subcommand: serve, check, plugins, emulator, demo, init, tokens,"
            + " migrate, rotate-key or api");
    spec.commandLine().usage(err);
    return 2;
  }

  /** A throwable's message on one line, without class names where a message exists. */
  public static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ').replace('\r', ' ');
  }

  /** slf4j-simple defaults (each overridable with -D on the command line). */
  static void configureLogging() {
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    setDefault("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
    setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Prints the library version. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"notion-oauth-handler " + NotionOAuthClient.libraryVersion()};
    }
  }
}
