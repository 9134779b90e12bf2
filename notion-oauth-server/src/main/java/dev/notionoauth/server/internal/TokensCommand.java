package dev.notionoauth.server.internal;

import dev.notionoauth.Installation;
import dev.notionoauth.InstallationException;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.store.jdbc.InstallationSummary;
import dev.notionoauth.store.jdbc.JdbcStores;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tokens}: look at and manage stored installations. Tokens are shown only with --reveal. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "List, show, refresh, revoke and check stored installations.",
    subcommands = {
      TokensCommand.ListTokens.class,
      TokensCommand.Show.class,
      TokensCommand.Refresh.class,
      TokensCommand.Revoke.class,
      TokensCommand.Check.class,
      TokensCommand.ReconnectLink.class
    })
public final class TokensCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "error: Missing tokens subcommand: list, show, refresh, revoke, check or"
                + " reconnect-link");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** Says on one line that Notion could not do something and what that left; exit code 1. */
  static int notionFailed(
      CommandSpec spec, String what, NotionOAuthException e, String consequence) {
    spec.commandLine()
        .getErr()
        .println("error: could not " + what + " (" + e.getMessage() + "); " + consequence);
    return 1;
  }

  /** {@code tokens list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List installations (no tokens).")
  public static final class ListTokens implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcStores stores = store.open(false)) {
        out.printf(
            "%-36s  %-36s  %-12s  %-5s  %-3s  %-20s  %s%n",
            "BOT ID", "WORKSPACE ID", "STATUS", "BOUND", "VER", "UPDATED", "WORKSPACE / CONTEXT");
        String after = null;
        int n = 0;
        while (true) {
          List<InstallationSummary> page = stores.installationSummaries().page(after, 200);
          if (page.isEmpty()) {
            break;
          }
          for (InstallationSummary s : page) {
            out.printf(
                "%-36s  %-36s  %-12s  %-5s  %-3d  %-20s  %s %s%n",
                s.botId(),
                s.workspaceId(),
                s.status(),
                s.bound() ? "yes" : "no",
                s.tokenVersion(),
                s.updatedAt().toString().substring(0, 19) + "Z",
                s.workspaceName() == null
                    ? "-"
                    : dev.notionoauth.web.LogSafe.text(s.workspaceName()),
                dev.notionoauth.web.LogSafe.text(s.context().values().toString()));
            n++;
          }
          after = page.get(page.size() - 1).botId();
        }
        out.println(n + " installation(s)");
      }
      return 0;
    }
  }

  /** {@code tokens show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one installation; tokens only with --reveal.")
  public static final class Show implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId = "";

    @Option(names = "--reveal", description = "Also print the access and refresh tokens.")
    boolean reveal;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (!reveal) {
        try (JdbcStores stores = store.open(false)) {
          InstallationSummary s =
              stores
                  .installationSummaries()
                  .find(botId)
                  .orElseThrow(
                      () ->
                          new InstallationException(InstallationException.Reason.NOT_FOUND, botId));
          out.println("bot_id:          " + s.botId());
          out.println("workspace_id:    " + s.workspaceId());
          out.println(
              "workspace_name:  "
                  + (s.workspaceName() == null
                      ? "-"
                      : dev.notionoauth.web.LogSafe.text(s.workspaceName())));
          out.println("status:          " + s.status());
          out.println(
              "status_since:    "
                  + s.health().since()
                  + " ("
                  + dev.notionoauth.web.LogSafe.text(s.health().reason())
                  + ")");
          out.println("bound:           " + s.bound());
          out.println(
              "context:         "
                  + dev.notionoauth.web.LogSafe.text(s.context().values().toString()));
          out.println("token_version:   " + s.tokenVersion());
          out.println("key_id:          " + s.keyId());
          out.println("access_token:    *** (use --reveal)");
          out.println("refresh_token:   " + (s.hasRefreshToken() ? "*** (use --reveal)" : "none"));
          out.println("created_at:      " + s.createdAt());
          out.println("updated_at:      " + s.updatedAt());
          out.println("refreshed_at:    " + (s.refreshedAt() == null ? "never" : s.refreshedAt()));
        }
        return 0;
      }
      try (JdbcStores stores = store.openForTokens()) {
        Installation i =
            stores
                .installationStore()
                .find(botId)
                .orElseThrow(
                    () -> new InstallationException(InstallationException.Reason.NOT_FOUND, botId));
        out.println("bot_id:          " + i.botId());
        out.println("access_token:    " + i.tokens().access().value());
        out.println(
            "refresh_token:   "
                + (i.tokens().refresh() == null ? "none" : i.tokens().refresh().value()));
      }
      return 0;
    }
  }

  /** {@code tokens refresh}. */
  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      description = "Refresh one installation's token pair now.")
  public static final class Refresh implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Installation i;
      try {
        i = store.withInstallations(installations -> installations.refresh(botId));
      } catch (InstallationException e) {
        throw e;
      } catch (NotionOAuthException e) {
        return notionFailed(spec, "refresh bot_id=" + botId, e, "the stored pair is unchanged");
      }
      spec.commandLine()
          .getOut()
          .println(
              "Refreshed bot_id=" + i.botId() + " (token version " + i.tokens().version() + ")");
      return 0;
    }
  }

  /** {@code tokens revoke}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "Revoke one installation at Notion; it is kept as REVOKED (tokens list shows it).")
  public static final class Revoke implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try {
        store.withInstallations(
            installations -> {
              installations.revoke(botId);
              return botId;
            });
      } catch (InstallationException e) {
        throw e;
      } catch (NotionOAuthException e) {
        return notionFailed(
            spec,
            "revoke bot_id=" + botId + " at Notion",
            e,
            "the installation is kept, run tokens revoke again later");
      }
      spec.commandLine()
          .getOut()
          .println("Revoked bot_id=" + botId + " at Notion; it is kept as REVOKED.");
      return 0;
    }
  }

  /** {@code tokens check}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Ask Notion whether each installation is still active; mark the inactive ones. Safe to interrupt and run again.")
  public static final class Check implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ServerConfig config = store.config();
      Interruption interruption = Interruption.listen();
      try (JdbcStores stores = JdbcStores.open(config.store().jdbcSettings(true))) {
        Installations installations = Services.overStore(config, stores).installations();
        long total = stores.installationStore().count();
        int seen = 0;
        int inactive = 0;
        int failed = 0;
        String after = null;
        while (interruption.keepGoing()) {
          List<InstallationSummary> page = stores.installationSummaries().page(after, 100);
          if (page.isEmpty()) {
            break;
          }
          for (InstallationSummary s : page) {
            if (!interruption.keepGoing()) {
              break;
            }
            seen++;
            String verdict;
            try {
              boolean active = installations.check(s.botId());
              verdict = active ? "active" : "NEEDS_REAUTH (marked)";
              inactive += active ? 0 : 1;
            } catch (NotionOAuthException e) {
              verdict = "not checked: " + e.getMessage();
              failed++;
            }
            out.println("[" + seen + "/" + total + "] " + s.botId() + " " + verdict);
            out.flush();
          }
          after = page.get(page.size() - 1).botId();
        }
        if (!interruption.keepGoing()) {
          out.println(
              "Interrupted after "
                  + seen
                  + " of "
                  + total
                  + "; run tokens check again to continue.");
          return 130;
        }
        out.println(
            "Checked "
                + seen
                + ": "
                + (seen - inactive - failed)
                + " active, "
                + inactive
                + " need re-authorization, "
                + failed
                + " not checked.");
        return failed == 0 ? 0 : 1;
      }
    }
  }

  /** {@code tokens reconnect-link}. */
  @Command(
      name = "reconnect-link",
      mixinStandardHelpOptions = true,
      description =
          "Print a link that starts a new authorization carrying the installation's own context"
              + " (needs server.install-link-secret); send it to a user whose installation"
              + " NEEDS_REAUTH.")
  public static final class ReconnectLink implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "BOT_ID")
    String botId = "";

    @Option(
        names = "--valid-for",
        paramLabel = "MINUTES",
        description =
            "How long the link works (default: ${DEFAULT-VALUE}; at most"
                + " server.install-link-max-validity).")
    int minutes = 15;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ServerConfig config = store.config();
      dev.notionoauth.InstallLinks links = config.server().installLinks();
      if (links == null) {
        spec.commandLine()
            .getErr()
            .println("error: reconnect links need server.install-link-secret in the configuration");
        return 2;
      }
      java.net.URI link =
          store.withInstallations(
              installations ->
                  installations.reconnectLink(
                      botId,
                      Services.publicInstallUrl(config),
                      links,
                      java.time.Duration.ofMinutes(Math.max(1, Math.min(minutes, 60 * 24)))));
      spec.commandLine().getOut().println(link);
      return 0;
    }
  }
}
