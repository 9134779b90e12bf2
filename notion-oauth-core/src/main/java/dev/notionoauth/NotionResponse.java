package dev.notionoauth;

import dev.notionoauth.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Notion's successful (2xx) answer to a {@link NotionRequest}.
 *
 * @param status the HTTP status
 * @param headers the response headers, names in lower case
 * @param body the body text (JSON)
 */
public record NotionResponse(int status, Map<String, List<String>> headers, String body) {

  /** Copies the headers. */
  public NotionResponse {
    headers = Map.copyOf(headers);
  }

  /**
   * The body as a JSON tree.
   *
   * @throws NotionInvalidResponseException when it is not JSON
   */
  public JsonNode json() {
    try {
      return Json.mapper().readTree(body);
    } catch (JacksonException e) {
      throw new NotionInvalidResponseException(
          "Notion's answer is not JSON", requestId().orElse(null));
    }
  }

  /**
   * The body read into a type of the caller's (Jackson databind rules; unknown fields ignored).
   *
   * @throws NotionInvalidResponseException when it does not fit the type
   */
  public <T> T as(Class<T> type) {
    try {
      return Json.lenientMapper().readValue(body, type);
    } catch (JacksonException e) {
      throw new NotionInvalidResponseException(
          "Notion's answer does not fit " + type.getSimpleName(), requestId().orElse(null));
    }
  }

  /** Notion's request id ({@code x-notion-request-id}), for support. */
  public Optional<String> requestId() {
    List<String> values = headers.get("x-notion-request-id");
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Prints the status only: the body holds user content. */
  @Override
  public String toString() {
    return "NotionResponse[" + status + "]";
  }
}
