package dev.notionoauth;

import dev.notionoauth.emulator.NotionEmulator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Core's own tests against the emulator: one per test class, reset before each test. (The public
 * JUnit extension lives in the testkit, which depends on core, so core cannot use it.)
 */
final class EmulatedNotion implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private final UnaryOperator<NotionEmulator.Builder> configuration;
  private NotionEmulator emulator;

  private EmulatedNotion(UnaryOperator<NotionEmulator.Builder> configuration) {
    this.configuration = configuration;
  }

  EmulatedNotion() {
    this(UnaryOperator.identity());
  }

  static EmulatedNotion configured(UnaryOperator<NotionEmulator.Builder> configuration) {
    return new EmulatedNotion(configuration);
  }

  NotionEmulator emulator() {
    return emulator;
  }

  /** Settings for the emulator's default client, with the redirect URI registered. */
  NotionOAuthSettings.Builder settingsFor(String redirectUri) {
    return settingsFor(emulator, redirectUri);
  }

  /** Settings for an emulator's default client, with the redirect URI registered. */
  static NotionOAuthSettings.Builder settingsFor(NotionEmulator notion, String redirectUri) {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirectUri);
    return NotionOAuthSettings.builder()
        .clientId(NotionEmulator.DEFAULT_CLIENT_ID)
        .clientSecret(NotionEmulator.DEFAULT_CLIENT_SECRET)
        .redirectUri(redirectUri)
        .apiBaseUrl(notion.baseUrl());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator = configuration.apply(NotionEmulator.builder()).start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    emulator.close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    emulator.reset();
  }
}
