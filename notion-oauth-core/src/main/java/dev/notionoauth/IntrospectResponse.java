package dev.notionoauth;

import dev.notionoauth.internal.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notion's answer to {@code POST /v1/oauth/introspect}: whether a token is still active. Mirrors <a
 * href="https://developers.notion.com/reference/introspect-token">Introspect a token</a>.
 *
 * @param active whether the token can still be used
 * @param scope the token's scope, if sent (format undocumented)
 * @param issuedAt {@code iat}, presumably Unix seconds, if sent
 * @param requestId Notion's request id, if sent
 */
public record IntrospectResponse(
    boolean active, @Nullable String scope, @Nullable Long issuedAt, @Nullable String requestId) {

  private static final String WHAT = "introspect response";

  /** Parses Notion's JSON; {@code active} is required. */
  public static IntrospectResponse fromJson(String json) {
    ObjectNode root = Json.parseObject(json, WHAT);
    Boolean active = Json.optionalBoolean(root, "active", WHAT);
    if (active == null) {
      throw new NotionInvalidResponseException(
          WHAT + ": required field 'active' is missing", Json.requestId(root));
    }
    return new IntrospectResponse(
        active,
        Json.optionalString(root, "scope", WHAT),
        Json.optionalLong(root, "iat", WHAT),
        Json.requestId(root));
  }

  /** Serializes to Notion's wire JSON. */
  public String toJson() {
    ObjectNode root = Json.object();
    root.put("active", active);
    if (scope != null) {
      root.put("scope", scope);
    }
    if (issuedAt != null) {
      root.put("iat", issuedAt.longValue());
    }
    if (requestId != null) {
      root.put("request_id", requestId);
    }
    return Json.write(root);
  }
}
