package dev.notionoauth;

import dev.notionoauth.internal.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON body {@code {"token": "…"}} of {@code POST /v1/oauth/revoke} and {@code POST
 * /v1/oauth/introspect}. Prints as {@code ***}.
 *
 * @param token the access (or refresh) token to revoke or inspect
 */
public record TokenActionRequest(String token) {
  /** Validates the token syntax. */
  public TokenActionRequest {
    Secrets.requireToken(token, "token", 4096);
  }

  /** The body for an access token. */
  public static TokenActionRequest of(AccessToken token) {
    return new TokenActionRequest(token.value());
  }

  /** The body for a refresh token. */
  public static TokenActionRequest of(RefreshToken token) {
    return new TokenActionRequest(token.value());
  }

  /** The JSON body, exactly as sent to Notion. */
  public String toJson() {
    ObjectNode body = Json.object();
    body.put("token", token);
    return Json.write(body);
  }

  /**
   * Parses the body (the inverse of {@link #toJson()}).
   *
   * @param json the request body
   * @return the request
   */
  public static TokenActionRequest parse(String json) {
    ObjectNode root = Json.parseObject(json, "token request");
    return new TokenActionRequest(Json.requiredString(root, "token", "token request"));
  }

  @Override
  public String toString() {
    return "TokenActionRequest[***]";
  }
}
