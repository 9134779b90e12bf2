package dev.notionoauth;

import dev.notionoauth.internal.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An error answer from Notion (its OAuth endpoints or its API), in either of its two shapes:
 *
 * <ul>
 *   <li>Notion's API shape {@code {"object":"error","status":400,"code":"invalid_grant",
 *       "message":"…","request_id":"…"}};
 *   <li>the OAuth shape (RFC 6749 §5.2) {@code {"error":"invalid_grant","error_description":"…"}}.
 * </ul>
 *
 * @param status the HTTP status
 * @param code {@code error} or else {@code code}; {@code http_<status>} when neither was sent
 * @param message {@code error_description} or else {@code message}, if any
 * @param requestId {@code request_id} from the body, else the {@code x-notion-request-id} header
 * @param rateLimitReason {@code additional_data.rate_limit_reason} of a 429 (which limit was hit,
 *     e.g. the connection's or the workspace's), if any
 */
public record NotionError(
    int status,
    String code,
    @Nullable String message,
    @Nullable String requestId,
    @Nullable String rateLimitReason) {

  /** An error without a rate-limit reason. */
  public NotionError(
      int status, String code, @Nullable String message, @Nullable String requestId) {
    this(status, code, message, requestId, null);
  }

  /**
   * Reads an error body leniently: never throws, whatever the body is (HTML from a proxy, empty,
   * malformed JSON).
   *
   * @param status the HTTP status
   * @param body the response body, if any
   * @param headerRequestId the {@code x-notion-request-id} header, if any
   * @return the error
   */
  public static NotionError parse(
      int status, @Nullable String body, @Nullable String headerRequestId) {
    ObjectNode root = Json.tryParseObject(body);
    String fallback = "http_" + status;
    if (root == null) {
      return new NotionError(status, fallback, null, headerRequestId);
    }
    String code = firstString(root, "error", "code");
    String message = firstString(root, "error_description", "message");
    String requestId = Json.requestId(root);
    JsonNode additional = root.get("additional_data");
    String reason =
        additional == null
            ? null
            : firstString(additional, "rate_limit_reason", "rate_limit_reason");
    return new NotionError(
        status,
        code == null || !isToken(code) ? fallback : code,
        message,
        requestId != null ? requestId : headerRequestId,
        reason == null || !isToken(reason) ? null : reason);
  }

  /** Serializes in Notion's API shape. */
  public String toJson() {
    ObjectNode root = Json.object();
    root.put("object", "error");
    root.put("status", status);
    root.put("code", code);
    if (message != null) {
      root.put("message", message);
    }
    if (requestId != null) {
      root.put("request_id", requestId);
    }
    if (rateLimitReason != null) {
      root.putObject("additional_data").put("rate_limit_reason", rateLimitReason);
    }
    return Json.write(root);
  }

  private static @Nullable String firstString(JsonNode root, String first, String second) {
    for (String field : new String[] {first, second}) {
      JsonNode node = root.get(field);
      if (node != null && node.isString() && !node.stringValue().isEmpty()) {
        return node.stringValue();
      }
    }
    return null;
  }

  /**
   * Error codes are short lower-case identifiers ({@code invalid_grant}, {@code rate_limited});
   * anything else is not trusted as one. Lower case only: a token (mixed case) reflected into the
   * field by a broken upstream never reaches a message or a log (found by {@code ParsersFuzzTest}).
   */
  private static boolean isToken(String code) {
    return CODE.matcher(code).matches();
  }

  private static final java.util.regex.Pattern CODE =
      java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");
}
