package dev.notionoauth.server.internal;

import dev.notionoauth.StoredWebhookEvent;
import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.web.LogSafe;
import java.io.PrintWriter;
import java.time.Duration;
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

/** {@code webhooks}: take the verification token, look at received events, replay one. */
@Command(
    name = "webhooks",
    mixinStandardHelpOptions = true,
    description = "Capture the webhook verification token, list received events, replay one.",
    subcommands = {
      WebhooksCommand.Capture.class,
      WebhooksCommand.ListEvents.class,
      WebhooksCommand.Replay.class
    })
public final class WebhooksCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println("error: Missing webhooks subcommand: capture, list or replay");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code webhooks capture}. */
  @Command(
      name = "capture",
      mixinStandardHelpOptions = true,
      description =
          "Open a window in which the running server accepts Notion's verification request, wait"
              + " for it, and print the token once, to paste into Notion's webhook page.")
  public static final class Capture implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description = "How long to wait, e.g. 10m (default), 30s.")
    String timeout = "10m";

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      Duration wait = ConfigNode.parseDuration(timeout);
      if (wait == null) {
        spec.commandLine().getErr().println("error: --timeout must be a duration like 10m or 30s");
        return 2;
      }
      Interruption interruption = Interruption.listen();
      try (JdbcStores stores = store.openForTokens()) {
        WebhookStore hooks = stores.webhookStore();
        Optional<WebhookVerificationToken> token = hooks.takeUnshownToken();
        if (token.isEmpty()) {
          Instant until = Instant.now().plus(wait);
          hooks.openCapture(until);
          out.println(
              "Waiting up to "
                  + timeout
                  + " for Notion's verification request. In the integration's Webhooks tab,"
                  + " create the subscription (or click \"Resend token\") now.");
          out.flush();
          while (token.isEmpty() && interruption.keepGoing() && Instant.now().isBefore(until)) {
            Thread.sleep(250);
            token = hooks.takeUnshownToken();
          }
          if (token.isEmpty()) {
            hooks.openCapture(Instant.now()); // closed
            if (!interruption.keepGoing()) {
              out.println("Interrupted; the capture window is closed.");
              return 130;
            }
            spec.commandLine()
                .getErr()
                .println(
                    "error: no verification request arrived within "
                        + timeout
                        + "; is the subscription's URL this server's webhooks.path? The window is"
                        + " closed.");
            return 1;
          }
        }
        out.println("Verification token (shown once; paste it into Notion's \"Verify\" dialog):");
        out.println(token.get().value());
        out.println("It is stored sealed; deliveries signed with it are accepted from now on.");
        return 0;
      }
    }
  }

  /** {@code webhooks list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List received events, newest first; --failed for the dead letters.")
  public static final class ListEvents implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--failed", description = "Only events whose delivery gave up.")
    boolean failed;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (default 100).")
    int limit = 100;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcStores stores = store.open(true)) {
        WebhookStore hooks = stores.webhookStore();
        List<StoredWebhookEvent> events =
            hooks.list(
                failed ? Optional.of(StoredWebhookEvent.Status.FAILED) : Optional.empty(),
                Math.max(1, limit));
        out.printf(
            "%-20s  %-36s  %-28s  %-9s  %-3s  %s%n",
            "RECEIVED", "EVENT ID", "TYPE", "STATUS", "TRY", "INSTALLATIONS / LAST ERROR");
        for (StoredWebhookEvent e : events) {
          out.printf(
              "%-20s  %-36s  %-28s  %-9s  %-3d  %s%n",
              e.receivedAt().toString().substring(0, 19) + "Z",
              LogSafe.text(e.id()),
              LogSafe.text(e.type()),
              e.status(),
              e.attempts(),
              (e.installations().isEmpty() ? "-" : String.join(",", e.installations()))
                  + (e.lastError() == null ? "" : " / " + e.lastError()));
        }
        out.println(
            events.size()
                + " shown; pending "
                + hooks.count(StoredWebhookEvent.Status.PENDING)
                + ", delivered "
                + hooks.count(StoredWebhookEvent.Status.DELIVERED)
                + ", unmatched "
                + hooks.count(StoredWebhookEvent.Status.UNMATCHED)
                + ", failed "
                + hooks.count(StoredWebhookEvent.Status.FAILED));
      }
      return 0;
    }
  }

  /** {@code webhooks replay}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Deliver one stored event again (a dead letter, or any other): routed afresh, attempts"
              + " reset; a running server delivers it within a second.")
  public static final class Replay implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "EVENT_ID")
    String eventId = "";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (JdbcStores stores = store.open(true)) {
        if (!stores.webhookStore().requeue(eventId, Instant.now())) {
          spec.commandLine()
              .getErr()
              .println("error: no stored event with id " + LogSafe.text(eventId));
          return 1;
        }
      }
      spec.commandLine()
          .getOut()
          .println(
              "Event "
                  + LogSafe.text(eventId)
                  + " is pending again; a running server delivers it within a second.");
      return 0;
    }
  }
}
