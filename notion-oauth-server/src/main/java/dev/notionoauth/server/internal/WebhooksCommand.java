package dev.notionoauth.server.internal;

import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.web.LogSafe;
import dev.notionoauth.webhook.StoredWebhookEvent;
import dev.notionoauth.webhook.WebhookCandidate;
import dev.notionoauth.webhook.WebhookVerification;
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

/**
 * {@code webhooks}: capture and confirm the verification token, look at received events, replay
 * one.
 */
@Command(
    name = "webhooks",
    mixinStandardHelpOptions = true,
    description =
        "Capture and confirm the webhook verification token, list received events, replay one.",
    subcommands = {
      WebhooksCommand.Capture.class,
      WebhooksCommand.Candidates.class,
      WebhooksCommand.Confirm.class,
      WebhooksCommand.ListEvents.class,
      WebhooksCommand.Replay.class
    })
public final class WebhooksCommand implements Callable<Integer> {
  /** How long capture keeps listening after the first request, for others to show up. */
  private static final Duration SETTLE = Duration.ofSeconds(1);

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "error: Missing webhooks subcommand: capture, candidates, confirm, list or replay");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code webhooks capture}. */
  @Command(
      name = "capture",
      mixinStandardHelpOptions = true,
      description =
          "Open a window in which the running server keeps Notion's verification request, wait"
              + " for it and print it, to paste into Notion's Verify dialog; then confirm it with"
              + " `webhooks confirm N`. Every request received in the window is listed: only the"
              + " one Notion's Verify accepts is Notion's.")
  public static final class Capture implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description = "How long the window stays open, e.g. 10m (default), 30s; at most 1h.")
    String timeout = "10m";

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      Duration wait = ConfigNode.parseDuration(timeout);
      if (wait == null
          || wait.compareTo(Duration.ofSeconds(1)) < 0
          || wait.compareTo(WebhookVerification.MAX_WINDOW) > 0) {
        spec.commandLine()
            .getErr()
            .println("error: --timeout must be a duration from 1s to 1h, like 10m or 30s");
        return 2;
      }
      Interruption interruption = Interruption.listen();
      try (JdbcStores stores = store.openForTokens()) {
        WebhookVerification verification = new WebhookVerification(stores.webhookStore());
        Instant until = verification.open(wait);
        out.println(
            "Capture window open until "
                + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + ". In the integration's Webhooks tab, create the subscription (or click"
                + " \"Resend token\") now.");
        out.flush();
        List<WebhookCandidate> seen = List.of();
        Instant settleUntil = null;
        while (interruption.keepGoing()) {
          Instant now = Instant.now();
          if (!now.isBefore(until) || (settleUntil != null && !now.isBefore(settleUntil))) {
            break;
          }
          Thread.sleep(200);
          List<WebhookCandidate> all = verification.candidates();
          for (WebhookCandidate c : all.subList(Math.min(seen.size(), all.size()), all.size())) {
            print(out, c);
            out.flush();
          }
          seen = all;
          if (!seen.isEmpty() && settleUntil == null) {
            settleUntil = Instant.now().plus(SETTLE);
          }
        }
        if (seen.isEmpty()) {
          verification.close();
          if (!interruption.keepGoing()) {
            out.println("Interrupted; the capture window is closed.");
            return 130;
          }
          spec.commandLine()
              .getErr()
              .println(
                  "error: no verification request arrived within "
                      + timeout
                      + "; is webhooks.enabled true and the subscription's URL this server's"
                      + " webhooks.path? The window is closed.");
          return 1;
        }
        if (seen.size() > 1) {
          out.println(
              "WARNING: "
                  + seen.size()
                  + " verification requests arrived; Notion sends one. Only the token Notion's"
                  + " Verify dialog accepts is Notion's: confirm that one, never another.");
        }
        out.println(
            "Paste the token into Notion's \"Verify\" dialog. Once Notion accepts it, run"
                + " `webhooks confirm "
                + seen.get(0).number()
                + "` (or the number of the token it accepted). Until then no delivery is"
                + " accepted with it. The window stays open until "
                + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "; `webhooks candidates` lists everything it received.");
        return 0;
      }
    }
  }

  private static void print(PrintWriter out, WebhookCandidate c) {
    out.println(
        "#"
            + c.number()
            + "  received "
            + c.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + " from "
            + LogSafe.text(c.from())
            + "  token: "
            + LogSafe.text(c.token().value()));
  }

  /** {@code webhooks candidates}. */
  @Command(
      name = "candidates",
      mixinStandardHelpOptions = true,
      description =
          "List the verification requests received in the current (or last) capture window.")
  public static final class Candidates implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcStores stores = store.openForTokens()) {
        WebhookVerification verification = new WebhookVerification(stores.webhookStore());
        List<WebhookCandidate> all = verification.candidates();
        for (WebhookCandidate c : all) {
          print(out, c);
        }
        out.println(
            all.size()
                + " candidate(s); window "
                + verification
                    .openUntil()
                    .map(u -> "open until " + u.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    .orElse("closed")
                + "; "
                + (verification.hasConfirmedToken()
                    ? "a confirmed token is in use"
                    : "no token confirmed yet: deliveries are refused"));
      }
      return 0;
    }
  }

  /** {@code webhooks confirm}. */
  @Command(
      name = "confirm",
      mixinStandardHelpOptions = true,
      description =
          "Trust candidate N from now on, after Notion's Verify dialog accepted its token; the"
              + " window closes and the other candidates are forgotten.")
  public static final class Confirm implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "N")
    int number;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (JdbcStores stores = store.openForTokens()) {
        if (!new WebhookVerification(stores.webhookStore()).confirm(number)) {
          spec.commandLine()
              .getErr()
              .println(
                  "error: no candidate #"
                      + number
                      + "; `webhooks candidates` lists them (a new capture window forgets the"
                      + " last one's)");
          return 1;
        }
      }
      spec.commandLine()
          .getOut()
          .println(
              "Token #"
                  + number
                  + " confirmed: deliveries signed with it are accepted from now on, on every"
                  + " instance.");
      return 0;
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
