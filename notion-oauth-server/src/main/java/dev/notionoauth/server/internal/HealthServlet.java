package dev.notionoauth.server.internal;

import dev.notionoauth.servlet.SecurityHeaders;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz}: the process is alive (always 200). {@code /readyz}: every dependency answers
 * (200), else 503 naming the failing check. No configuration value is ever shown.
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, BooleanSupplier> readiness;

  /** Creates the servlet with named readiness checks. */
  public HealthServlet(Map<String, BooleanSupplier> readiness) {
    this.readiness = Map.copyOf(readiness);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      response.setHeader("Allow", "GET, HEAD");
      write(request, response, 405, "{\"status\":\"method not allowed\"}");
      return;
    }
    if (request.getServletPath().endsWith("/readyz")) {
      for (Map.Entry<String, BooleanSupplier> check : readiness.entrySet()) {
        boolean ok;
        try {
          ok = check.getValue().getAsBoolean();
        } catch (RuntimeException e) {
          ok = false;
        }
        if (!ok) {
          write(
              request,
              response,
              503,
              "{\"status\":\"down\",\"failing\":\"" + check.getKey() + "\"}");
          return;
        }
      }
      write(request, response, 200, "{\"status\":\"ready\"}");
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
