package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WireMessagesTest {
  private static final State STATE = new State("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdE");

  @Test
  void codeGrantIsExactlyGrantTypeCodeAndRedirectUriAndRoundTrips() {
    TokenRequest grant =
        new TokenRequest.AuthorizationCodeGrant(
            new AuthorizationCode("e202e8c9-0990-40af-855f-ff8f872b1ec6"),
            "https://example.com/auth/notion/callback");

    assertThat(grant.toJson())
        .isEqualTo(
            "{\"grant_type\":\"authorization_code\",\"code\":\"e202e8c9-0990-40af-855f-ff8f872b1ec6\","
                + "\"redirect_uri\":\"https://example.com/auth/notion/callback\"}");
    assertThat(TokenRequest.parse(grant.toJson())).isEqualTo(grant);
  }

  @Test
  void refreshGrantIsExactlyGrantTypeAndRefreshTokenAndRoundTrips() {
    TokenRequest grant = new TokenRequest.RefreshTokenGrant(new RefreshToken("nrt_abc"));

    assertThat(grant.toJson())
        .isEqualTo("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"nrt_abc\"}");
    assertThat(TokenRequest.parse(grant.toJson())).isEqualTo(grant);
  }

  @Test
  void tokenActionRequestRoundTripsAndHidesItsToken() {
    TokenActionRequest r = TokenActionRequest.of(new AccessToken("ntn_secret"));

    assertThat(r.toJson()).isEqualTo("{\"token\":\"ntn_secret\"}");
    assertThat(TokenActionRequest.parse(r.toJson())).isEqualTo(r);
    assertThat(r.toString()).doesNotContain("ntn_secret");
  }

  @Test
  void introspectAndRevokeResponsesRoundTrip() {
    IntrospectResponse active = new IntrospectResponse(true, "read_content", 1_760_000_000L, "r1");
    IntrospectResponse inactive = new IntrospectResponse(false, null, null, null);

    assertThat(IntrospectResponse.fromJson(active.toJson())).isEqualTo(active);
    assertThat(IntrospectResponse.fromJson(inactive.toJson())).isEqualTo(inactive);
    assertThat(inactive.toJson()).isEqualTo("{\"active\":false}");
    assertThat(RevokeResponse.fromJson("{}")).isEqualTo(new RevokeResponse(null));
    assertThat(RevokeResponse.fromJson(new RevokeResponse("r2").toJson()))
        .isEqualTo(new RevokeResponse("r2"));
  }

  @Test
  void introspectResponseWithoutActiveIsInvalid() {
    assertThatThrownBy(() -> IntrospectResponse.fromJson("{\"scope\":\"x\"}"))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessageContaining("active");
  }

  @Test
  void readsNotionShapedErrors() {
    NotionError e =
        NotionError.parse(
            400,
            "{\"object\":\"error\",\"status\":400,\"code\":\"invalid_grant\",\"message\":\"Invalid code.\",\"request_id\":\"r9\"}",
            "header-id");

    assertThat(e).isEqualTo(new NotionError(400, "invalid_grant", "Invalid code.", "r9"));
    assertThat(NotionError.parse(400, e.toJson(), null)).isEqualTo(e);
  }

  @Test
  void readsOAuthShapedErrorsAndFallsBackToTheHeaderRequestId() {
    NotionError e =
        NotionError.parse(
            401, "{\"error\":\"invalid_client\",\"error_description\":\"bad\"}", "hdr");

    assertThat(e).isEqualTo(new NotionError(401, "invalid_client", "bad", "hdr"));
  }

  @Test
  void readsAnyOtherErrorBodyWithoutFailing() {
    assertThat(NotionError.parse(502, "<html>Bad gateway</html>", null))
        .isEqualTo(new NotionError(502, "http_502", null, null));
    assertThat(NotionError.parse(500, null, null).code()).isEqualTo("http_500");
    assertThat(NotionError.parse(400, "{\"error\":\"<script>x</script>\"}", null).code())
        .isEqualTo("http_400");
  }

  @Test
  void authorizeUrlCarriesExactlyTheDocumentedParametersAndRoundTrips() {
    AuthorizationRequest request =
        new AuthorizationRequest(
            new ClientId("463558a3-725e-4f37-b6d3-0889894f68de"),
            "https://example.com/auth/notion/callback",
            STATE);

    URI uri = request.toUri(URI.create("https://api.notion.com/"));

    assertThat(uri.toString())
        .isEqualTo(
            "https://api.notion.com/v1/oauth/authorize?client_id=463558a3-725e-4f37-b6d3-0889894f68de"
                + "&response_type=code&owner=user"
                + "&redirect_uri=https%3A%2F%2Fexample.com%2Fauth%2Fnotion%2Fcallback"
                + "&state="
                + STATE.value());
    assertThat(AuthorizationRequest.parse(uri)).contains(request);
  }
}
