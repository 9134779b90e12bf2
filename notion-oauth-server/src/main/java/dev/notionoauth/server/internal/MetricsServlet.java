package dev.notionoauth.server.internal;

import dev.notionoauth.servlet.Pages;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * {@code /metrics} in the Prometheus text format, for the addresses of {@code server.metrics-from}
 * only. A request that came through a proxy (it carries {@code Forwarded}, {@code X-Forwarded-For}
 * or {@code X-Real-IP}) is refused even from an allowed address, so a reverse proxy on the same
 * host does not publish the metrics by accident. Everyone else gets the ordinary 404 page.
 */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient PrometheusMeterRegistry registry;
  private final transient List<Cidr> allowed;

  /** Serves {@code metrics} to the given addresses or ranges. */
  public MetricsServlet(PrometheusMeterRegistry registry, List<String> allowedFrom) {
    this.registry = registry;
    this.allowed = allowedFrom.stream().map(Cidr::parse).filter(Objects::nonNull).toList();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!allowed(request)) {
      Pages.notFound(request, response);
      return;
    }
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      response.setHeader("Allow", "GET, HEAD");
      Pages.message(request, response, 405, "Method not allowed", "Use GET.");
      return;
    }
    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(body.length);
    if (!request.getMethod().equals("HEAD")) {
      response.getOutputStream().write(body);
    }
  }

  private boolean allowed(HttpServletRequest request) {
    if (request.getHeader("Forwarded") != null
        || request.getHeader("X-Forwarded-For") != null
        || request.getHeader("X-Real-IP") != null) {
      return false;
    }
    InetAddress peer;
    try {
      peer = InetAddress.getByName(request.getRemoteAddr()); // a literal: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
    for (Cidr c : allowed) {
      if (c.contains(peer)) {
        return true;
      }
    }
    return false;
  }
}
