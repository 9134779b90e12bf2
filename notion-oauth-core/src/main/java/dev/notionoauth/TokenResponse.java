package dev.notionoauth;

import dev.notionoauth.internal.Json;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notion's answer to a successful code exchange or refresh ({@code POST /v1/oauth/token}): the
 * token pair and the installation it belongs to. Mirrors <a
 * href="https://developers.notion.com/reference/create-a-token">Create a token</a>.
 *
 * <p>{@code bot_id} identifies the installation; Notion's docs recommend it as the primary key of
 * stored tokens. Since 2026-06-08 every authorization of a new public connection returns a fresh
 * pair, so store the pair from every response.
 *
 * <p>{@link #toString()} never shows the tokens.
 *
 * @param accessToken the bearer token for Notion's API
 * @param tokenType always {@code bearer} (compared case-insensitively when parsed)
 * @param refreshToken the refresh token; null for older connections
 * @param botId the installation's bot id (UUID)
 * @param workspaceId the workspace's id (UUID)
 * @param workspaceName the workspace's name, if any (text chosen by users: escape it)
 * @param workspaceIcon the workspace icon, an emoji or an image URL (never load it into pages)
 * @param owner who owns the access
 * @param duplicatedTemplateId the id of the page duplicated from the integration's template, if the
 *     user chose to duplicate it
 * @param requestId Notion's request id, if sent
 */
public record TokenResponse(
    AccessToken accessToken,
    String tokenType,
    @Nullable RefreshToken refreshToken,
    String botId,
    String workspaceId,
    @Nullable String workspaceName,
    @Nullable String workspaceIcon,
    Owner owner,
    @Nullable String duplicatedTemplateId,
    @Nullable String requestId) {

  private static final String WHAT = "token response";

  /**
   * Parses Notion's JSON. Unknown fields are ignored; a missing or mistyped required field, a token
   * type other than {@code bearer}, or an id that is not a UUID is a {@link
   * NotionInvalidResponseException}.
   *
   * @param json the response body
   * @return the parsed response
   */
  public static TokenResponse fromJson(String json) {
    ObjectNode root = Json.parseObject(json, WHAT);
    String tokenType = Json.requiredString(root, "token_type", WHAT);
    if (!tokenType.toLowerCase(Locale.ROOT).equals("bearer")) {
      throw new NotionInvalidResponseException(
          WHAT + ": token_type is not 'bearer'", Json.requestId(root));
    }
    String access = Json.requiredString(root, "access_token", WHAT);
    String refresh = Json.optionalString(root, "refresh_token", WHAT);
    AccessToken accessToken;
    RefreshToken refreshToken;
    try {
      accessToken = new AccessToken(access);
      refreshToken = refresh == null || refresh.isEmpty() ? null : new RefreshToken(refresh);
    } catch (IllegalArgumentException e) {
      throw new NotionInvalidResponseException(WHAT + ": " + e.getMessage(), Json.requestId(root));
    }
    JsonNode owner = Json.requiredObject(root, "owner", WHAT);
    return new TokenResponse(
        accessToken,
        tokenType,
        refreshToken,
        Json.requiredUuid(root, "bot_id", WHAT),
        Json.requiredUuid(root, "workspace_id", WHAT),
        Json.optionalString(root, "workspace_name", WHAT),
        Json.optionalString(root, "workspace_icon", WHAT),
        Owner.fromJson(owner),
        Json.optionalUuid(root, "duplicated_template_id", WHAT),
        Json.requestId(root));
  }

  /** Serializes to Notion's wire JSON (the inverse of {@link #fromJson}). */
  public String toJson() {
    ObjectNode root = Json.object();
    root.put("access_token", accessToken.value());
    root.put("token_type", tokenType);
    Json.putNullable(root, "refresh_token", refreshToken == null ? null : refreshToken.value());
    root.put("bot_id", botId);
    root.put("workspace_id", workspaceId);
    Json.putNullable(root, "workspace_name", workspaceName);
    Json.putNullable(root, "workspace_icon", workspaceIcon);
    owner.writeTo(root.putObject("owner"));
    Json.putNullable(root, "duplicated_template_id", duplicatedTemplateId);
    if (requestId != null) {
      root.put("request_id", requestId);
    }
    return Json.write(root);
  }
}
