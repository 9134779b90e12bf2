package dev.notionoauth.servlet;

import dev.notionoauth.Ticker;
import dev.notionoauth.webhook.WebhookReceiver;
import dev.notionoauth.webhook.WebhookSignature;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook route for any Jakarta Servlet 6 container: mount it, <b>with async support on</b>, at
 * the path Notion's webhook subscription posts to (the standalone server uses {@code
 * webhooks.path}, default {@code /notion/webhooks}). It is the only route that reads a request
 * body, so it reads bodies so that they cannot hold the server:
 *
 * <ul>
 *   <li>a client address that was refused too often lately gets 429 at once, before anything is
 *       read;
 *   <li>a declared {@code Content-Length} above the limit is refused before reading (an unsigned
 *       request is only ever a verification request, so its limit is {@value
 *       WebhookReceiver#MAX_UNSIGNED_BODY_BYTES} bytes);
 *   <li>at most {@code maxConcurrentReads} bodies are read at once; beyond, 503 with {@code
 *       Retry-After} at once (Notion retries);
 *   <li>a body is read without holding a thread while bytes trickle in ({@link
 *       jakarta.servlet.ReadListener}), and must arrive whole within {@code readTimeout}, else 408.
 * </ul>
 *
 * <p>{@link WebhookReceiver} decides the rest. Answers are short plain text; nothing received is
 * echoed. In a container where the servlet is mounted without async support, bodies are read on the
 * request thread (still bounded in number and size, but without the deadline), and a warning says
 * so once.
 *
 * <pre>{@code
 * WebhookDispatcher dispatcher = WebhookDispatcher.builder(webhookStore, installationStore)
 *     .consumers(List.of(myConsumer)).build().start();
 * WebhookReceiver receiver = WebhookReceiver.builder(webhookStore).onRecorded(dispatcher::wake).build();
 * ServletHolder hooks = new ServletHolder(NotionWebhookServlet.builder(receiver).build());
 * hooks.setAsyncSupported(true);
 * context.addServlet(hooks, "/notion/webhooks");
 * }</pre>
 */
public final class NotionWebhookServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NotionWebhookServlet.class);

  private final transient WebhookReceiver receiver;
  private final transient FlowMetrics metrics;
  private final transient Semaphore readers;
  private final Duration readTimeout;
  private final transient ClientRateLimiter refusals;
  private final transient Ticker ticker;
  private final AtomicBoolean warnedBlocking = new AtomicBoolean();

  /** A servlet over a receiver with every default, counting into its own metrics. */
  public NotionWebhookServlet(WebhookReceiver receiver) {
    this(builder(receiver));
  }

  private NotionWebhookServlet(Builder b) {
    this.receiver = b.receiver;
    this.metrics = b.metrics;
    this.readers = new Semaphore(b.maxConcurrentReads);
    this.readTimeout = b.readTimeout;
    this.refusals = new ClientRateLimiter(b.refusalsPerMinute);
    this.ticker = b.ticker;
  }

  /** A builder over the receiver that decides on each delivery. */
  public static Builder builder(WebhookReceiver receiver) {
    return new Builder(receiver);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      answer(response, request.isSecure(), 405, "Only POST is accepted here.");
      return;
    }
    String from = request.getRemoteAddr();
    long wait = refusals.waitFor(from, ticker.nanoTime());
    if (wait > 0) {
      metrics.webhookRequest(FlowMetrics.WebhookOutcome.RATE_LIMITED);
      response.setHeader("Retry-After", Long.toString(wait));
      closeUnread(response);
      answer(response, request.isSecure(), 429, "Too many refused requests; try again later.");
      return;
    }
    String signature = request.getHeader(WebhookSignature.HEADER);
    int max = receiver.maxBodyBytes(signature != null);
    if (request.getContentLengthLong() > max) {
      Delivery.refuseUnread(this, request, response, signature == null ? 401 : 413, max);
      return;
    }
    if (!readers.tryAcquire()) {
      metrics.webhookRequest(FlowMetrics.WebhookOutcome.UNAVAILABLE);
      response.setHeader("Retry-After", "5");
      closeUnread(response);
      answer(response, request.isSecure(), 503, "Busy; try again later.");
      return;
    }
    Delivery delivery = new Delivery(this, request, response, from, signature, max);
    if (!request.isAsyncSupported()) {
      if (warnedBlocking.compareAndSet(false, true)) {
        LOG.warn(
            "The webhook servlet is mounted without async support: bodies are read on request"
                + " threads with no deadline. Mount it with asyncSupported=true.");
      }
      delivery.readBlocking();
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(readTimeout.toMillis());
    delivery.readAsync(async);
  }

  /** What the receiver decided (or the read's failure), counted and answered. */
  void finish(
      HttpServletRequest request,
      HttpServletResponse response,
      String from,
      WebhookReceiver.Receipt receipt,
      boolean bodyUnread)
      throws IOException {
    FlowMetrics.WebhookOutcome outcome = outcome(receipt);
    metrics.webhookRequest(outcome);
    if (receipt.status() >= 400 && receipt.status() != 503) {
      refusals.tryAcquire(from, ticker.nanoTime());
    }
    String message =
        receipt instanceof WebhookReceiver.Receipt.Refused refused ? refused.message() : "OK";
    if (receipt.status() == 503) {
      response.setHeader("Retry-After", "30");
    }
    if (bodyUnread) {
      closeUnread(response);
    }
    answer(response, request.isSecure(), receipt.status(), message);
  }

  /** A read permit back, once a delivery is answered. */
  void released() {
    readers.release();
  }

  WebhookReceiver receiver() {
    return receiver;
  }

  /** The rest of the body is never read: the connection cannot carry another request. */
  private static void closeUnread(HttpServletResponse response) {
    response.setHeader("Connection", "close");
  }

  private static FlowMetrics.WebhookOutcome outcome(WebhookReceiver.Receipt receipt) {
    if (receipt instanceof WebhookReceiver.Receipt.Accepted accepted) {
      return accepted.duplicate()
          ? FlowMetrics.WebhookOutcome.DUPLICATE
          : FlowMetrics.WebhookOutcome.ACCEPTED;
    }
    if (receipt instanceof WebhookReceiver.Receipt.Stale) {
      return FlowMetrics.WebhookOutcome.STALE;
    }
    if (receipt instanceof WebhookReceiver.Receipt.CandidateKept) {
      return FlowMetrics.WebhookOutcome.HANDSHAKE;
    }
    switch (receipt.status()) {
      case 401:
        return FlowMetrics.WebhookOutcome.UNAUTHORIZED;
      case 408:
        return FlowMetrics.WebhookOutcome.TIMED_OUT;
      case 413:
        return FlowMetrics.WebhookOutcome.TOO_LARGE;
      case 503:
        return FlowMetrics.WebhookOutcome.UNAVAILABLE;
      default:
        return FlowMetrics.WebhookOutcome.BAD_REQUEST;
    }
  }

  static void answer(HttpServletResponse response, boolean secure, int status, String message)
      throws IOException {
    response.setStatus(status);
    SecurityHeaders.apply(response, secure);
    SecurityHeaders.noStore(response);
    response.setContentType("text/plain; charset=UTF-8");
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** Configures a {@link NotionWebhookServlet}; every default is here. */
  public static final class Builder {
    private final WebhookReceiver receiver;
    private FlowMetrics metrics = new FlowMetrics();
    private int maxConcurrentReads = 16;
    private Duration readTimeout = Duration.ofSeconds(5);
    private int refusalsPerMinute = 30;
    private Ticker ticker = Ticker.system();

    private Builder(WebhookReceiver receiver) {
      this.receiver = receiver;
    }

    /** Where outcomes are counted. Default: meters of its own. */
    public Builder metrics(FlowMetrics value) {
      this.metrics = value;
      return this;
    }

    /**
     * Bodies read at once at most (default 16, 1 to 256): beyond, 503 at once. With the body cap
     * this bounds the memory bodies can take: 16 × 64 KiB = 1 MiB by default.
     */
    public Builder maxConcurrentReads(int value) {
      if (value < 1 || value > 256) {
        throw new IllegalArgumentException("maxConcurrentReads must be between 1 and 256");
      }
      this.maxConcurrentReads = value;
      return this;
    }

    /** How long a whole body may take to arrive (default 5 s, 1 s to 60 s): then 408. */
    public Builder readTimeout(Duration value) {
      if (value.compareTo(Duration.ofSeconds(1)) < 0
          || value.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException("readTimeout must be between 1 second and 1 minute");
      }
      this.readTimeout = value;
      return this;
    }

    /**
     * Refused requests (401, 400, 408, 413) a client address may cause per minute (default 30, also
     * the burst): beyond, 429 before reading anything. Notion, once its token is confirmed, is
     * never refused.
     */
    public Builder refusalsPerMinute(int value) {
      if (value < 1 || value > 100_000) {
        throw new IllegalArgumentException("refusalsPerMinute must be between 1 and 100000");
      }
      this.refusalsPerMinute = value;
      return this;
    }

    /** Monotonic time, for the refusal limit. Default {@link Ticker#system()}. */
    public Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    /** The servlet. */
    public NotionWebhookServlet build() {
      return new NotionWebhookServlet(this);
    }
  }
}
