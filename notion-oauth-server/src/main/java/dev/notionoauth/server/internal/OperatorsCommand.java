package dev.notionoauth.server.internal;

import dev.notionoauth.server.internal.console.Passwords;
import dev.notionoauth.store.jdbc.JdbcOperators;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.web.LogSafe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code operators}: add (the password read from the terminal twice, or from standard input when it
 * is not a terminal, so scripts can pipe it), list and remove the operator console's operators.
 */
@Command(
    name = "operators",
    mixinStandardHelpOptions = true,
    description =
        "Add, list and remove the operators who sign in to the console (console.enabled).",
    subcommands = {
      OperatorsCommand.Add.class,
      OperatorsCommand.ListOperators.class,
      OperatorsCommand.Remove.class
    })
public final class OperatorsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("error: Missing operators subcommand: add, list or remove");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code operators add NAME}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add an operator. The password (12 to 72 bytes) is asked twice on a terminal, else read"
              + " as the first line of standard input; only its bcrypt hash is stored.")
  public static final class Add implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      if (!Passwords.validName(name)) {
        err.println("error: a name is 1 to 64 letters, digits, '.', '_', '@' or '-'");
        return 2;
      }
      char[] password = readPassword(err);
      if (password == null) {
        return 2;
      }
      try {
        String problem = Passwords.problem(password);
        if (problem != null) {
          err.println("error: " + problem);
          return 2;
        }
        String hash = Passwords.hash(password);
        try (JdbcStores stores = store.open(true)) {
          if (!stores.operators().add(name, hash, Instant.now())) {
            err.println("error: an operator named " + name + " exists");
            return 1;
          }
        }
        spec.commandLine().getOut().println("Added operator " + name);
        return 0;
      } finally {
        Arrays.fill(password, '\0');
      }
    }

    /**
     * Whether the console is a terminal: on Java 22+ {@code System.console()} exists even when
     * standard input is a pipe, and {@code Console.isTerminal()} (not in Java 17) tells them apart.
     */
    private static boolean isTerminal(java.io.Console console) {
      try {
        return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
      } catch (ReflectiveOperationException java17) {
        return true; // before Java 22 a console exists only on a terminal
      }
    }

    private static char @org.jspecify.annotations.Nullable [] readPassword(PrintWriter err)
        throws IOException {
      java.io.Console console = System.console();
      if (console != null && isTerminal(console)) {
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Again: ");
        if (first == null || again == null || !Arrays.equals(first, again)) {
          err.println("error: the passwords differ");
          return null;
        }
        Arrays.fill(again, '\0');
        return first;
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null) {
        err.println("error: no password on standard input");
        return null;
      }
      return line.toCharArray();
    }
  }

  /** {@code operators list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the operators.")
  public static final class ListOperators implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcStores stores = store.open(true)) {
        List<JdbcOperators.Operator> all = stores.operators().list();
        if (all.isEmpty()) {
          out.println("No operators");
          return 0;
        }
        out.printf("%-32s %s%n", "NAME", "ADDED");
        for (JdbcOperators.Operator o : all) {
          out.printf("%-32s %s%n", LogSafe.text(o.name()), o.createdAt());
        }
        return 0;
      }
    }
  }

  /** {@code operators remove NAME}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove an operator and end their sessions.")
  public static final class Remove implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (JdbcStores stores = store.open(true)) {
        if (!stores.operators().remove(name)) {
          spec.commandLine().getErr().println("error: no operator " + LogSafe.text(name));
          return 1;
        }
        spec.commandLine().getOut().println("Removed operator " + name);
        return 0;
      }
    }
  }
}
