package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenResponseTest {

  static String fixture(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            TokenResponseTest.class.getResourceAsStream("/token-response/" + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void parsesEveryFieldOfNotionsDocumentedExample() throws IOException {
    TokenResponse t = TokenResponse.fromJson(fixture("valid/docs-example.json"));

    assertThat(t.accessToken().value()).isEqualTo("ntn_EXAMPLE_access_token_value");
    assertThat(t.tokenType()).isEqualTo("bearer");
    assertThat(t.refreshToken())
        .isEqualTo(new RefreshToken("nrt_4991090011501Ejc6Xn4sHguI7jZIN449mKe9PRhpMfNK"));
    assertThat(t.botId()).isEqualTo("b3414d65-1224-4f5a-b1c8-3c2a8d1f0e10");
    assertThat(t.workspaceId()).isEqualTo("a5cd917a-a3d7-4a41-b9c5-c9d1b0c5c7e5");
    assertThat(t.workspaceName()).isEqualTo("Ada's Workspace");
    assertThat(t.workspaceIcon()).isEqualTo("https://example.org/icon.png");
    assertThat(t.duplicatedTemplateId()).isNull();
    assertThat(t.requestId()).isEqualTo("0a1b2c3d-0000-4000-8000-000000000001");
    assertThat(t.owner())
        .isEqualTo(
            new Owner.User(
                new NotionUser(
                    "d40e767c-d7af-4b18-a86d-55c61f1e39a4",
                    "Ada Lovelace",
                    null,
                    "person",
                    "ada@example.org",
                    true)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "docs-example.json",
        "refresh-token-null.json",
        "refresh-token-absent.json",
        "unknown-fields-and-person-without-email.json",
        "token-type-upper-case.json",
        "owner-of-unknown-type.json"
      })
  void survivesARoundTripThroughItsOwnJson(String name) throws IOException {
    TokenResponse parsed = TokenResponse.fromJson(fixture("valid/" + name));

    TokenResponse again = TokenResponse.fromJson(parsed.toJson());

    assertThat(again).isEqualTo(parsed);
  }

  @Test
  void acceptsAbsentOrNullRefreshTokenAsNone() throws IOException {
    assertThat(TokenResponse.fromJson(fixture("valid/refresh-token-null.json")).refreshToken())
        .isNull();
    assertThat(TokenResponse.fromJson(fixture("valid/refresh-token-absent.json")).refreshToken())
        .isNull();
  }

  @Test
  void readsLegacyWorkspaceOwnerAndKeepsUnknownOwnerTypes() throws IOException {
    assertThat(TokenResponse.fromJson(fixture("valid/refresh-token-null.json")).owner())
        .isEqualTo(new Owner.Workspace());
    assertThat(TokenResponse.fromJson(fixture("valid/owner-of-unknown-type.json")).owner())
        .isEqualTo(new Owner.Other("team"));
  }

  @Test
  void ignoresUnknownFieldsAndAPersonWithoutEmail() throws IOException {
    TokenResponse t =
        TokenResponse.fromJson(fixture("valid/unknown-fields-and-person-without-email.json"));

    assertThat(((Owner.User) t.owner()).user().email()).isNull();
    assertThat(t.duplicatedTemplateId()).isEqualTo("c5cd917a-a3d7-4a41-b9c5-c9d1b0c5c7e5");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "missing-access-token.json",
        "empty-access-token.json",
        "access-token-not-a-string.json",
        "access-token-with-control-character.json",
        "missing-bot-id.json",
        "bot-id-not-a-uuid.json",
        "missing-workspace-id.json",
        "workspace-id-a-number.json",
        "token-type-mac.json",
        "missing-token-type.json",
        "missing-owner.json",
        "owner-user-without-id.json",
        "workspace-name-an-object.json",
        "json-array.json",
        "html-page.json",
        "truncated-json.json",
        "empty-body.json"
      })
  void rejectsAnUnusableResponseWithATypedErrorThatNamesNoValue(String name) throws IOException {
    String body = fixture("invalid/" + name);

    assertThatThrownBy(() -> TokenResponse.fromJson(body))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessageStartingWith("token response")
        .message()
        .doesNotContain("ntn_x");
  }

  @Test
  void neverPrintsItsTokens() throws IOException {
    TokenResponse t = TokenResponse.fromJson(fixture("valid/docs-example.json"));

    assertThat(t.toString())
        .doesNotContain("ntn_EXAMPLE")
        .doesNotContain("nrt_4991")
        .contains("AccessToken[***]")
        .contains("b3414d65-1224-4f5a-b1c8-3c2a8d1f0e10");
  }
}
