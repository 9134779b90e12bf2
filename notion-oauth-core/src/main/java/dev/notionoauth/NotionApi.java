package dev.notionoauth;

import dev.notionoauth.internal.Backoff;
import dev.notionoauth.internal.Json;
import dev.notionoauth.internal.NotionTransport;
import dev.notionoauth.internal.Outgoing;
import dev.notionoauth.spi.RateLimitStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Notion's API, called with one installation's token: get one from {@link Installations#api}.
 * Thread-safe; cheap to create.
 *
 * <pre>{@code
 * NotionApi notion = installations.api(botId);
 * JsonNode me = notion.get("/v1/users/me");
 * JsonNode hits = notion.post("/v1/search", Map.of("query", "Roadmap"));
 * }</pre>
 *
 * <p>What each call does for you:
 *
 * <ul>
 *   <li><b>401 → one coordinated refresh → one retry.</b> A 401 means Notion did not process the
 *       request, so even a {@code POST} is sent again, once, with the new token. Of any number of
 *       threads and processes that hit the same expired token, exactly one refresh reaches Notion
 *       ({@link Installations#refresh}). A second 401, or a refused refresh, marks the installation
 *       {@code NEEDS_REAUTH} (listeners are told once) and throws {@link InstallationException}
 *       naming the bot id.
 *   <li><b>403 and 404 never refresh</b>: they mean the page is not shared with the integration (or
 *       it lacks a capability), which a new token does not fix. They throw {@link
 *       NotionApiException}.
 *   <li><b>Notion's limits</b>: a client-side token bucket per installation and per workspace
 *       ({@link ApiLimits}); 429 and 529 are waited out per {@code Retry-After} up to a cap, and a
 *       longer wait fails at once with {@link NotionRateLimitedException} carrying the wait and
 *       {@code rate_limit_reason} (a request thread is never blocked for minutes). Notion's
 *       per-workspace 429 pauses the whole workspace's bucket.
 *   <li><b>Never twice</b>: after a failure that may have reached Notion (a 5xx, a reset, a
 *       timeout) only {@code GET} and {@code DELETE} are repeated; a {@code POST} or {@code PATCH}
 *       fails with the error instead.
 * </ul>
 *
 * <p>It never logs a token or a body; logs name the bot id, method and path only.
 */
public final class NotionApi {
  private static final Logger LOG = LoggerFactory.getLogger(NotionApi.class);

  private final String botId;
  private final Installations installations;
  private final NotionOAuthClient client;
  private final Backoff backoff;
  private final RateLimitStore limiter;
  private final ApiLimits limits;
  private final CallLimits calls;

  NotionApi(
      String botId,
      Installations installations,
      NotionOAuthClient client,
      Backoff backoff,
      RateLimitStore limiter,
      ApiLimits limits) {
    this.botId = botId;
    this.installations = installations;
    this.client = client;
    this.backoff = backoff;
    this.limiter = limiter;
    this.limits = limits;
    this.calls = limits.calls();
  }

  /** The installation this client calls Notion for. */
  public String botId() {
    return botId;
  }

  /** {@code GET path}: Notion's JSON answer. */
  public JsonNode get(String path) {
    return send(NotionRequest.get(path)).json();
  }

  /** {@code POST path} with a body (a JSON tree, a map, or an object of yours): the answer. */
  public JsonNode post(String path, Object body) {
    return send(NotionRequest.post(path, toJson(body))).json();
  }

  /** {@code PATCH path} with a body: the answer. */
  public JsonNode patch(String path, Object body) {
    return send(NotionRequest.patch(path, toJson(body))).json();
  }

  /** {@code DELETE path}: the answer. */
  public JsonNode delete(String path) {
    return send(NotionRequest.delete(path)).json();
  }

  /** Any call; the answer read into a type of yours. */
  public <T> T send(NotionRequest request, Class<T> type) {
    return send(request).as(type);
  }

  /**
   * Makes one call (with the retries described above).
   *
   * @return Notion's 2xx answer
   * @throws NotionApiException Notion answered with an error (403, 404, 400, a 5xx …)
   * @throws NotionRateLimitedException a limit would make the call wait longer than allowed
   * @throws InstallationException the installation is missing, needs re-authorization or is revoked
   * @throws NotionTransportException Notion could not be reached, or no answer came in time
   * @throws NotionInvalidResponseException the answer was unusable (too large, a redirect)
   */
  public NotionResponse send(NotionRequest request) {
    return call(request, null);
  }

  /**
   * Makes one call like {@link #send(NotionRequest)}, but passes a successful answer's body to
   * {@code sink} as it arrives instead of reading it whole (the Notion proxy). Errors, refreshes
   * and waits happen before the sink is opened, exactly as for {@code send}; once it is open
   * nothing is repeated.
   *
   * @return Notion's 2xx status and headers (the body went to the sink)
   * @throws NotionTransportException also when the answer broke off after the sink was opened
   */
  public NotionResponse relay(NotionRequest request, NotionAnswerSink sink) {
    return call(request, sink);
  }

  private NotionResponse call(NotionRequest request, @Nullable NotionAnswerSink sink) {
    long deadline = backoff.deadline(calls.callDeadline());
    Installation installation = installations.forCall(botId);
    List<RateLimitStore.Bucket> buckets = buckets(installation.workspace().id());
    AccessToken token = installation.tokens().access();
    boolean refreshed = false;
    int attempt = 0;
    while (true) {
      attempt++;
      permit(buckets, deadline);
      long remaining = deadline - backoff.ticker().nanoTime();
      if (remaining <= 0) {
        throw timeout(request);
      }
      Duration timeout = Duration.ofNanos(Math.min(calls.attemptTimeout().toNanos(), remaining));
      NotionTransport.Attempt outcome =
          client
              .transport()
              .send("api", outgoing(request, token), timeout, calls.maxResponseBytes(), sink);
      if (outcome instanceof NotionTransport.Attempt.Answer answer) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
          return new NotionResponse(status, answer.headers().map(), answer.body());
        }
        NotionError error = NotionError.parse(status, answer.body(), answer.requestId());
        if (status == 401) {
          if (refreshed) {
            throw installations.needsReauth(
                botId, "Notion answered 401 " + error.code() + " again after a refresh");
          }
          token = installations.accessTokenAfterRejection(botId, token);
          refreshed = true;
          attempt--; // the retry after a refresh is not one of the limited attempts
          LOG.debug(
              "Retrying {} {} for bot_id={} with a refreshed token",
              request.method(),
              request.path(),
              botId);
          continue;
        }
        if (status == 429 || status == 529) {
          waitOrThrow(request, error, answer, buckets, attempt, deadline);
          continue;
        }
        if (status >= 500 && request.idempotent() && retryable(attempt, deadline)) {
          continue;
        }
        if (status >= 300 && status < 400) {
          throw new NotionInvalidResponseException(
              "Notion answered " + request.path() + " with a redirect (HTTP " + status + ")",
              error.requestId());
        }
        throw new NotionApiException(error);
      } else if (outcome instanceof NotionTransport.Attempt.NotSent notSent) {
        if (retryable(attempt, deadline)) {
          continue;
        }
        throw new NotionTransportException(
            NotionTransportException.Kind.CONNECT,
            "could not connect to Notion for "
                + request.method()
                + " "
                + request.path()
                + " ("
                + notSent.why()
                + ")",
            null);
      } else if (outcome instanceof NotionTransport.Attempt.Lost lost) {
        if (request.idempotent() && retryable(attempt, deadline)) {
          continue;
        }
        if (lost.timedOut()) {
          throw timeout(request);
        }
        throw new NotionTransportException(
            NotionTransportException.Kind.IO,
            "connection to Notion failed during "
                + request.method()
                + " "
                + request.path()
                + " ("
                + lost.why()
                + "); "
                + (request.idempotent() ? "" : "not repeated: it may have been processed"),
            null);
      } else if (outcome instanceof NotionTransport.Attempt.Cut cut) {
        throw new NotionTransportException(
            NotionTransportException.Kind.IO,
            "Notion's answer to "
                + request.method()
                + " "
                + request.path()
                + " broke off while it was passed on ("
                + cut.why()
                + ")",
            null);
      } else {
        throw new NotionInvalidResponseException(
            "Notion's answer to "
                + request.path()
                + " is larger than "
                + calls.maxResponseBytes()
                + " bytes",
            null);
      }
    }
  }

  /**
   * The request of one attempt: {@code Authorization: Bearer}, {@code Notion-Version} (the
   * request's own, or the settings'), our User-Agent, the JSON body if any.
   */
  private Outgoing outgoing(NotionRequest request, AccessToken token) {
    NotionOAuthSettings settings = client.settings();
    Map<String, String> headers = new LinkedHashMap<>(8);
    headers.put("Authorization", "Bearer " + token.value());
    headers.put("Accept", "application/json");
    headers.put(
        "Notion-Version",
        request.notionVersion() != null ? request.notionVersion() : settings.notionVersion());
    headers.put("User-Agent", NotionTransport.USER_AGENT);
    String body = request.jsonBody();
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    return new Outgoing(
        request.method(),
        URI.create(settings.apiBaseUrl() + request.target()),
        headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  private List<RateLimitStore.Bucket> buckets(String workspaceId) {
    return List.of(
        new RateLimitStore.Bucket(
            "installation:" + botId, limits.perInstallation(), limits.installationBurst()),
        new RateLimitStore.Bucket(
            "workspace:" + workspaceId, limits.perWorkspace(), limits.workspaceBurst()));
  }

  /** Waits for a client-side permit, at most {@code maxLocalWait}; else fails fast. */
  private void permit(List<RateLimitStore.Bucket> buckets, long deadline) {
    long waitedUntil = backoff.deadline(limits.maxLocalWait());
    while (true) {
      long now = backoff.ticker().nanoTime();
      long wait = limiter.tryAcquire(buckets, now);
      if (wait == 0) {
        return;
      }
      if (now + wait > waitedUntil || now + wait >= deadline) {
        throw new NotionRateLimitedException(
            new NotionError(
                429,
                "rate_limited",
                "client-side limit: the next permit is "
                    + Duration.ofNanos(wait).toMillis()
                    + " ms away",
                null,
                "client_limit"),
            Duration.ofNanos(wait));
      }
      sleep(Duration.ofNanos(wait));
    }
  }

  /** A 429/529: pause the bucket Notion named, then wait it out within the caps, or throw. */
  private void waitOrThrow(
      NotionRequest request,
      NotionError error,
      NotionTransport.Attempt.Answer answer,
      List<RateLimitStore.Bucket> buckets,
      int attempt,
      long deadline) {
    Duration retryAfter =
        Backoff.parseRetryAfter(answer.headers().firstValue("retry-after").orElse(null));
    Duration wait = retryAfter != null ? retryAfter : Backoff.delay(attempt);
    long now = backoff.ticker().nanoTime();
    String reason =
        error.rateLimitReason() == null ? "" : error.rateLimitReason().toLowerCase(Locale.ROOT);
    // Notion's per-workspace limit holds every installation of the workspace back, not just this
    // one
    RateLimitStore.Bucket paused = reason.contains("workspace") ? buckets.get(1) : buckets.get(0);
    limiter.pause(paused, wait, now);
    boolean fits = wait.compareTo(calls.maxRetryAfter()) <= 0 && now + wait.toNanos() < deadline;
    if (attempt < calls.maxAttempts() && fits) {
      LOG.info(
          "Notion answered {} {} to {} {} for bot_id={}; waiting {} ms",
          answer.status(),
          error.code(),
          request.method(),
          request.path(),
          botId,
          wait.toMillis());
      sleep(wait);
      return;
    }
    throw new NotionRateLimitedException(error, retryAfter);
  }

  private boolean retryable(int attempt, long deadline) {
    return attempt < calls.maxAttempts() && backoff.within(attempt, deadline);
  }

  private NotionTransportException timeout(NotionRequest request) {
    return new NotionTransportException(
        NotionTransportException.Kind.TIMEOUT,
        "no complete answer from Notion for "
            + request.method()
            + " "
            + request.path()
            + " in time",
        null);
  }

  private static String toJson(Object body) {
    if (body instanceof String s) {
      return s;
    }
    try {
      return Json.lenientMapper().writeValueAsString(body);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "the body cannot be written as JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  private void sleep(Duration wait) {
    backoff.sleep(wait);
  }

  @Override
  public String toString() {
    return "NotionApi[bot_id=" + botId + "]";
  }
}
