package dev.notionoauth.server.internal;

import dev.notionoauth.apikey.ApiKey;
import dev.notionoauth.apikey.ApiKeys;
import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.store.jdbc.JdbcStores;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code api-keys}: create (the key printed once, on its own line), list (never a key) and revoke
 * the HTTP API's keys, in the configured store, which every instance shares.
 */
@Command(
    name = "api-keys",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke the keys of the HTTP API (api.enabled).",
    subcommands = {
      ApiKeysCommand.Create.class,
      ApiKeysCommand.ListKeys.class,
      ApiKeysCommand.Revoke.class
    })
public final class ApiKeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println("error: Missing api-keys subcommand: create, list or revoke");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  private static String allScopes() {
    return Arrays.stream(ApiScope.values())
        .map(ApiScope::wireName)
        .collect(Collectors.joining(", "));
  }

  /** {@code api-keys create --name NAME --scope S…}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a key and print it once, alone on the last line: only its hash is stored, so it"
              + " cannot be shown again.")
  public static final class Create implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "A unique name, e.g. billing-backend.")
    String name = "";

    @Option(
        names = "--scope",
        required = true,
        split = ",",
        paramLabel = "SCOPE",
        description =
            "What the key may do (repeat or separate with commas): installations:read,"
                + " installations:write, tokens:read, notion:proxy, install-links:create.")
    List<String> scopes = new ArrayList<>();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Set<ApiScope> parsed = EnumSet.noneOf(ApiScope.class);
      for (String s : scopes) {
        Optional<ApiScope> scope = ApiScope.parse(s);
        if (scope.isEmpty()) {
          spec.commandLine()
              .getErr()
              .println("error: unknown scope '" + s + "' (one of " + allScopes() + ")");
          return 2;
        }
        parsed.add(scope.get());
      }
      try {
        ApiKey.checkName(name);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 2;
      }
      try (JdbcStores stores = store.open(true)) {
        Optional<ApiKeys.Created> made =
            new ApiKeys(stores.apiKeyStore(), Clock.systemUTC()).create(name, parsed);
        if (made.isEmpty()) {
          spec.commandLine()
              .getErr()
              .println("error: a key named '" + name + "' exists (revoke it first)");
          return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            "Created API key '"
                + name
                + "' ("
                + parsed.stream().map(ApiScope::wireName).collect(Collectors.joining(" "))
                + "). It is shown once; keep it in your app's secrets:");
        out.println(made.get().secret().reveal());
        out.flush();
        return 0;
      }
    }
  }

  /** {@code api-keys list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the keys (never a key itself).")
  public static final class ListKeys implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcStores stores = store.open(true)) {
        List<ApiKey> keys = stores.apiKeyStore().list();
        if (keys.isEmpty()) {
          out.println("No API keys (create one with: api-keys create --name NAME --scope SCOPE)");
          return 0;
        }
        out.printf("%-24s %-22s %-22s %s%n", "NAME", "CREATED", "LAST USED", "SCOPES");
        for (ApiKey k : keys) {
          out.printf(
              "%-24s %-22s %-22s %s%n",
              k.name(),
              k.createdAt().toString(),
              k.lastUsed().map(Object::toString).orElse("never"),
              k.scopes().stream().map(ApiScope::wireName).collect(Collectors.joining(" ")));
        }
        return 0;
      }
    }
  }

  /** {@code api-keys revoke NAME}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a key: every instance refuses it (401) from its next request.")
  public static final class Revoke implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (JdbcStores stores = store.open(true)) {
        if (!new ApiKeys(stores.apiKeyStore(), Clock.systemUTC()).revoke(name)) {
          spec.commandLine().getErr().println("error: no API key named '" + name + "'");
          return 1;
        }
        spec.commandLine().getOut().println("Revoked API key '" + name + "'");
        return 0;
      }
    }
  }
}
