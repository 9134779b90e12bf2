package dev.notionoauth.servlet;

import dev.notionoauth.WebhookReceiver;
import dev.notionoauth.WebhookSignature;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The webhook route for any Jakarta Servlet 6 container: mount it at the path Notion's webhook
 * subscription posts to (the standalone server uses {@code webhooks.path}, default {@code
 * /notion/webhooks}). It only translates HTTP: a declared {@code Content-Length} above the limit is
 * refused before reading, the body is read up to the limit and no further, and {@link
 * WebhookReceiver} decides the rest. Answers are short plain text; nothing received is echoed.
 *
 * <pre>{@code
 * WebhookDispatcher dispatcher = WebhookDispatcher.builder(webhookStore, installationStore)
 *     .consumers(List.of(myConsumer)).build().start();
 * WebhookReceiver receiver = WebhookReceiver.builder(webhookStore).onRecorded(dispatcher::wake).build();
 * context.addServlet(new ServletHolder(new NotionWebhookServlet(receiver)), "/notion/webhooks");
 * }</pre>
 */
public final class NotionWebhookServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient WebhookReceiver receiver;
  private final transient FlowMetrics metrics;

  /** A servlet over a receiver, counting into its own metrics. */
  public NotionWebhookServlet(WebhookReceiver receiver) {
    this(receiver, new FlowMetrics());
  }

  /** A servlet over a receiver, counting outcomes into {@code metrics}. */
  public NotionWebhookServlet(WebhookReceiver receiver, FlowMetrics metrics) {
    this.receiver = receiver;
    this.metrics = metrics;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int max = receiver.maxBodyBytes();
    if (request.getContentLengthLong() > max) {
      metrics.webhookRequest(FlowMetrics.WebhookOutcome.TOO_LARGE);
      response.setHeader("Connection", "close");
      answer(response, request.isSecure(), 413, "The body is larger than " + max + " bytes.");
      return;
    }
    byte[] body = readAtMost(request.getInputStream(), max + 1);
    WebhookReceiver.Receipt receipt =
        receiver.receive(request.getHeader(WebhookSignature.HEADER), body);
    metrics.webhookRequest(outcome(receipt));
    String message =
        receipt instanceof WebhookReceiver.Receipt.Refused refused ? refused.message() : "OK";
    if (receipt.status() == 503) {
      response.setHeader("Retry-After", "30");
    }
    if (receipt.status() == 413) {
      // the rest of the body is never read: the connection cannot carry another request
      response.setHeader("Connection", "close");
    }
    answer(response, request.isSecure(), receipt.status(), message);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, jakarta.servlet.ServletException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      answer(response, request.isSecure(), 405, "Only POST is accepted here.");
      return;
    }
    super.service(request, response);
  }

  private static FlowMetrics.WebhookOutcome outcome(WebhookReceiver.Receipt receipt) {
    if (receipt instanceof WebhookReceiver.Receipt.Accepted accepted) {
      return accepted.duplicate()
          ? FlowMetrics.WebhookOutcome.DUPLICATE
          : FlowMetrics.WebhookOutcome.ACCEPTED;
    }
    if (receipt instanceof WebhookReceiver.Receipt.HandshakeStored) {
      return FlowMetrics.WebhookOutcome.HANDSHAKE;
    }
    switch (receipt.status()) {
      case 401:
        return FlowMetrics.WebhookOutcome.UNAUTHORIZED;
      case 413:
        return FlowMetrics.WebhookOutcome.TOO_LARGE;
      case 503:
        return FlowMetrics.WebhookOutcome.UNAVAILABLE;
      default:
        return FlowMetrics.WebhookOutcome.BAD_REQUEST;
    }
  }

  /** Reads up to {@code limit} bytes; a longer body is cut there (and then refused as too big). */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] buffer = new byte[Math.min(limit, 8192)];
    int n = 0;
    while (n < limit) {
      if (n == buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(limit, buffer.length * 2));
      }
      int r = in.read(buffer, n, buffer.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return Arrays.copyOf(buffer, n);
  }

  private static void answer(
      HttpServletResponse response, boolean secure, int status, String message) throws IOException {
    response.setStatus(status);
    SecurityHeaders.apply(response, secure);
    SecurityHeaders.noStore(response);
    response.setContentType("text/plain; charset=UTF-8");
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
