package dev.notionoauth.servlet;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.FailureReason;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Counters of the install flow, kept by {@link NotionOAuthServlet} and written in the Prometheus
 * text format (version 0.0.4) by whoever exposes them (the standalone server's {@code /metrics}).
 * Every label value comes from a fixed set, never from a request.
 *
 * <pre>{@code
 * FlowMetrics metrics = new FlowMetrics();
 * NotionOAuthServlet servlet = NotionOAuthServlet.builder(flow).metrics(metrics).build();
 * ... metrics.writePrometheus(writer);
 * }</pre>
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

  /** Upper bounds of the callback duration histogram, in seconds. */
  static final double[] BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final LongAdder installsStarted = new LongAdder();
  private final LongAdder[] refused = adders(Refusal.values().length);
  private final LongAdder authorized = new LongAdder();
  private final LongAdder denied = new LongAdder();
  private final LongAdder[] failed = adders(FailureReason.values().length);
  private final LongAdder[] buckets = adders(BUCKETS.length);
  private final LongAdder callbackNanos = new LongAdder();
  private final LongAdder callbacks = new LongAdder();
  private final long startedMillis = System.currentTimeMillis();
  private volatile @Nullable LongSupplier installationCount;
  private volatile @Nullable Supplier<Map<String, Long>> webhookEventCounts;
  private final LongAdder[] webhookRequests = adders(WebhookOutcome.values().length);

  /** What a POST to the webhook route came to. */
  public enum WebhookOutcome {
    /** A new event, stored. */
    ACCEPTED,
    /** An event already stored (a redelivery). */
    DUPLICATE,
    /** A verification token, stored. */
    HANDSHAKE,
    /** 401: unsigned outside a capture window, or a signature that does not match. */
    UNAUTHORIZED,
    /** 400: signed, but not an event. */
    BAD_REQUEST,
    /** 413: larger than the limit. */
    TOO_LARGE,
    /** 503: the store failed; Notion retries. */
    UNAVAILABLE
  }

  /** Empty counters. */
  public FlowMetrics() {}

  /**
   * Also reports stored webhook events by status (pending, delivered, unmatched, failed), asked at
   * each scrape.
   */
  public FlowMetrics webhookEventCounts(Supplier<Map<String, Long>> counts) {
    this.webhookEventCounts = counts;
    return this;
  }

  void webhookRequest(WebhookOutcome outcome) {
    webhookRequests[outcome.ordinal()].increment();
  }

  /** How many webhook requests came to {@code outcome}. */
  public long webhookRequests(WebhookOutcome outcome) {
    return webhookRequests[outcome.ordinal()].sum();
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] out = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      out[i] = new LongAdder();
    }
    return out;
  }

  /**
   * Also reports the number of stored installations, asked at each scrape (a database count: keep
   * scrape intervals reasonable).
   */
  public FlowMetrics installationCount(LongSupplier count) {
    this.installationCount = count;
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
    callbacks.increment();
    callbackNanos.add(nanos);
    double seconds = nanos / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        buckets[i].increment();
        break;
      }
    }
  }

  /** How many flows were started (redirects to Notion). */
  public long installsStarted() {
    return installsStarted.sum();
  }

  /** How many callbacks ended with a token handed to the consumer. */
  public long authorized() {
    return authorized.sum();
  }

  /** How many callbacks failed for a reason. */
  public long failed(FailureReason reason) {
    return failed[reason.ordinal()].sum();
  }

  /** Writes every metric in the Prometheus text exposition format. */
  public void writePrometheus(StringBuilder out) {
    family(
        out,
        "notion_oauth_installs_started_total",
        "counter",
        "Install requests sent on to Notion with a new state.");
    out.append("notion_oauth_installs_started_total ").append(installsStarted.sum()).append('\n');

    family(
        out,
        "notion_oauth_installs_refused_total",
        "counter",
        "Install requests refused before reaching Notion, by reason.");
    for (Refusal r : Refusal.values()) {
      out.append("notion_oauth_installs_refused_total{reason=\"")
          .append(label(r.name()))
          .append("\"} ")
          .append(refused[r.ordinal()].sum())
          .append('\n');
    }

    family(
        out,
        "notion_oauth_callbacks_total",
        "counter",
        "Callbacks from Notion by outcome (authorized, denied, failed) and failure reason.");
    out.append("notion_oauth_callbacks_total{outcome=\"authorized\",reason=\"\"} ")
        .append(authorized.sum())
        .append('\n');
    out.append("notion_oauth_callbacks_total{outcome=\"denied\",reason=\"\"} ")
        .append(denied.sum())
        .append('\n');
    for (FailureReason r : FailureReason.values()) {
      out.append("notion_oauth_callbacks_total{outcome=\"failed\",reason=\"")
          .append(label(r.name()))
          .append("\"} ")
          .append(failed[r.ordinal()].sum())
          .append('\n');
    }

    family(
        out,
        "notion_oauth_callback_duration_seconds",
        "histogram",
        "Time to handle a callback, including the call to Notion and storing the token.");
    long cumulative = 0;
    for (int i = 0; i < BUCKETS.length; i++) {
      cumulative += buckets[i].sum();
      out.append("notion_oauth_callback_duration_seconds_bucket{le=\"")
          .append(BUCKETS[i])
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    long count = callbacks.sum();
    out.append("notion_oauth_callback_duration_seconds_bucket{le=\"+Inf\"} ")
        .append(count)
        .append('\n');
    out.append("notion_oauth_callback_duration_seconds_sum ")
        .append(callbackNanos.sum() / 1e9)
        .append('\n');
    out.append("notion_oauth_callback_duration_seconds_count ").append(count).append('\n');

    LongSupplier installations = installationCount;
    if (installations != null) {
      family(out, "notion_oauth_installations", "gauge", "Installations in the token store.");
      out.append("notion_oauth_installations ").append(installations.getAsLong()).append('\n');
    }

    family(
        out,
        "notion_oauth_webhook_requests_total",
        "counter",
        "POSTs to the webhook route by outcome.");
    for (WebhookOutcome o : WebhookOutcome.values()) {
      out.append("notion_oauth_webhook_requests_total{outcome=\"")
          .append(label(o.name()))
          .append("\"} ")
          .append(webhookRequests[o.ordinal()].sum())
          .append('\n');
    }
    Supplier<Map<String, Long>> events = webhookEventCounts;
    if (events != null) {
      family(
          out, "notion_oauth_webhook_events", "gauge", "Stored webhook events by delivery status.");
      for (Map.Entry<String, Long> e : events.get().entrySet()) {
        out.append("notion_oauth_webhook_events{status=\"")
            .append(label(e.getKey()))
            .append("\"} ")
            .append(e.getValue())
            .append('\n');
      }
    }

    family(
        out, "notion_oauth_start_time_seconds", "gauge", "When the counters started (Unix time).");
    out.append("notion_oauth_start_time_seconds ").append(startedMillis / 1000).append('\n');
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String label(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }
}
