package dev.notionoauth.servlet;

import dev.notionoauth.web.PageTemplate;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The response headers every page of ours carries: a Content-Security-Policy without scripts,
 * framing forbidden, no referrer, no sniffing, HSTS over HTTPS.
 */
public final class SecurityHeaders {
  /** HSTS value sent on HTTPS responses. */
  public static final String HSTS = "max-age=63072000; includeSubDomains";

  private SecurityHeaders() {}

  /**
   * Sets the headers (keeping a Content-Security-Policy or Cache-Control already set).
   *
   * @param response the response, before its body is written
   * @param secure whether the request came over HTTPS (directly or via a trusted proxy)
   */
  public static void apply(HttpServletResponse response, boolean secure) {
    if (!response.containsHeader("Content-Security-Policy")) {
      response.setHeader("Content-Security-Policy", PageTemplate.CONTENT_SECURITY_POLICY);
    }
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (secure) {
      response.setHeader("Strict-Transport-Security", HSTS);
    }
  }

  /** Marks a response as never to be cached (flow pages, redirects, errors). */
  public static void noStore(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
  }
}
