package dev.notionoauth.servlet;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.FailureReason;
import dev.notionoauth.NotionCallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The install flow's meters, in any Micrometer {@link MeterRegistry}: the standalone server's
 * Prometheus registry at {@code /metrics}, or a Spring app's own registry (so they show in
 * Actuator). Kept by {@link NotionOAuthServlet} and {@link NotionWebhookServlet}. Every tag value
 * comes from a fixed set, never from a request; every counter exists from the start (at 0).
 *
 * <table>
 *   <caption>Meters (Prometheus names in brackets)</caption>
 *   <tr><td>{@code notion.oauth.installs.started}</td><td>flows sent on to Notion
 *       [{@code notion_oauth_installs_started_total}]</td></tr>
 *   <tr><td>{@code notion.oauth.installs.refused} {@code reason}</td><td>install requests refused
 *       before Notion</td></tr>
 *   <tr><td>{@code notion.oauth.callbacks} {@code outcome}, {@code reason}</td><td>callbacks by
 *       outcome (authorized, denied, failed) and failure reason ({@code none} otherwise)</td></tr>
 *   <tr><td>{@code notion.oauth.callback.duration}</td><td>time to handle a callback, Notion and
 *       storage included; a histogram</td></tr>
 *   <tr><td>{@code notion.oauth.installations}</td><td>stored installations (a count at each
 *       scrape), when {@link #installationCount} is given</td></tr>
 *   <tr><td>{@code notion.oauth.webhook.requests} {@code outcome}</td><td>POSTs to the webhook
 *       route</td></tr>
 *   <tr><td>{@code notion.oauth.webhook.events} {@code status}</td><td>stored webhook events by
 *       delivery status, when {@link #webhookEventCounts} is given</td></tr>
 *   <tr><td>{@code notion.oauth.notion.calls} {@code call}, {@code status}</td><td>each attempt
 *       of a call to Notion (latency and status; refreshes included), through {@link
 *       #notionCalls}</td></tr>
 * </table>
 */
public final class FlowMetrics {
  /** Why an install request did not go to Notion. */
  public enum Refusal {
    /** The client exceeded the per-address install rate. */
    RATE_LIMITED,
    /** The install link was missing, forged or expired (or no signed-in user). */
    INVALID_LINK,
    /** The state store could not be written. */
    UNAVAILABLE
  }

  /** What a POST to the webhook route came to. */
  public enum WebhookOutcome {
    /** A new event, stored. */
    ACCEPTED,
    /** An event already stored (a redelivery). */
    DUPLICATE,
    /** A verification request, kept as a candidate during a capture window. */
    HANDSHAKE,
    /** A signed event older than the replay horizon: answered 200, dropped. */
    STALE,
    /** 401: unsigned outside a capture window, or a signature that does not match. */
    UNAUTHORIZED,
    /** 429: the client address was refused too often lately. */
    RATE_LIMITED,
    /** 408: the body did not arrive within the read deadline. */
    TIMED_OUT,
    /** 400: signed, but not an event. */
    BAD_REQUEST,
    /** 413: larger than the limit. */
    TOO_LARGE,
    /** 503: the store failed, or too many bodies were being read; Notion retries. */
    UNAVAILABLE
  }

  /** The callback duration histogram's bucket bounds. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;
  private final Counter installsStarted;
  private final Counter[] refused = new Counter[Refusal.values().length];
  private final Counter authorized;
  private final Counter denied;
  private final Counter[] failed = new Counter[FailureReason.values().length];
  private final Counter[] webhookRequests = new Counter[WebhookOutcome.values().length];
  private final Timer callbackDuration;

  /** Meters in a registry of their own (for tests and apps that read them through the getters). */
  public FlowMetrics() {
    this(new SimpleMeterRegistry());
  }

  /** Meters in {@code registry}. */
  public FlowMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.installsStarted =
        Counter.builder("notion.oauth.installs.started")
            .description("Install requests sent on to Notion with a new state.")
            .register(registry);
    for (Refusal r : Refusal.values()) {
      refused[r.ordinal()] =
          Counter.builder("notion.oauth.installs.refused")
              .description("Install requests refused before reaching Notion, by reason.")
              .tag("reason", label(r.name()))
              .register(registry);
    }
    this.authorized = callbacks(registry, "authorized", "none");
    this.denied = callbacks(registry, "denied", "none");
    for (FailureReason r : FailureReason.values()) {
      failed[r.ordinal()] = callbacks(registry, "failed", label(r.name()));
    }
    for (WebhookOutcome o : WebhookOutcome.values()) {
      webhookRequests[o.ordinal()] =
          Counter.builder("notion.oauth.webhook.requests")
              .description("POSTs to the webhook route by outcome.")
              .tag("outcome", label(o.name()))
              .register(registry);
    }
    this.callbackDuration =
        Timer.builder("notion.oauth.callback.duration")
            .description(
                "Time to handle a callback, including the call to Notion and storing the token.")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
  }

  private static Counter callbacks(MeterRegistry registry, String outcome, String reason) {
    return Counter.builder("notion.oauth.callbacks")
        .description(
            "Callbacks from Notion by outcome (authorized, denied, failed) and failure reason.")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }

  /** The registry the meters are in. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Also reports the number of stored installations, asked at each scrape (a database count: keep
   * scrape intervals reasonable).
   */
  public FlowMetrics installationCount(LongSupplier count) {
    Gauge.builder("notion.oauth.installations", count, c -> (double) c.getAsLong())
        .description("Installations in the token store.")
        .strongReference(true) // the supplier is often a lambda nobody else holds
        .register(registry);
    return this;
  }

  /**
   * Also reports stored webhook events by status (each of {@code statuses}, lower-cased as the
   * tag), counted by {@code count} at each scrape.
   */
  public <S extends Enum<S>> FlowMetrics webhookEventCounts(
      Class<S> statuses, ToLongFunction<S> count) {
    for (S status : statuses.getEnumConstants()) {
      Gauge.builder("notion.oauth.webhook.events", () -> (double) count.applyAsLong(status))
          .description("Stored webhook events by delivery status.")
          .tag("status", label(status.name()))
          .strongReference(true)
          .register(registry);
    }
    return this;
  }

  void installStarted() {
    installsStarted.increment();
  }

  void installRefused(Refusal why) {
    refused[why.ordinal()].increment();
  }

  void callbackHandled(CallbackOutcome outcome, long nanos) {
    if (outcome instanceof CallbackOutcome.Authorized) {
      authorized.increment();
    } else if (outcome instanceof CallbackOutcome.Denied) {
      denied.increment();
    } else if (outcome instanceof CallbackOutcome.Failed f) {
      failed[f.reason().ordinal()].increment();
    }
    callbackDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  void webhookRequest(WebhookOutcome outcome) {
    webhookRequests[outcome.ordinal()].increment();
  }

  /** How many flows were started (redirects to Notion). */
  public long installsStarted() {
    return (long) installsStarted.count();
  }

  /** How many callbacks ended with a token handed to the consumer. */
  public long authorized() {
    return (long) authorized.count();
  }

  /** How many callbacks ended with the user declining at Notion. */
  public long denied() {
    return (long) denied.count();
  }

  /** How many callbacks failed for a reason. */
  public long failed(FailureReason reason) {
    return (long) failed[reason.ordinal()].count();
  }

  /** How many webhook requests came to {@code outcome}. */
  public long webhookRequests(WebhookOutcome outcome) {
    return (long) webhookRequests[outcome.ordinal()].count();
  }

  /**
   * An observer for {@link dev.notionoauth.NotionOAuthClient#observe}: each attempt of a call to
   * Notion into the timer {@code notion.oauth.notion.calls}, tagged {@code call} (exchange,
   * refresh, revoke, introspect, api) and {@code status} ({@code 2xx}, {@code 4xx}, {@code 5xx},
   * the exact code for 401, 403, 404, 429 and 529, {@code none} when no answer came). Refreshes are
   * the {@code call="refresh"} series.
   */
  public NotionCallObserver notionCalls() {
    return (call, status, nanos) ->
        Timer.builder("notion.oauth.notion.calls")
            .description("Calls to Notion: each attempt, by call and status.")
            .tag("call", call)
            .tag("status", statusTag(status))
            .register(registry)
            .record(nanos, TimeUnit.NANOSECONDS);
  }

  private static String statusTag(int status) {
    switch (status) {
      case 0:
        return "none";
      case 401:
      case 403:
      case 404:
      case 429:
      case 529:
        return Integer.toString(status);
      default:
        return (status / 100) + "xx";
    }
  }

  private static String label(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }
}
