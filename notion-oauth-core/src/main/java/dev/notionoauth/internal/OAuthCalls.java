package dev.notionoauth.internal;

import dev.notionoauth.CallLimits;
import dev.notionoauth.NotionApiException;
import dev.notionoauth.NotionError;
import dev.notionoauth.NotionInvalidResponseException;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.NotionRateLimitedException;
import dev.notionoauth.NotionTransportException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth endpoints' policy over the {@link NotionTransport}: POSTs JSON with the client's Basic
 * credentials and retries by the rules of a single-use code:
 *
 * <ul>
 *   <li>429 and 529 were not processed: retried after {@code Retry-After} (or a jittered backoff)
 *       while attempts, the cap on waits and the call deadline allow;
 *   <li>a connect failure never sent anything: retried the same way;
 *   <li>a pooled keep-alive connection found closed before any byte of an answer is retried once on
 *       a fresh connection; a fresh one closed unanswered is not;
 *   <li>anything after the request left (5xx, reset, read timeout) is never retried for {@link
 *       Retry#SINGLE_USE} calls; {@link Retry#IDEMPOTENT} calls also retry 5xx and I/O errors.
 * </ul>
 */
public final class OAuthCalls {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthCalls.class);

  /** Whether a call may be repeated after the request may have been processed. */
  public enum Retry {
    /** Code exchange and refresh: a repeat could burn or double-spend a one-time credential. */
    SINGLE_USE,
    /** Revoke and introspect: repeating is harmless. */
    IDEMPOTENT
  }

  private final NotionTransport transport;
  private final NotionOAuthSettings settings;
  private final String authorization;

  /** The OAuth calls of one integration over a transport. */
  public OAuthCalls(NotionTransport transport, NotionOAuthSettings settings) {
    this.transport = transport;
    this.settings = settings;
    String credentials = settings.clientId().value() + ":" + settings.clientSecret().value();
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * POSTs the JSON body and returns the 2xx response body.
   *
   * @param call the call's name for the observer ({@code exchange}, {@code refresh} …)
   * @param path e.g. {@code /v1/oauth/token}
   * @param jsonBody the request body
   * @param retry the retry class of this call
   * @param maxRetryAfter the longest 429/529 wait this call may take ({@link Duration#ZERO}: never
   *     wait, for calls whose thread must not be held)
   * @return the response body text
   */
  public String post(
      String call, String path, String jsonBody, Retry retry, Duration maxRetryAfter) {
    return post(call, path, jsonBody, retry, maxRetryAfter, settings.calls());
  }

  /**
   * {@link #post} within other bounds than the settings' (a refresh: {@link
   * CallLimits#forRefresh}).
   */
  public String post(
      String call,
      String path,
      String jsonBody,
      Retry retry,
      Duration maxRetryAfter,
      CallLimits limits) {
    Backoff backoff = transport.backoff();
    long deadline = backoff.deadline(limits.callDeadline());
    int attempt = 0;
    boolean freshConnectionTried = false;
    while (true) {
      attempt++;
      long remaining = deadline - backoff.ticker().nanoTime();
      if (remaining <= 0) {
        throw timeout(path);
      }
      Duration timeout = Duration.ofNanos(Math.min(limits.attemptTimeout().toNanos(), remaining));
      HttpRequest request =
          HttpRequest.newBuilder(settings.endpoint(path))
              .timeout(timeout)
              .header("Authorization", authorization)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .header("Notion-Version", settings.notionVersion())
              .header("User-Agent", NotionTransport.USER_AGENT)
              .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8))
              .build();
      NotionTransport.Attempt outcome =
          transport.send(call, request, timeout, limits.maxResponseBytes());
      boolean mayRepeat = attempt < limits.maxAttempts();
      if (outcome instanceof NotionTransport.Attempt.Answer answer) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
          return answer.body();
        }
        if (status >= 300 && status < 400) {
          throw new NotionInvalidResponseException(
              "Notion answered " + path + " with a redirect (HTTP " + status + "), not followed",
              answer.requestId());
        }
        NotionError error = NotionError.parse(status, answer.body(), answer.requestId());
        if (status == 429 || status == 529) {
          Duration retryAfter =
              Backoff.parseRetryAfter(answer.headers().firstValue("retry-after").orElse(null));
          Duration wait = retryAfter != null ? retryAfter : Backoff.delay(attempt);
          boolean fits =
              wait.compareTo(maxRetryAfter) <= 0
                  && !maxRetryAfter.isZero()
                  && backoff.fits(wait, deadline);
          if (mayRepeat && fits) {
            LOG.info(
                "Notion answered {} {} to {}; waiting {} ms (attempt {})",
                status,
                error.code(),
                path,
                wait.toMillis(),
                attempt);
            backoff.sleep(wait);
            continue;
          }
          throw new NotionRateLimitedException(error, retryAfter);
        }
        if (status >= 500
            && retry == Retry.IDEMPOTENT
            && mayRepeat
            && backoff.within(attempt, deadline)) {
          continue;
        }
        throw new NotionApiException(error);
      } else if (outcome instanceof NotionTransport.Attempt.NotSent notSent) {
        if (notSent.pooledConnectionExpired()) {
          if (!freshConnectionTried) {
            // the server had dropped the idle connection: the request was not processed. Once,
            // fresh, not counted as an attempt
            freshConnectionTried = true;
            attempt--;
            LOG.info("Pooled connection to Notion was closed; retrying {} once", path);
            continue;
          }
          if (retry == Retry.IDEMPOTENT && mayRepeat && backoff.within(attempt, deadline)) {
            continue;
          }
          throw broken(path, notSent.why(), notSent.cause());
        }
        if (mayRepeat && backoff.within(attempt, deadline)) {
          LOG.info("Could not connect to Notion for {}; retrying (attempt {})", path, attempt);
          continue;
        }
        throw new NotionTransportException(
            NotionTransportException.Kind.CONNECT,
            "could not connect to Notion for " + path + " (" + notSent.why() + ")",
            notSent.cause());
      } else if (outcome instanceof NotionTransport.Attempt.Lost lost) {
        if (lost.timedOut()) {
          throw timeout(path);
        }
        if (retry == Retry.IDEMPOTENT && mayRepeat && backoff.within(attempt, deadline)) {
          continue;
        }
        throw broken(path, lost.why(), lost.cause());
      } else {
        throw new NotionInvalidResponseException(
            "Notion's answer to "
                + path
                + " is larger than "
                + limits.maxResponseBytes()
                + " bytes",
            null);
      }
    }
  }

  private static NotionTransportException broken(
      String path, String why, @Nullable Throwable cause) {
    return new NotionTransportException(
        NotionTransportException.Kind.IO,
        "connection to Notion failed during " + path + " (" + why + ")",
        cause);
  }

  private static NotionTransportException timeout(String path) {
    return new NotionTransportException(
        NotionTransportException.Kind.TIMEOUT,
        "no complete answer from Notion for " + path + " in time",
        null);
  }
}
