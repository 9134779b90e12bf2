package dev.notionoauth.spi;

/**
 * Makes a {@link TokenConsumer} picked by {@link #name()} in configuration ({@code consumer:
 * name}). Register an implementation in {@code
 * META-INF/services/dev.notionoauth.spi.TokenConsumerProvider}; it needs a public no-argument
 * constructor.
 */
public interface TokenConsumerProvider {

  /** The name configuration uses, e.g. {@code log}: lower-case letters, digits and dashes. */
  String name();

  /** One line saying what the consumer does, for the {@code plugins} command. */
  String description();

  /**
   * Creates the consumer, once at startup.
   *
   * @param context its settings and the host's services (such as the installation store)
   * @throws dev.notionoauth.NotionConfigException when a setting or service it needs is missing
   */
  TokenConsumer create(PluginContext context);
}
