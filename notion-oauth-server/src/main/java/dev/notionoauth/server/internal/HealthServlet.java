package dev.notionoauth.server.internal;

import dev.notionoauth.Ticker;
import dev.notionoauth.servlet.SecurityHeaders;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /healthz}: the process is alive (always 200). {@code /readyz}: every dependency answers
 * (200), else 503 naming the failing check. No configuration value is ever shown. The readiness
 * verdict is kept for a second, so a flood of {@code /readyz} requests costs one database ping a
 * second, not one pooled connection each (review L9).
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private static final long CACHE_NANOS = 1_000_000_000L;

  private final transient Map<String, BooleanSupplier> readiness;
  private transient volatile @Nullable Verdict last;

  /** A readiness answer and when it was taken. */
  private record Verdict(int status, String json, long at) {}

  private final transient Ticker ticker;

  /** Creates the servlet with named readiness checks, timed by {@code ticker}. */
  public HealthServlet(Map<String, BooleanSupplier> readiness, Ticker ticker) {
    this.readiness = Map.copyOf(readiness);
    this.ticker = ticker;
  }

  /** The readiness verdict, at most a second old; one caller at a time takes a new one. */
  private Verdict readiness() {
    Verdict v = last;
    long now = ticker.nanoTime();
    if (v != null && now - v.at() < CACHE_NANOS) {
      return v;
    }
    synchronized (this) {
      v = last;
      if (v != null && ticker.nanoTime() - v.at() < CACHE_NANOS) {
        return v;
      }
      v = check();
      last = v;
      return v;
    }
  }

  private Verdict check() {
    for (Map.Entry<String, BooleanSupplier> check : readiness.entrySet()) {
      boolean ok;
      try {
        ok = check.getValue().getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      if (!ok) {
        ObjectNode body =
            JSON.createObjectNode().put("status", "down").put("failing", check.getKey());
        return new Verdict(503, JSON.writeValueAsString(body), ticker.nanoTime());
      }
    }
    return new Verdict(200, "{\"status\":\"ready\"}", ticker.nanoTime());
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      response.setHeader("Allow", "GET, HEAD");
      write(request, response, 405, "{\"status\":\"method not allowed\"}");
      return;
    }
    if (request.getServletPath().endsWith("/readyz")) {
      Verdict v = readiness();
      write(request, response, v.status(), v.json());
    } else {
      write(request, response, 200, "{\"status\":\"alive\"}");
    }
  }

  private static void write(
      HttpServletRequest request, HttpServletResponse response, int status, String json)
      throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    SecurityHeaders.apply(response, request.isSecure());
    SecurityHeaders.noStore(response);
    response.setContentLength(body.length);
    if (!request.getMethod().equals("HEAD")) {
      response.getOutputStream().write(body);
    }
  }
}
