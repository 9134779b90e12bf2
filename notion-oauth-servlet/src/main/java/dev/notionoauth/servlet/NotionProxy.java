package dev.notionoauth.servlet;

import dev.notionoauth.Installations;
import dev.notionoauth.NotionApiException;
import dev.notionoauth.NotionError;
import dev.notionoauth.NotionRateLimitedException;
import dev.notionoauth.NotionRequest;
import dev.notionoauth.NotionResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * <p>Bodies are read and relayed whole, within the caps (request: the API's body limit; answer: the
 * client's response limit), rather than streamed: Notion's answers are small JSON pages.
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
    NotionResponse answer;
    try {
      answer = installations.api(botId).send(call);
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
      return;
    }
    answer.requestId().ifPresent(id -> response.setHeader("x-notion-request-id", id));
    ApiJson.write(
        request, response, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
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
