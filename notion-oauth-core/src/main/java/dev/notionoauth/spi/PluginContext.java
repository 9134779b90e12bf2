package dev.notionoauth.spi;

import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installations;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a plugin is created with ({@link PluginProvider#create}): its settings, and the services the
 * host configured. Plugins read the time from {@link #clock()}, never from the system clock, so
 * tests and hosts control it.
 */
public final class PluginContext {
  private final PluginSettings settings;
  private final Supplier<@Nullable Installations> installations;
  private final @Nullable InstallLinks installLinks;
  private final Clock clock;
  private final @Nullable WebhookStore webhookStore;

  /**
   * Creates a context.
   *
   * @param settings the plugin settings from configuration
   * @param installations the installations service over the configured store, or null if none
   * @param installLinks the install-link signer (used for claim links), or null if no secret is
   *     configured
   * @param clock the clock
   */
  public PluginContext(
      PluginSettings settings,
      @Nullable Installations installations,
      @Nullable InstallLinks installLinks,
      Clock clock) {
    this(settings, installations, installLinks, clock, null);
  }

  /**
   * Creates a context with a webhook store.
   *
   * @param settings the plugin settings from configuration
   * @param installations the installations service over the configured store, or null if none
   * @param installLinks the install-link signer, or null if no secret is configured
   * @param clock the clock
   * @param webhookStore the webhook store, or null if webhooks are off
   */
  public PluginContext(
      PluginSettings settings,
      @Nullable Installations installations,
      @Nullable InstallLinks installLinks,
      Clock clock,
      @Nullable WebhookStore webhookStore) {
    this.settings = settings;
    this.installations = () -> installations;
    this.installLinks = installLinks;
    this.clock = clock;
    this.webhookStore = webhookStore;
  }

  /**
   * Creates a context whose installations service is found when a plugin first asks for it: the
   * composition root makes one context for every plugin kind, including the installation listeners
   * the installations service is built with.
   *
   * @param settings the plugin settings from configuration
   * @param installations gives the installations service once it is built, or null if none
   * @param installLinks the install-link signer, or null if no secret is configured
   * @param clock the clock
   * @param webhookStore the webhook store, or null if webhooks are off
   */
  public static PluginContext deferred(
      PluginSettings settings,
      Supplier<@Nullable Installations> installations,
      @Nullable InstallLinks installLinks,
      Clock clock,
      @Nullable WebhookStore webhookStore) {
    return new PluginContext(installations, settings, installLinks, clock, webhookStore);
  }

  private PluginContext(
      Supplier<@Nullable Installations> installations,
      PluginSettings settings,
      @Nullable InstallLinks installLinks,
      Clock clock,
      @Nullable WebhookStore webhookStore) {
    this.settings = settings;
    this.installations = installations;
    this.installLinks = installLinks;
    this.clock = clock;
    this.webhookStore = webhookStore;
  }

  /** Settings only, the system clock, no services. */
  public static PluginContext of(PluginSettings settings) {
    return new PluginContext(settings, null, null, Clock.systemUTC());
  }

  /** The plugin settings from configuration. */
  public PluginSettings settings() {
    return settings;
  }

  /** The installations service (store, refreshes, health), if a store is configured. */
  public Optional<Installations> installations() {
    return Optional.ofNullable(installations.get());
  }

  /** The install-link signer, if configured. */
  public Optional<InstallLinks> installLinks() {
    return Optional.ofNullable(installLinks);
  }

  /** The webhook store, if webhooks are on. */
  public Optional<WebhookStore> webhookStore() {
    return Optional.ofNullable(webhookStore);
  }

  /** The clock. */
  public Clock clock() {
    return clock;
  }
}
