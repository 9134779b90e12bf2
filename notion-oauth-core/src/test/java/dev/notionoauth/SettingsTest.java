package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
  private static NotionOAuthSettings.Builder valid() {
    return NotionOAuthSettings.builder()
        .clientId("client")
        .clientSecret("secret")
        .redirectUri("https://example.com/notion/callback");
  }

  @Test
  void defaultsToNotionsProductionApiAndTheNewestVersion() {
    NotionOAuthSettings s = valid().build();

    assertThat(s.apiBaseUrl()).isEqualTo(URI.create("https://api.notion.com"));
    assertThat(s.notionVersion()).isEqualTo("2026-03-11");
    assertThat(s.endpoint("/v1/oauth/token"))
        .isEqualTo(URI.create("https://api.notion.com/v1/oauth/token"));
  }

  @Test
  void refusesPlainHttpExceptOnLoopback() {
    assertThatThrownBy(() -> valid().apiBaseUrl(URI.create("http://api.notion.com")).build())
        .hasMessageContaining("apiBaseUrl must use https");
    assertThatThrownBy(() -> valid().redirectUri("http://example.com/cb").build())
        .hasMessageContaining("redirectUri must use https");
    assertThat(valid().apiBaseUrl(URI.create("http://127.0.0.1:8080/")).build().apiBaseUrl())
        .isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(valid().redirectUri("http://localhost:8080/cb").build().redirectUri())
        .isEqualTo("http://localhost:8080/cb");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.attacker.example/cb",
        "http://127.0.0.1.nip.io/cb",
        "http://localhost.attacker.example/cb",
        "http://999.0.0.1/cb",
        "http://[::2]/cb",
        "http://10.0.0.1/cb"
      })
  void aHostThatOnlyLooksLikeLoopbackMustUseHttps(String url) {
    assertThatThrownBy(() -> NotionOAuthSettings.checkHttpUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080/cb",
        "http://LOCALHOST/cb",
        "http://127.0.0.1/cb",
        "http://127.10.20.30:1/cb",
        "http://[::1]:8080/cb"
      })
  void loopbackAddressesMayUsePlainHttp(String url) {
    assertThat(NotionOAuthSettings.checkHttpUrl(url)).isEqualTo(url);
  }

  @Test
  void refusesRelativeOrFragmentRedirectUris() {
    assertThatThrownBy(() -> valid().redirectUri("/notion/callback").build())
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> valid().redirectUri("https://example.com/cb#x").build())
        .hasMessageContaining("fragment");
  }

  @Test
  void requiresTheCredentials() {
    assertThatThrownBy(() -> NotionOAuthSettings.builder().redirectUri("https://e.com/c").build())
        .hasMessageContaining("clientId is required");
  }
}
