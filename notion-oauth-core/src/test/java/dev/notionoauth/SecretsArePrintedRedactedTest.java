package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretsArePrintedRedactedTest {

  @Test
  void secretTypesPrintStars() {
    assertThat(new AccessToken("ntn_CANARY").toString()).isEqualTo("AccessToken[***]");
    assertThat(new RefreshToken("nrt_CANARY").toString()).isEqualTo("RefreshToken[***]");
    assertThat(new AuthorizationCode("CANARY-CODE").toString()).isEqualTo("AuthorizationCode[***]");
    assertThat(new ClientSecret("CANARY-SECRET").toString()).isEqualTo("ClientSecret[***]");
    assertThat(State.generate(new SecureRandom()).toString()).isEqualTo("State[***]");
    assertThat(BrowserBinding.generate(new SecureRandom()).toString())
        .isEqualTo("BrowserBinding[***]");
  }

  @Test
  void accessTokensCompareByValueInConstantTime() {
    assertThat(new AccessToken("ntn_a1").sameAs(new AccessToken("ntn_a1"))).isTrue();
    assertThat(new AccessToken("ntn_a1").sameAs(new AccessToken("ntn_a2"))).isFalse();
    assertThat(new AccessToken("ntn_a1").sameAs(new AccessToken("ntn_a10"))).isFalse();
  }

  @Test
  void aFlowStartPrintsNeitherTheStateInItsUrlNorTheBinding() {
    State state = State.generate(new SecureRandom());
    BrowserBinding binding = BrowserBinding.generate(new SecureRandom());
    FlowStart start =
        new FlowStart(
            java.net.URI.create(
                "https://api.notion.com/v1/oauth/authorize?client_id=c&state=" + state.value()),
            binding,
            java.time.Instant.EPOCH);

    assertThat(start.toString())
        .doesNotContain(state.value())
        .doesNotContain(binding.value())
        .startsWith("FlowStart[authorizeUrl=https://api.notion.com/v1/oauth/authorize?***");
  }

  @Test
  void settingsPrintWithoutTheClientSecret() {
    NotionOAuthSettings settings =
        NotionOAuthSettings.builder()
            .clientId("client")
            .clientSecret("CANARY-SECRET")
            .redirectUri("https://example.com/cb")
            .build();

    assertThat(settings.toString()).doesNotContain("CANARY-SECRET").contains("client");
  }

  @Test
  void invalidSecretsAreRejectedWithoutEchoingThem() {
    assertThatThrownBy(() -> new AccessToken("ntn_CANARY\nX"))
        .hasMessageNotContaining("CANARY")
        .hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> new State("CANARY-too-short")).hasMessageNotContaining("CANARY");
  }
}
