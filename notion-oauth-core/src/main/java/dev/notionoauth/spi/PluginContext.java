package dev.notionoauth.spi;

import dev.notionoauth.InstallLinks;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a plugin is created with: its settings, and the services the host configured.
 *
 * @param settings the plugin settings from configuration
 * @param store the installation store, if one is configured
 * @param installLinks the install-link signer, if a secret is configured (used for claim links)
 * @param clock the clock
 */
public record PluginContext(
    PluginSettings settings,
    @Nullable InstallationStore store,
    @Nullable InstallLinks installLinks,
    Clock clock) {

  /** Settings only. */
  public static PluginContext of(PluginSettings settings) {
    return new PluginContext(settings, null, null, Clock.systemUTC());
  }

  /** The store, if configured. */
  public Optional<InstallationStore> installationStore() {
    return Optional.ofNullable(store);
  }

  /** The install-link signer, if configured. */
  public Optional<InstallLinks> links() {
    return Optional.ofNullable(installLinks);
  }
}
