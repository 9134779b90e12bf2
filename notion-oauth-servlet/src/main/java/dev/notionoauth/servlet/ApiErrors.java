package dev.notionoauth.servlet;

import dev.notionoauth.InstallationException;
import dev.notionoauth.NotionApiException;
import dev.notionoauth.NotionInvalidResponseException;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.NotionRateLimitedException;
import dev.notionoauth.NotionTransportException;

/**
 * The HTTP API's answer to each failure of the library: one place maps the exception family onto a
 * status and a stable code (documented in the OpenAPI document), with no internal detail.
 */
final class ApiErrors {
  private ApiErrors() {}

  /** 405 with the methods the route answers. */
  static final class NotAllowed extends ApiJson.Failure {
    private static final long serialVersionUID = 1L;
    final String allow;

    NotAllowed(String allow) {
      super(405, "method_not_allowed", "This route answers " + allow + " only.");
      this.allow = allow;
    }
  }

  /** A failure worth retrying after some seconds ({@code Retry-After}). */
  static final class Retry extends ApiJson.Failure {
    private static final long serialVersionUID = 1L;
    final long seconds;

    Retry(int status, String code, String message, long seconds) {
      super(status, code, message);
      this.seconds = seconds;
    }
  }

  /** Why an installation cannot be used. */
  static ApiJson.Failure of(InstallationException e) {
    return switch (e.reason()) {
      case NOT_FOUND ->
          new ApiJson.Failure(404, "object_not_found", "No installation has this bot id.");
      case NEEDS_REAUTH, NO_REFRESH_TOKEN ->
          new ApiJson.Failure(
              409,
              "needs_reauth",
              "The installation needs the user to connect again (a reconnect link).");
      case REVOKED -> new ApiJson.Failure(409, "revoked", "The installation was revoked.");
      case REFRESH_BUSY ->
          new Retry(503, "refresh_busy", "Another refresh of this installation is running.", 1);
    };
  }

  /** Notion's answer or its absence, and our store's failures. */
  static ApiJson.Failure of(NotionOAuthException e) {
    if (e instanceof InstallationException ie) {
      return of(ie);
    }
    if (e instanceof NotionRateLimitedException r) {
      long seconds = r.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(1L);
      return new Retry(429, "rate_limited", "Notion's rate limit for this installation.", seconds);
    }
    if (e instanceof NotionInvalidResponseException) {
      return new ApiJson.Failure(502, "notion_invalid_response", "Notion's answer was unusable.");
    }
    if (e instanceof NotionApiException a) {
      return new ApiJson.Failure(
          502, "notion_error", "Notion answered HTTP " + a.status() + " " + a.code() + ".");
    }
    if (e instanceof NotionTransportException t) {
      return t.kind() == NotionTransportException.Kind.TIMEOUT
          ? new ApiJson.Failure(504, "notion_timeout", "Notion did not answer in time.")
          : new ApiJson.Failure(502, "notion_unreachable", "Notion could not be reached.");
    }
    return new Retry(503, "service_unavailable", "The server cannot complete this now.", 5);
  }
}
