package dev.notionoauth.internal;

import dev.notionoauth.NotionAnswerSink;
import dev.notionoauth.NotionCallObserver;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.NotionTransportException;
import dev.notionoauth.Ticker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one way this library sends a request to Notion: one attempt, with a deadline covering the
 * whole body (on Java 17 {@code HttpRequest.timeout} stops at the headers) and a cap on its size,
 * classified into an {@link Attempt}. It decides nothing: what is retried is the caller's policy
 * ({@link OAuthCalls} for the OAuth endpoints, {@code NotionApi} for the API), as OkHttp splits
 * sending from its retry-and-follow-up layer. It tells the observer of every attempt and never logs
 * a header or a body.
 */
public final class NotionTransport {
  /** The User-Agent every request sends. */
  public static final String USER_AGENT =
      "notion-oauth-handler-java/"
          + Version.VERSION
          + " (Java "
          + Runtime.version().feature()
          + ")";

  private final Supplier<HttpClient> client;
  private final @Nullable Supplier<Http1Client> apiClient;
  private final NotionCallObserver observer;
  private final Backoff backoff;

  /**
   * Creates the transport.
   *
   * @param client the JDK client, made on first use when lazy ({@link #lazyDefaultClient})
   * @param apiClient what carries the API calls ({@link #send(String, Outgoing, Duration, int)}),
   *     or null for the JDK client (a client of the caller's own, for a proxy or custom TLS)
   * @param observer told of every attempt
   * @param ticker what attempts are timed with and waits sleep on
   */
  public NotionTransport(
      Supplier<HttpClient> client,
      @Nullable Supplier<Http1Client> apiClient,
      NotionCallObserver observer,
      Ticker ticker) {
    this.client = client;
    this.apiClient = apiClient;
    this.observer = observer;
    this.backoff = new Backoff(ticker);
  }

  /** What one attempt came to. */
  public sealed interface Attempt {
    /** Notion answered (any status). */
    record Answer(int status, HttpHeaders headers, String body) implements Attempt {
      /** Notion's request id header, if any. */
      public @Nullable String requestId() {
        return headers.firstValue("x-notion-request-id").orElse(null);
      }
    }

    /**
     * Nothing was sent: no connection could be opened, or ({@code pooledConnectionExpired}) a
     * reused keep-alive connection was found closed before any byte of an answer.
     */
    record NotSent(String why, boolean pooledConnectionExpired, Throwable cause)
        implements Attempt {}

    /**
     * The request may have reached Notion, but no complete answer came ({@code cause} is null when
     * the deadline passed).
     */
    record Lost(String why, boolean timedOut, @Nullable Throwable cause) implements Attempt {}

    /** The answer was larger than the cap. */
    record TooLarge() implements Attempt {}

    /**
     * A 2xx answer being relayed to a {@link NotionAnswerSink} broke off (Notion's connection
     * failed, the body passed the cap, the deadline passed, or the sink failed): part of it may
     * have been passed on, so nothing can be repeated.
     */
    record Cut(String why) implements Attempt {}
  }

  /** The observer of attempts. */
  public NotionCallObserver observer() {
    return observer;
  }

