package dev.notionoauth.servlet;

import dev.notionoauth.HttpReply;
import dev.notionoauth.web.PageTemplate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes our small pages and {@link HttpReply}s to servlet responses, with security headers. */
public final class Pages {
  private Pages() {}

  /** The request's path within the servlet context (servlet path plus path info). */
  public static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String info = request.getPathInfo();
    return (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
  }

  /**
   * Writes a one-message page, never cached.
   *
   * @param request the request (for HTTPS detection and HEAD)
   * @param response the response
   * @param status the status
   * @param title the page title (plain text)
   * @param message the message (plain text)
   */
  public static void message(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String message)
      throws IOException {
    write(
        request,
        response,
        HttpReply.html(status, PageTemplate.message(title, message))
            .withHeader("Cache-Control", "no-store"));
  }

  /** 405 with the allowed methods. */
  public static void methodNotAllowed(
      HttpServletRequest request, HttpServletResponse response, String allow) throws IOException {
    response.setHeader("Allow", allow);
    message(
        request,
        response,
        405,
        "Method not allowed",
        "This address only answers " + allow + " requests.");
  }

  /** 404 page. */
  public static void notFound(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    message(request, response, 404, "Page not found", "There is no page at this address.");
  }

  /**
   * Writes a reply: status, its headers, the security headers it lacks, and its body as UTF-8 (none
   * for HEAD).
   */
  public static void write(
      HttpServletRequest request, HttpServletResponse response, HttpReply reply)
      throws IOException {
    response.setStatus(reply.status());
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      response.setHeader(h.getKey(), h.getValue());
    }
    if (!reply.headers().containsKey("Cache-Control")) {
      SecurityHeaders.noStore(response);
    }
    SecurityHeaders.apply(response, request.isSecure());
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }
}
