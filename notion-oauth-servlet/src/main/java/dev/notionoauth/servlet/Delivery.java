package dev.notionoauth.servlet;

import dev.notionoauth.webhook.WebhookReceiver;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One POST to the webhook route, from its first body byte to its answer: the body is read as it
 * arrives (no thread waits for a slow client), up to the limit, and answered exactly once — by the
 * receiver's decision, a refusal for size, or a 408 when the read deadline passes first — after
 * which the read permit goes back. Not thread-safe beyond what the container guarantees: reads are
 * serialized by it; the one answer is decided by a flag.
 */
final class Delivery implements ReadListener, AsyncListener {
  private final NotionWebhookServlet servlet;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final String from;
  private final @Nullable String signature;
  private final int max;
  private final AtomicBoolean answered = new AtomicBoolean();
  private byte[] buffer;
  private int size;
  private @Nullable AsyncContext async;
  private @Nullable ServletInputStream in;

  Delivery(
      NotionWebhookServlet servlet,
      HttpServletRequest request,
      HttpServletResponse response,
      String from,
      @Nullable String signature,
      int max) {
    this.servlet = servlet;
    this.request = request;
    this.response = response;
    this.from = from;
    this.signature = signature;
    this.max = max;
    long declared = request.getContentLengthLong();
    this.buffer = new byte[(int) Math.min(max + 1L, declared >= 0 ? declared + 1 : 8192)];
  }

  /** Refuses a request whose declared length is over the limit, without reading its body. */
  static void refuseUnread(
      NotionWebhookServlet servlet,
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      int max)
      throws IOException {
    servlet.finish(request, response, request.getRemoteAddr(), tooLarge(status, max), true);
  }

  private static WebhookReceiver.Receipt tooLarge(int status, int max) {
    return new WebhookReceiver.Receipt.Refused(
        status,
        status == 401
            ? WebhookReceiver.UNAUTHORIZED
            : "The body is larger than " + max + " bytes.");
  }

  /** Reads on the calling thread (a container without async support). */
  void readBlocking() throws IOException {
    try {
      InputStream stream = request.getInputStream();
      int r;
      while (size <= max && (r = stream.read(room(), size, buffer.length - size)) >= 0) {
        size += r;
      }
    } catch (IOException e) {
      answer(() -> broken(), true);
      return;
    }
    if (size > max) {
      answer(() -> tooLarge(signature == null ? 401 : 413, max), true);
    } else {
      answer(this::decide, false);
    }
  }

  /** Reads as bytes arrive, within the async context's timeout. */
  void readAsync(AsyncContext context) throws IOException {
    this.async = context;
    context.addListener(this);
    ServletInputStream stream = request.getInputStream();
    this.in = stream;
    stream.setReadListener(this);
  }

  @Override
  public void onDataAvailable() throws IOException {
    ServletInputStream stream = in;
    if (stream == null) {
      return;
    }
    while (!answered.get() && stream.isReady()) {
      int r = stream.read(room(), size, buffer.length - size);
      if (r < 0) {
        return; // onAllDataRead follows
      }
      size += r;
      if (size > max) {
        answer(() -> tooLarge(signature == null ? 401 : 413, max), true);
        return;
      }
    }
  }

  @Override
  public void onAllDataRead() {
    answer(this::decide, false);
  }

  /** The body ended early or broke its framing; a client that went away hears nothing. */
  @Override
  public void onError(Throwable t) {
    answer(() -> broken(), true);
  }

  private static WebhookReceiver.Receipt broken() {
    return new WebhookReceiver.Receipt.Refused(400, "The body ended early or is malformed.");
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    answer(
        () -> new WebhookReceiver.Receipt.Refused(408, "The body did not arrive in time."), true);
  }

  @Override
  public void onComplete(AsyncEvent event) {}

  @Override
  public void onError(AsyncEvent event) {
    answer(() -> broken(), true);
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}

  private WebhookReceiver.Receipt decide() {
    return servlet.receiver().receive(from, signature, Arrays.copyOf(buffer, size));
  }

  /** The buffer, with room for one more read (at most the limit plus one byte). */
  private byte[] room() {
    if (size == buffer.length) {
      buffer = Arrays.copyOf(buffer, (int) Math.min(max + 1L, buffer.length * 2L));
    }
    return buffer;
  }

  /**
   * Answers once (the first caller wins: a read that completes and a deadline that passes at the
   * same moment answer one way), then gives the permit back and ends the async cycle.
   *
   * @param receipt what to answer
   * @param unread whether part of the body was left unread (the connection then closes)
   */
  private void answer(Supplier<WebhookReceiver.Receipt> receipt, boolean unread) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    try {
      servlet.finish(request, response, from, receipt.get(), unread);
    } catch (IOException | RuntimeException e) {
      // the client is gone; nothing is left to tell it
    } finally {
      servlet.released();
      AsyncContext context = async;
      if (context != null) {
        try {
          context.complete();
        } catch (IllegalStateException e) {
          // already completed by the container
        }
      }
    }
  }
}
