package dev.notionoauth.servlet;

import dev.notionoauth.Installations;
import dev.notionoauth.NotionApiException;
import dev.notionoauth.NotionError;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.NotionRateLimitedException;
import dev.notionoauth.NotionRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code ANY /api/v1/notion/{bot_id}/v1/{path}}: one call to Notion's API made with that
 * installation's token through the installation's {@link dev.notionoauth.NotionApi} (refresh on 401
 * once, coordinated across instances; Notion's per-installation and per-workspace limits; only
 * {@code /v1/} paths of plain segments; no redirect followed; Notion's timeouts and size caps). The
 * caller's {@code Notion-Version} is used when given, else the configured one. Nothing of the
 * caller's request but method, path, query, JSON body and {@code Notion-Version} is forwarded (so
 * never its {@code Authorization} or {@code Cookie}); nothing of Notion's answer but status, body,
 * {@code Content-Type} and {@code x-notion-request-id} comes back (so never a {@code Set-Cookie}).
 * Notion's own errors come back as Notion sent them (status and Notion's error shape).
 *
 * <p>Notion's successful answer is passed on while it arrives ({@link
 * dev.notionoauth.NotionApi#relay}: held until 64 KiB or its end, then streamed, within the
 * client's response cap); an answer that breaks off after part of it was passed on ends the
 * caller's connection. The request body is read whole within the API's body limit: a 401 sends it
 * again with a refreshed token.
 */
final class NotionProxy {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "DELETE");

  private final Installations installations;
  private final int maxBodyBytes;

  NotionProxy(Installations installations, int maxBodyBytes) {
    this.installations = installations;
    this.maxBodyBytes = maxBodyBytes;
  }

  void forward(
      HttpServletRequest request, HttpServletResponse response, String botId, String[] segments)
      throws IOException {
    String method = request.getMethod();
    if (!METHODS.contains(method)) {
      throw new ApiErrors.NotAllowed("GET, POST, PATCH, DELETE");
    }
    NotionRequest call = call(request, method, segments);
    try {
      installations
          .api(botId)
          .relay(call, (status, headers) -> open(request, response, status, headers));
    } catch (NotionRateLimitedException e) {
      throw ApiErrors.of(e);
    } catch (NotionApiException e) {
      // Notion's own refusal (404, 400, 403 …): passed back as Notion sent it
      NotionError error =
          new NotionError(
              e.status(), e.code(), e.notionMessage().orElse(null), e.requestId().orElse(null));
      if (e.requestId().isPresent()) {
        response.setHeader("x-notion-request-id", e.requestId().get());
      }
      ApiJson.write(request, response, e.status(), error.toJson().getBytes(StandardCharsets.UTF_8));
    } catch (NotionOAuthException e) {
      if (response.isCommitted()) {
        // the answer broke off after part of it was passed on: the caller's connection is ended
        // (not completed), so no client takes the part for the whole answer
        throw new IOException("Notion's answer broke off while it was passed on");
      }
      throw e;
    }
  }

  /**
   * Starts the caller's answer once Notion's 2xx status and headers are in: the same headers as
   * every API answer, Notion's request id, and Notion's length when it gave one (a body cut short
   * is then visible to the caller as such).
   */
  private static OutputStream open(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      Map<String, List<String>> headers)
      throws IOException {
    ApiJson.start(request, response, status);
    String id = first(headers, "x-notion-request-id");
    if (id != null) {
      response.setHeader("x-notion-request-id", id);
    }
    String length = first(headers, "content-length");
    if (length != null && first(headers, "transfer-encoding") == null) {
      try {
        response.setContentLengthLong(Long.parseLong(length));
      } catch (NumberFormatException e) {
        // the client read it as a length already; nothing else can be wrong with it here
      }
    }
    return response.getOutputStream();
  }

  private static @Nullable String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private NotionRequest call(HttpServletRequest request, String method, String[] segments)
      throws IOException {
    String path = "/" + String.join("/", List.of(segments).subList(2, segments.length));
    @Nullable String body = null;
    if (method.equals("POST") || method.equals("PATCH")) {
      byte[] raw = ApiJson.body(request, maxBodyBytes);
      body = raw.length == 0 ? "{}" : new String(raw, StandardCharsets.UTF_8);
    }
    try {
      NotionRequest call =
          new NotionRequest(method, path, ApiJson.queryAll(request.getQueryString()), body, null);
      String version = request.getHeader("Notion-Version");
      return version == null || version.isBlank() ? call : call.withNotionVersion(version.trim());
    } catch (IllegalArgumentException e) {
      throw new ApiJson.Failure(400, "invalid_request", "Not a Notion API call: " + e.getMessage());
    }
  }
}
