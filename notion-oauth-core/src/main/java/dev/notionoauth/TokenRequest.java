package dev.notionoauth;

import dev.notionoauth.internal.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON body of {@code POST /v1/oauth/token}: either an authorization-code grant or a
 * refresh-token grant. Client credentials never appear here; they travel in the HTTP Basic header.
 */
public sealed interface TokenRequest {

  /** The {@code grant_type} value. */
  String grantType();

  /** The JSON body, exactly as sent to Notion. */
  String toJson();

  /**
   * Exchanges the code from the callback for a token pair. {@code redirect_uri} must equal, as a
   * string, the one sent on the authorize URL.
   *
   * @param code the single-use code from the callback
   * @param redirectUri the configured redirect URI
   */
  record AuthorizationCodeGrant(AuthorizationCode code, String redirectUri)
      implements TokenRequest {
    @Override
    public String grantType() {
      return "authorization_code";
    }

    @Override
    public String toJson() {
      ObjectNode body = Json.object();
      body.put("grant_type", grantType());
      body.put("code", code.value());
      body.put("redirect_uri", redirectUri);
      return Json.write(body);
    }
  }

  /**
   * Exchanges a refresh token for a new token pair (Notion rotates both).
   *
   * @param refreshToken the current refresh token
   */
  record RefreshTokenGrant(RefreshToken refreshToken) implements TokenRequest {
    @Override
    public String grantType() {
      return "refresh_token";
    }

    @Override
    public String toJson() {
      ObjectNode body = Json.object();
      body.put("grant_type", grantType());
      body.put("refresh_token", refreshToken.value());
      return Json.write(body);
    }
  }

  /**
   * Parses a token request body (the inverse of {@link #toJson()}).
   *
   * @param json the request body
   * @return the grant it describes
   * @throws NotionInvalidResponseException when the body is not a known grant
   */
  static TokenRequest parse(String json) {
    String what = "token request";
    ObjectNode root = Json.parseObject(json, what);
    String grantType = Json.requiredString(root, "grant_type", what);
    switch (grantType) {
      case "authorization_code":
        return new AuthorizationCodeGrant(
            new AuthorizationCode(Json.requiredString(root, "code", what)),
            Json.requiredString(root, "redirect_uri", what));
      case "refresh_token":
        return new RefreshTokenGrant(
            new RefreshToken(Json.requiredString(root, "refresh_token", what)));
      default:
        throw new NotionInvalidResponseException(what + ": unknown grant_type", null);
    }
  }
}
