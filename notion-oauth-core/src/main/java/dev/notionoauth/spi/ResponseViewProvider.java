package dev.notionoauth.spi;

/**
 * Makes a {@link ResponseView} picked by {@link #name()} in configuration ({@code view: name}).
 * Register an implementation in {@code META-INF/services/dev.notionoauth.spi.ResponseViewProvider};
 * it needs a public no-argument constructor.
 */
public interface ResponseViewProvider {

  /** The name configuration uses, e.g. {@code default}. */
  String name();

  /** One line saying what the view renders, for the {@code plugins} command. */
  String description();

  /**
   * Creates the view, once at startup.
   *
   * @param settings the plugin settings from configuration
   */
  ResponseView create(PluginSettings settings);

  /**
   * Creates the view with the host's services. The default passes only the settings.
   *
   * @param context settings and services
   */
  default ResponseView create(PluginContext context) {
    return create(context.settings());
  }
}
