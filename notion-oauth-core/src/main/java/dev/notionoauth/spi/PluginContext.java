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

  private PluginContext(Builder b) {
    this.settings = b.settings;
    this.installations = b.installations;
    this.installLinks = b.installLinks;
    this.clock = b.clock;
    this.webhookStore = b.webhookStore;
  }

  /** A builder over the plugin settings: the system clock and no services unless given. */
  public static Builder builder(PluginSettings settings) {
    return new Builder(settings);
  }

  /** Settings only, the system clock, no services (a plugin's own tests). */
  public static PluginContext of(PluginSettings settings) {
    return builder(settings).build();
  }

  /** Builds a {@link PluginContext}. */
  public static final class Builder {
    private final PluginSettings settings;
    private Supplier<@Nullable Installations> installations = () -> null;
    private @Nullable InstallLinks installLinks;
    private Clock clock = Clock.systemUTC();
    private @Nullable WebhookStore webhookStore;

    private Builder(PluginSettings settings) {
      this.settings = settings;
    }

    /** The installations service over the configured store. */
    public Builder installations(Installations value) {
      this.installations = () -> value;
      return this;
    }

    /**
     * The installations service, found when a plugin first asks for it: the composition root makes
     * one context for every plugin kind, including the installation listeners the installations
     * service is built with.
     */
    public Builder installations(Supplier<@Nullable Installations> value) {
      this.installations = value;
      return this;
    }

    /** The install-link signer (used for claim links), if a secret is configured. */
    public Builder installLinks(@Nullable InstallLinks value) {
      this.installLinks = value;
      return this;
    }

    /** The clock plugins read the time from. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** The webhook store, if webhooks are on. */
    public Builder webhookStore(@Nullable WebhookStore value) {
      this.webhookStore = value;
      return this;
    }

    /** The context. */
    public PluginContext build() {
      return new PluginContext(this);
    }
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
