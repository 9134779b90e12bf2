package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

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
