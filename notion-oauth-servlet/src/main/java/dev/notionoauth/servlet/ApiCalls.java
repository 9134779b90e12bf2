package dev.notionoauth.servlet;

import dev.notionoauth.apikey.ApiKey;
import dev.notionoauth.audit.AuditAction;
import dev.notionoauth.audit.AuditActor;
import dev.notionoauth.audit.AuditEntry;
import dev.notionoauth.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What the API records of each call once it is answered: an audit entry (key name, method, route
 * template, bot id, status, latency — never a body, token or key) and the timer {@code
 * notion.api.requests} tagged by method, route template and status. The route is a template from a
 * closed set, so neither the audit nor the meters grow with what callers send.
 */
final class ApiCalls {
  static final String UNMATCHED = "unmatched";
  private static final String PREFIX = "/api/v1/";
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS");
  private static final Set<String> ACTIONS = Set.of("revoke", "access-token", "reconnect-link");

  private final @Nullable AuditLog audit;
  private final @Nullable MeterRegistry meters;

  ApiCalls(@Nullable AuditLog audit, @Nullable MeterRegistry meters) {
    this.audit = audit;
    this.meters = meters;
  }

  /** The route template of a path's segments after {@code /api/v1}. */
  static String route(String @Nullable [] s) {
    if (s == null) {
      return UNMATCHED;
    }
    if (s.length == 1 && (s[0].equals("installations") || s[0].equals("install-links"))) {
      return PREFIX + s[0];
    }
    if (s.length == 1 && s[0].equals("openapi.json")) {
      return PREFIX + s[0];
    }
    if (s.length == 2 && s[0].equals("installations")) {
      return PREFIX + "installations/{bot_id}";
    }
    if (s.length == 3 && s[0].equals("installations") && ACTIONS.contains(s[2])) {
      return PREFIX + "installations/{bot_id}/" + s[2];
    }
    if (s.length >= 3 && s[0].equals("notion") && s[2].equals("v1")) {
      return PREFIX + "notion/{bot_id}/v1/{path}";
    }
    return UNMATCHED;
  }

  /** The bot id a path names, when it names a well-formed one. */
  static @Nullable String botId(String @Nullable [] s, String route) {
    if (s == null || !route.contains("{bot_id}")) {
      return null;
    }
    try {
      return NotionApiServlet.botId(s[1]);
    } catch (ApiJson.Failure e) {
      return null;
    }
  }

  /** Records one answered call. */
  void ended(
      String method,
      String @Nullable [] segments,
      @Nullable ApiKey key,
      String address,
      int status,
      long nanos) {
    String route = route(segments);
    String m = METHODS.contains(method) ? method : "OTHER";
    if (meters != null) {
      Timer.builder("notion.api.requests")
          .description("HTTP API and Notion proxy calls by method, route template and status")
          .tag("method", m)
          .tag("route", route)
          .tag("status", Integer.toString(status))
          .register(meters)
          .record(nanos, TimeUnit.NANOSECONDS);
    }
    if (audit != null && !route.endsWith("openapi.json")) { // the public document: no actor
      AuditActor actor =
          key == null ? AuditActor.anonymous(address) : AuditActor.key(key.name(), address);
      audit.record(
          actor,
          new AuditAction(m, route, botId(segments, route)),
          new AuditEntry.Result(status, Duration.ofNanos(nanos)));
    }
  }
}
