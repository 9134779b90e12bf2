package dev.notionoauth.internal;

import dev.notionoauth.AccessToken;
import dev.notionoauth.ApiLimits;
import dev.notionoauth.NotionCallObserver;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.NotionRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One attempt of an API call with an installation's token: {@code Authorization: Bearer}, {@code
 * Notion-Version}, our User-Agent, a deadline covering the whole body and a cap on its size. It
 * classifies what happened ({@link Attempt}) and decides nothing: retries are {@code NotionApi}'s.
 * It never logs a token or a body.
 */
public final class ApiHttp {
  private final java.util.function.Supplier<HttpClient> client;
  private final NotionOAuthSettings settings;
  private final ApiLimits limits;
  private final String userAgent;
  private final java.util.function.Supplier<NotionCallObserver> observer;

  /** Creates the transport over the OAuth client's HTTP client and settings. */
  public ApiHttp(
      java.util.function.Supplier<HttpClient> client,
      NotionOAuthSettings settings,
      ApiLimits limits,
      String userAgent,
      java.util.function.Supplier<NotionCallObserver> observer) {
    this.client = client;
    this.settings = settings;
    this.limits = limits;
    this.userAgent = userAgent;
    this.observer = observer;
  }

  /** What one attempt came to. */
  public sealed interface Attempt {
    /** Notion answered (any status). */
    record Answer(int status, HttpHeaders headers, String body) implements Attempt {}

    /** Nothing was sent (no connection, or a pooled connection found closed before sending). */
    record NotSent(String why) implements Attempt {}

    /** The request may have reached Notion, but no complete answer came. */
    record Lost(String why, boolean timedOut) implements Attempt {}

    /** The answer was larger than the cap. */
    record TooLarge() implements Attempt {}
  }

  /**
   * Sends once.
   *
   * @param request the call
   * @param token the installation's access token
   * @param timeout this attempt's deadline
   */
  public Attempt send(NotionRequest request, AccessToken token, Duration timeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(settings.apiBaseUrl() + request.target()))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token.value())
            .header("Accept", "application/json")
            .header(
                "Notion-Version",
                request.notionVersion() != null
                    ? request.notionVersion()
                    : settings.notionVersion())
            .header("User-Agent", userAgent);
    String body = request.jsonBody();
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(
              request.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      b.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.get().sendAsync(b.build(), NotionHttp.cappedBody(limits.maxResponseBytes()));
    try {
      HttpResponse<byte[]> r = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      observer.get().onAttempt("api", r.statusCode(), System.nanoTime() - started);
      return new Attempt.Answer(
          r.statusCode(), r.headers(), new String(r.body(), StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      pending.cancel(true);
      observer.get().onAttempt("api", 0, System.nanoTime() - started);
      return new Attempt.Lost("no complete answer in time", true);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      return new Attempt.Lost("interrupted", false);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (NotionHttp.has(cause, NotionHttp.BodyTooLargeException.class)) {
        return new Attempt.TooLarge();
      }
      // never sent: no connection, or the JDK's own sign of a dead pooled one (review 2026-12b
      // L4: a fresh connection closed unanswered may have been processed, so it is Lost)
      if (NotionHttp.isConnectFailure(cause) || NotionHttp.isExpiredPooledConnection(cause)) {
        return new Attempt.NotSent(NotionHttp.describe(cause));
      }
      return new Attempt.Lost(
          NotionHttp.describe(cause),
          NotionHttp.has(cause, java.net.http.HttpTimeoutException.class));
    }
  }
}
