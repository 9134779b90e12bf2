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
   * @param context its settings and the host's services (such as the install-link signer)
   * @throws dev.notionoauth.NotionConfigException when a setting it needs is wrong
   */
  ResponseView create(PluginContext context);
}
