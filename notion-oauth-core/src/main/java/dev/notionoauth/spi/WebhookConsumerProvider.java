package dev.notionoauth.spi;

/**
 * Makes a {@link WebhookConsumer} picked by {@link #name()} in configuration ({@code webhooks:
 * consumers: [name, …]}). Register an implementation in {@code
 * META-INF/services/dev.notionoauth.spi.WebhookConsumerProvider}; it needs a public no-argument
 * constructor.
 */
public interface WebhookConsumerProvider {

  /** The name configuration uses, e.g. {@code log}: lower-case letters, digits and dashes. */
  String name();

  /** One line saying what the consumer does, for the {@code plugins} command. */
  String description();

  /**
   * Creates the consumer, once at startup.
   *
   * @param context its settings and the host's services (installations, webhook store)
   * @throws dev.notionoauth.NotionConfigException when a setting or service it needs is missing
   */
  WebhookConsumer create(PluginContext context);
}
