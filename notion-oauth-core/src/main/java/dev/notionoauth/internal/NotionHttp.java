package dev.notionoauth.internal;

import dev.notionoauth.NotionApiException;
import dev.notionoauth.NotionCallObserver;
import dev.notionoauth.NotionError;
import dev.notionoauth.NotionInvalidResponseException;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.NotionRateLimitedException;
import dev.notionoauth.NotionTransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to Notion's OAuth endpoints with the retry rules of a single-use code:
 *
 * <ul>
 *   <li>429 and 529 were not processed: retried after {@code Retry-After} (or a jittered backoff)
 *       while attempts, the cap on waits and the call deadline allow;
 *   <li>a connect failure never sent anything: retried the same way;
 *   <li>a pooled keep-alive connection found closed before any byte of an answer (the JDK's {@code
 *       ConnectionExpiredException}, raised only for a reused connection) is retried once on a
 *       fresh connection; a fresh one closed unanswered is not;
 *   <li>anything after the request left (5xx, reset, read timeout) is never retried for {@link
 *       Retry#SINGLE_USE} calls; {@link Retry#IDEMPOTENT} calls also retry 5xx and I/O errors.
 * </ul>
 *
 * Every attempt has a deadline covering the whole body (on Java 17 {@code HttpRequest.timeout}
 * stops at the headers), and bodies beyond the size cap are refused while streaming.
 */
public final class NotionHttp {
  private static final Logger LOG = LoggerFactory.getLogger(NotionHttp.class);

  /** Whether a call may be repeated after the request may have been processed. */
  public enum Retry {
    /** Code exchange and refresh: a repeat could burn or double-spend a one-time credential. */
    SINGLE_USE,
    /** Revoke and introspect: repeating is harmless. */
    IDEMPOTENT
  }

  private final Supplier<HttpClient> client;
  private final NotionOAuthSettings settings;
  private final String authorization;
  private final String userAgent;

  /** Creates the transport over a given client. */
  public NotionHttp(HttpClient client, NotionOAuthSettings settings) {
    this(() -> client, settings);
  }

  /**
   * Creates the transport over a client made when first needed (see {@link #lazyDefaultClient}).
   */
  public NotionHttp(Supplier<HttpClient> client, NotionOAuthSettings settings) {
    this.client = client;
    this.settings = settings;
    String credentials = settings.clientId().value() + ":" + settings.clientSecret().value();
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    this.userAgent =
        "notion-oauth-handler-java/"
            + Version.VERSION
            + " (Java "
            + Runtime.version().feature()
            + ")";
  }

  /**
   * The default client: HTTP/1.1, no redirects, the configured connect timeout, and a direct
   * executor: the JDK client's completion work (reading the answer into the capped body, completing
   * the future) runs on its own selector thread, and the caller blocked in {@code get} is woken
   * once. Every stage here is short and non-blocking, and nothing is chained on the futures
   * (callers only wait on them with a deadline), so nothing can block the selector. Measured: the
   * JDK's default executor starts a thread per call on small machines, a bounded pool costs a
   * second hand-off per call; direct is ~20% less CPU per callback than the pool
   * (docs/performance.md).
   */
  public static HttpClient defaultClient(NotionOAuthSettings settings) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.connectTimeout())
        .executor(Runnable::run)
        .build();
  }

  /**
   * The {@link #defaultClient}, built on first use and then shared: building one loads the JDK
   * client's classes and starts its selector thread, which a server need not wait for before its
   * first response (installs never call Notion). The OAuth calls and the API calls of {@code
   * Installations} share it (one selector thread, one connection pool to one host).
   */
  public static Supplier<HttpClient> lazyDefaultClient(NotionOAuthSettings settings) {
    return new Supplier<>() {
      private volatile @Nullable HttpClient built;

      @Override
      public HttpClient get() {
        HttpClient c = built;
        if (c != null) {
          return c; // every call after the first: no lock
        }
        synchronized (this) {
          c = built;
          if (c == null) {
            c = defaultClient(settings);
            built = c;
          }
          return c;
        }
      }
    };
  }

  /** The HTTP client this transport uses (made on first use when lazy). */
  public Supplier<HttpClient> httpClient() {
    return client;
  }

  /** The User-Agent sent with every call. */
  public String userAgent() {
    return userAgent;
  }

  /**
   * POSTs the JSON body and returns the 2xx response body.
   *
   * @param path e.g. {@code /v1/oauth/token}
   * @param jsonBody the request body
   * @param retry the retry class of this call
   * @return the response body text
   */
  public String post(String path, String jsonBody, Retry retry) {
    return post(path, path, jsonBody, retry, settings.maxRetryAfter());
  }

  private volatile NotionCallObserver observer = NotionCallObserver.NONE;

  /** Tells {@code value} of every attempt. */
  public void observe(NotionCallObserver value) {
    this.observer = value;
  }

  /** The observer of attempts. */
  public NotionCallObserver observer() {
    return observer;
  }

  /**
   * Like {@link #post(String, String, Retry)} waiting out a 429/529 only up to {@code
   * maxRetryAfter} ({@link Duration#ZERO}: never wait, for calls whose thread must not be held).
   */
  public String post(
      String call, String path, String jsonBody, Retry retry, Duration maxRetryAfter) {
    long deadline = System.nanoTime() + settings.callDeadline().toNanos();
    int attempt = 0;
    boolean freshConnectionTried = false;
    while (true) {
      attempt++;
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw timeout(path);
      }
      long attemptNanos = Math.min(settings.attemptTimeout().toNanos(), remaining);
      HttpRequest request =
          HttpRequest.newBuilder(settings.endpoint(path))
              .timeout(Duration.ofNanos(attemptNanos))
              .header("Authorization", authorization)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .header("Notion-Version", settings.notionVersion())
              .header("User-Agent", userAgent)
              .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8))
              .build();
      long attemptStart = System.nanoTime();
      CompletableFuture<HttpResponse<byte[]>> pending =
          client.get().sendAsync(request, cappedBody(settings.maxResponseBytes()));
      HttpResponse<byte[]> response;
      try {
        response = pending.get(attemptNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pending.cancel(true);
        observer.onAttempt(call, 0, System.nanoTime() - attemptStart);
        throw timeout(path);
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw new NotionTransportException(
            NotionTransportException.Kind.IO, "interrupted while calling Notion " + path, null);
      } catch (ExecutionException e) {
        observer.onAttempt(call, 0, System.nanoTime() - attemptStart);
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (has(cause, BodyTooLargeException.class)) {
          throw new NotionInvalidResponseException(
              "Notion's answer to "
                  + path
                  + " is larger than "
                  + settings.maxResponseBytes()
                  + " bytes",
              null);
        }
        if (isConnectFailure(cause)) {
          if (attempt < settings.maxAttempts() && Backoff.within(attempt, deadline)) {
            LOG.info("Could not connect to Notion for {}; retrying (attempt {})", path, attempt);
            continue;
          }
          throw new NotionTransportException(
              NotionTransportException.Kind.CONNECT,
              "could not connect to Notion for " + path + " (" + describe(cause) + ")",
              cause);
        }
        if (isExpiredPooledConnection(cause) && !freshConnectionTried) {
          // The JDK found a reused keep-alive connection closed before any byte of an answer:
          // the server had dropped it idle, so the request was not processed. Once, fresh.
          freshConnectionTried = true;
          attempt--;
          LOG.info("Pooled connection to Notion was closed; retrying {} once", path);
          continue;
        }
        if (has(cause, HttpTimeoutException.class)) {
          throw timeout(path);
        }
        if (retry == Retry.IDEMPOTENT
            && attempt < settings.maxAttempts()
            && Backoff.within(attempt, deadline)) {
          continue;
        }
        throw new NotionTransportException(
            NotionTransportException.Kind.IO,
            "connection to Notion failed during " + path + " (" + describe(cause) + ")",
            cause);
      }

      long answeredAt = System.nanoTime();
      int status = response.statusCode();
      observer.onAttempt(call, status, answeredAt - attemptStart);
      String body = new String(response.body(), StandardCharsets.UTF_8);
      String headerRequestId = response.headers().firstValue("x-notion-request-id").orElse(null);
      if (status >= 200 && status < 300) {
        return body;
      }
      if (status >= 300 && status < 400) {
        throw new NotionInvalidResponseException(
            "Notion answered " + path + " with a redirect (HTTP " + status + "), not followed",
            headerRequestId);
      }
      NotionError error = NotionError.parse(status, body, headerRequestId);
      if (status == 429 || status == 529) {
        Duration retryAfter =
            Backoff.parseRetryAfter(response.headers().firstValue("retry-after").orElse(null));
        Duration wait = retryAfter != null ? retryAfter : Backoff.delay(attempt);
        boolean fits =
            wait.compareTo(maxRetryAfter) <= 0
                && !maxRetryAfter.isZero()
                && System.nanoTime() + wait.toNanos() < deadline;
        if (attempt < settings.maxAttempts() && fits) {
          LOG.info(
              "Notion answered {} {} to {}; waiting {} ms (attempt {})",
              status,
              error.code(),
              path,
              wait.toMillis(),
              attempt);
          Backoff.sleep(wait);
          continue;
        }
        throw new NotionRateLimitedException(error, retryAfter);
      }
      if (status >= 500
          && retry == Retry.IDEMPOTENT
          && attempt < settings.maxAttempts()
          && Backoff.within(attempt, deadline)) {
        continue;
      }
      throw new NotionApiException(error);
    }
  }

  private NotionTransportException timeout(String path) {
    return new NotionTransportException(
        NotionTransportException.Kind.TIMEOUT,
        "no complete answer from Notion for " + path + " in time",
        null);
  }

  static boolean isConnectFailure(Throwable t) {
    return has(t, ConnectException.class) || has(t, HttpConnectTimeoutException.class);
  }

  /**
   * The JDK's own sign that a connection taken from its pool was found closed before a single byte
   * of an answer came: {@code ConnectionExpiredException}, which it raises only for a reused
   * connection (a server dropping an idle keep-alive connection, before reading what we wrote). A
   * fresh connection closed unanswered raises a plain {@code IOException} and is never retried: the
   * server may have read and processed a single-use code or refresh token before it closed (review
   * 2026-12b, L4: no timing heuristic).
   */
  static boolean isExpiredPooledConnection(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getClass().getName().endsWith(".ConnectionExpiredException")) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  static boolean has(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** Exception class names only: JDK messages can contain URLs. */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + " / " + root.getClass().getSimpleName();
  }

  static HttpResponse.BodyHandler<byte[]> cappedBody(int max) {
    return info -> {
      long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
      return new CappedSubscriber(max, declared > max);
    };
  }

  /** Thrown inside the body subscriber when the body exceeds the cap. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("response body too large");
    }
  }

  /** Collects the body, failing (and cancelling the stream) past the cap. */
  private static final class CappedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final int max;
    private final boolean declaredTooLarge;

    CappedSubscriber(int max, boolean declaredTooLarge) {
      this.max = max;
      this.declaredTooLarge = declaredTooLarge;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      if (declaredTooLarge) {
        subscription.cancel();
        result.completeExceptionally(new BodyTooLargeException());
        return;
      }
      subscription.request(Long.MAX_VALUE);
      this.subscription = subscription;
    }

    private Flow.@Nullable Subscription subscription;

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (buffer.size() + item.remaining() > max) {
          Flow.Subscription s = subscription;
          if (s != null) {
            s.cancel();
          }
          result.completeExceptionally(new BodyTooLargeException());
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }
}