  /** The waits between attempts, on this transport's ticker. */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * Sends an API call once: over the blocking {@link Http1Client} unless the caller gave a JDK
   * client of its own. Same outcomes, deadline and cap as {@link #send(String, HttpRequest,
   * Duration, int)}. With a {@code sink}, a 2xx answer's body goes there (an {@link Attempt.Answer}
   * with an empty body, or {@link Attempt.Cut}): as it arrives over {@link Http1Client}, whole from
   * a JDK client of the caller's own.
   */
  public Attempt send(
      String call,
      Outgoing request,
      Duration timeout,
      int maxResponseBytes,
      @Nullable NotionAnswerSink sink) {
    Supplier<Http1Client> api = apiClient;
    if (api == null) {
      Attempt whole = send(call, request.toJdk(timeout), timeout, maxResponseBytes);
      return sink == null ? whole : relayWhole(whole, sink);
    }
    long started = backoff.ticker().nanoTime();
    Attempt outcome = api.get().send(request, timeout, maxResponseBytes, sink);
    int status = outcome instanceof Attempt.Answer answer ? answer.status() : 0;
    observer.onAttempt(call, status, backoff.ticker().nanoTime() - started);
    return outcome;
  }

  /**
   * Sends once.
   *
   * @param call the call's name for the observer ({@code exchange}, {@code refresh}, {@code api} …)
   * @param request the request, its own timeout set to {@code timeout}
   * @param timeout this attempt's deadline, the whole body included
   * @param maxResponseBytes the cap on the answer
   * @throws NotionTransportException if the thread is interrupted (the interrupt is kept)
   */
  public Attempt send(String call, HttpRequest request, Duration timeout, int maxResponseBytes) {
    long started = backoff.ticker().nanoTime();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.get().sendAsync(request, CappedBody.of(maxResponseBytes));
    try {
      HttpResponse<byte[]> r = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      observer.onAttempt(call, r.statusCode(), backoff.ticker().nanoTime() - started);
      return new Attempt.Answer(
          r.statusCode(), r.headers(), new String(r.body(), StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      pending.cancel(true);
      observer.onAttempt(call, 0, backoff.ticker().nanoTime() - started);
      return new Attempt.Lost("no complete answer in time", true, null);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new NotionTransportException(
          NotionTransportException.Kind.IO, "interrupted while calling Notion", null);
    } catch (ExecutionException e) {
      observer.onAttempt(call, 0, backoff.ticker().nanoTime() - started);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (has(cause, CappedBody.BodyTooLargeException.class)) {
        return new Attempt.TooLarge();
      }
      if (isConnectFailure(cause)) {
        return new Attempt.NotSent(describe(cause), false, cause);
      }
      if (isExpiredPooledConnection(cause)) {
        return new Attempt.NotSent(describe(cause), true, cause);
      }
      return new Attempt.Lost(describe(cause), has(cause, HttpTimeoutException.class), cause);
    }
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
   * first response (installs never call Notion). The OAuth calls and the API calls share it (one
   * selector thread, one connection pool to one host).
   */
  public static Supplier<HttpClient> lazyDefaultClient(NotionOAuthSettings settings) {
    return once(() -> defaultClient(settings));
  }

  private static Attempt relayWhole(Attempt whole, NotionAnswerSink sink) {
    if (!(whole instanceof Attempt.Answer a) || a.status() < 200 || a.status() >= 300) {
      return whole;
    }
    try {
      sink.open(a.status(), a.headers().map()).write(a.body().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Attempt.Cut(e.getClass().getSimpleName());
    }
    return new Attempt.Answer(a.status(), a.headers(), "");
  }

  /** An {@link Http1Client} to Notion's API base, made on first use and then shared. */
  public static Supplier<Http1Client> lazyApiClient(NotionOAuthSettings settings) {
    return once(() -> new Http1Client(settings.apiBaseUrl(), settings.connectTimeout(), null));
  }

  /**
   * {@code make}'s value, made on first use and then shared; every use after the first is
   * lock-free.
   */
  private static <T> Supplier<T> once(Supplier<T> make) {
    return new Supplier<>() {
      private volatile @Nullable T built;

      @Override
      public T get() {
        T c = built;
        if (c != null) {
          return c;
        }
        synchronized (this) {
          c = built;
          if (c == null) {
            c = make.get();
            built = c;
          }
          return c;
        }
      }
    };
  }

  private static boolean isConnectFailure(Throwable t) {
    return has(t, ConnectException.class) || has(t, HttpConnectTimeoutException.class);
  }

  /**
   * The JDK's own sign that a connection taken from its pool was found closed before a single byte
   * of an answer came: {@code ConnectionExpiredException}, which it raises only for a reused
   * connection (a server dropping an idle keep-alive connection, before reading what we wrote). A
   * fresh connection closed unanswered raises a plain {@code IOException}: the server may have read
   * and processed a single-use code or refresh token before it closed (review 2026-12b, L4: no
   * timing heuristic).
   */
  private static boolean isExpiredPooledConnection(Throwable t) {
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

  private static boolean has(Throwable t, Class<? extends Throwable> type) {
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
  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + " / " + root.getClass().getSimpleName();
  }
}
