package dev.notionoauth.spi;

/**
 * Makes an {@link InstallationListener} picked by {@link #name()} in configuration ({@code
 * listeners: [name, …]}). Register an implementation in {@code
 * META-INF/services/dev.notionoauth.spi.InstallationListenerProvider}; it needs a public
 * no-argument constructor.
 */
public interface InstallationListenerProvider {

  /** The name configuration uses, e.g. {@code log}: lower-case letters, digits and dashes. */
  String name();

  /** One line saying what the listener does, for the {@code plugins} command. */
  String description();

  /**
   * Creates the listener, once at startup.
   *
   * @param context its settings and the host's services
   * @throws dev.notionoauth.NotionConfigException when a setting it needs is wrong
   */
  InstallationListener create(PluginContext context);
}
