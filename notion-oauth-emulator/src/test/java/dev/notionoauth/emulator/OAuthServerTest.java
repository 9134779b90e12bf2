package dev.notionoauth.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The emulated Notion's OAuth rules, checked without HTTP. */
class OAuthServerTest {
  static final String REDIRECT = "https://app.example/notion/callback";
  final MutableClock clock = new MutableClock();
  final OAuthServer server =
      new OAuthServer(
          clock,
          false,
          Duration.ofMinutes(10),
          true,
          List.of("Acme"),
          OAuthServer.EmulatedUser.of("Ada", "ada@example.org"));
  final OAuthServer.RegisteredClient client = register();

  OAuthServer.RegisteredClient register() {
    server.registerClient("client-1", "secret-1", Set.of(REDIRECT));
    try {
      return server.authenticate(
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(
                      "client-1:secret-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (Refusal e) {
      throw new AssertionError(e);
    }
  }

  String approvedCode() throws Exception {
    OAuthServer.AuthorizeAnswer.Consent consent =
        (OAuthServer.AuthorizeAnswer.Consent)
            server.authorize(
                Map.of(
                    "client_id", "client-1",
                    "redirect_uri", REDIRECT,
                    "response_type", "code",
                    "owner", "user",
                    "state", "s"));
    String back = server.decide(consent.consentId(), true, null);
    return NotionEmulator.codeOf(java.net.URI.create(back)).orElseThrow();
  }

  ObjectNode grant(String type, String field, String value) {
    ObjectNode body = OAuthServer.JSON.createObjectNode();
    body.put("grant_type", type);
    body.put(field, value);
    body.put("redirect_uri", REDIRECT);
    return body;
  }

  @Test
  void aCodeWorksOnceAndItsSecondUseRevokesWhatTheFirstIssued() throws Exception {
    String code = approvedCode();
    ObjectNode first = server.token(client, grant("authorization_code", "code", code));
    String access = first.get("access_token").stringValue();

    assertThat(server.isActive(access)).isTrue();
    assertThatThrownBy(() -> server.token(client, grant("authorization_code", "code", code)))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code).isEqualTo("invalid_grant"));
    assertThat(server.isActive(access)).isFalse();
  }

  @Test
  void aRefreshRotatesThePairAndRetiresTheOldOne() throws Exception {
    ObjectNode first = server.token(client, grant("authorization_code", "code", approvedCode()));
    String refresh = first.get("refresh_token").stringValue();

    ObjectNode second = server.token(client, grant("refresh_token", "refresh_token", refresh));

    assertThat(server.isActive(first.get("access_token").stringValue())).isFalse();
    assertThat(server.isActive(second.get("access_token").stringValue())).isTrue();
    assertThat(second.get("bot_id").stringValue()).isEqualTo(first.get("bot_id").stringValue());
    assertThatThrownBy(() -> server.token(client, grant("refresh_token", "refresh_token", refresh)))
        .isInstanceOf(Refusal.class);
  }

  @Test
  void anUnregisteredRedirectUriIsAnErrorPageNotARedirect() {
    assertThatThrownBy(
            () ->
                server.authorize(
                    Map.of(
                        "client_id", "client-1",
                        "redirect_uri", "https://evil.example/cb",
                        "response_type", "code",
                        "owner", "user")))
        .isInstanceOf(BadAuthorizeRequest.class)
        .hasMessage("Missing or invalid redirect_uri");
  }

  @Test
  void aConsentExpiresAfterHalfAnHour() throws Exception {
    OAuthServer.AuthorizeAnswer.Consent consent =
        (OAuthServer.AuthorizeAnswer.Consent)
            server.authorize(
                Map.of(
                    "client_id", "client-1",
                    "redirect_uri", REDIRECT,
                    "response_type", "code",
                    "owner", "user"));
    clock.advance(Duration.ofMinutes(31));

    assertThatThrownBy(() -> server.decide(consent.consentId(), true, null))
        .isInstanceOf(BadAuthorizeRequest.class);
  }

  @Test
  void wrongClientCredentialsAreRefusedWith401() {
    assertThatThrownBy(() -> server.authenticate("Basic Y2xpZW50LTE6bm9wZQ=="))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.status).isEqualTo(401));
  }
}
