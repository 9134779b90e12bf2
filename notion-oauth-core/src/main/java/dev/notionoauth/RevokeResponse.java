package dev.notionoauth;

import dev.notionoauth.internal.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notion's answer to {@code POST /v1/oauth/revoke}: an (almost) empty object. Mirrors <a
 * href="https://developers.notion.com/reference/revoke-token">Revoke a token</a>.
 *
 * @param requestId Notion's request id, if sent
 */
public record RevokeResponse(@Nullable String requestId) {

  /** Parses Notion's JSON. */
  public static RevokeResponse fromJson(String json) {
    return new RevokeResponse(Json.requestId(Json.parseObject(json, "revoke response")));
  }

  /** Serializes to Notion's wire JSON. */
  public String toJson() {
    ObjectNode root = Json.object();
    if (requestId != null) {
      root.put("request_id", requestId);
    }
    return Json.write(root);
  }
}
