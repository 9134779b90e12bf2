package dev.notionoauth.spi;

/**
 * Makes one plugin picked by {@link #name()} in configuration: a {@link TokenConsumer} ({@code
 * consumer: name}), a {@link ResponseView} ({@code view: name}), an {@link InstallationListener}
 * ({@code listeners: [name]}) or a {@link WebhookConsumer} ({@code webhooks.consumers: [name]}).
 *
 * <p>Register an implementation in {@code META-INF/services/dev.notionoauth.spi.PluginProvider}; it
 * needs a public no-argument constructor. {@link dev.notionoauth.Plugins} finds it and creates the
 * plugin once, at startup:
 *
 * <pre>{@code
 * public final class AuditProvider implements PluginProvider<TokenConsumer> {
 *   public Class<TokenConsumer> type() { return TokenConsumer.class; }
 *   public String name() { return "audit"; }
 *   public String description() { return "Writes each installation to the audit log."; }
 *   public TokenConsumer create(PluginContext context) { return new AuditConsumer(context); }
 * }
 * }</pre>
 *
 * @param <T> the plugin interface it makes
 */
public interface PluginProvider<T> {

  /** The plugin interface it makes, e.g. {@code TokenConsumer.class}. */
  Class<T> type();

  /**
   * The name configuration uses, e.g. {@code log}: lower-case letters, digits and dashes, unique
   * among the providers of its type.
   */
  String name();

  /** One line saying what the plugin does, for the {@code plugins} command. */
  String description();

  /**
   * Creates the plugin, once at startup.
   *
   * @param context its settings and the host's services (such as the installation store)
   * @throws dev.notionoauth.NotionConfigException when a setting or service it needs is missing
   */
  T create(PluginContext context);
}
