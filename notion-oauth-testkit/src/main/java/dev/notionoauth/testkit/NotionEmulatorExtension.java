package dev.notionoauth.testkit;

import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.emulator.NotionEmulator;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one {@link NotionEmulator} for a JUnit 5 test class: started before the first test, stopped
 * after the last; before each test its queued faults and recorded requests are cleared.
 *
 * <p>Either register it in a static field to configure it and reach the emulator:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NotionEmulatorExtension NOTION =
 *     NotionEmulatorExtension.configured(b -> b.autoApprove(true));
 *
 * @Test void connects() { URI base = NOTION.emulator().baseUrl(); ... }
 * }</pre>
 *
 * or use {@code @ExtendWith(NotionEmulatorExtension.class)} and take a {@link NotionEmulator}
 * parameter in a test or lifecycle method.
 */
public final class NotionEmulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

  private final UnaryOperator<NotionEmulator.Builder> configuration;
  private @Nullable NotionEmulator emulator;

  /** An extension with the emulator's defaults (used by {@code @ExtendWith}). */
  public NotionEmulatorExtension() {
    this(UnaryOperator.identity());
  }

  private NotionEmulatorExtension(UnaryOperator<NotionEmulator.Builder> configuration) {
    this.configuration = configuration;
  }

  /** An extension whose emulator is configured by the given function. */
  public static NotionEmulatorExtension configured(
      UnaryOperator<NotionEmulator.Builder> configuration) {
    return new NotionEmulatorExtension(configuration);
  }

  /** The running emulator. */
  public NotionEmulator emulator() {
    NotionEmulator e = emulator;
    if (e == null) {
      throw new IllegalStateException("the emulator runs only while the test class runs");
    }
    return e;
  }

  /**
   * Client settings pointing at the running emulator with its default client, after registering the
   * redirect URI there.
   *
   * @param redirectUri the redirect URI your code will send
   */
  public NotionOAuthSettings.Builder settingsFor(String redirectUri) {
    return settingsFor(emulator(), redirectUri);
  }

  /**
   * Client settings pointing at an emulator with its default client, after registering the redirect
   * URI there.
   */
  public static NotionOAuthSettings.Builder settingsFor(NotionEmulator notion, String redirectUri) {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirectUri);
    return NotionOAuthSettings.builder()
        .clientId(NotionEmulator.DEFAULT_CLIENT_ID)
        .clientSecret(NotionEmulator.DEFAULT_CLIENT_SECRET)
        .redirectUri(redirectUri)
        .apiBaseUrl(notion.baseUrl());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (emulator == null) {
      emulator = configuration.apply(NotionEmulator.builder()).start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    NotionEmulator e = emulator;
    if (e != null) {
      e.close();
      emulator = null;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    emulator().reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == NotionEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return emulator();
  }
}
