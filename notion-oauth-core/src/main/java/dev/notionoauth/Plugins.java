package dev.notionoauth;

import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.InstallationListenerProvider;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.ResponseViewProvider;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.TokenConsumerProvider;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.spi.WebhookConsumerProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds consumers and views on the class path through {@link ServiceLoader} and creates them by
 * name, the way the Python original used entry points. An unknown name is a {@link
 * NotionConfigException} listing the names found; two providers with one name are an error too.
 */
public final class Plugins {
  private final ClassLoader classLoader;

  private Plugins(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** Plugins visible to this library's class loader. */
  public static Plugins discover() {
    return new Plugins(Plugins.class.getClassLoader());
  }

  /** Plugins visible to the given class loader. */
  public static Plugins discover(ClassLoader classLoader) {
    return new Plugins(classLoader);
  }

  /** Every consumer provider found, sorted by name. */
  public List<TokenConsumerProvider> consumers() {
    return load(TokenConsumerProvider.class, TokenConsumerProvider::name, "consumer");
  }

  /** Every view provider found, sorted by name. */
  public List<ResponseViewProvider> views() {
    return load(ResponseViewProvider.class, ResponseViewProvider::name, "view");
  }

  /**
   * Creates the consumer of that name with the host's services.
   *
   * @param name the provider's name
   * @param context its settings and services
   */
  public TokenConsumer consumer(String name, PluginContext context) {
    return find(consumers(), TokenConsumerProvider::name, name, "consumer").create(context);
  }

  /**
   * Creates the view of that name with the host's services.
   *
   * @param name the provider's name
   * @param context its settings and services
   */
  public ResponseView view(String name, PluginContext context) {
    return find(views(), ResponseViewProvider::name, name, "view").create(context);
  }

  /** Every installation listener provider found, sorted by name. */
  public List<InstallationListenerProvider> listeners() {
    return load(InstallationListenerProvider.class, InstallationListenerProvider::name, "listener");
  }

  /**
   * Creates the installation listener of that name with the host's services.
   *
   * @param name the provider's name
   * @param context its settings and services
   */
  public InstallationListener listener(String name, PluginContext context) {
    return find(listeners(), InstallationListenerProvider::name, name, "listener").create(context);
  }

  /** Every webhook consumer provider found, sorted by name. */
  public List<WebhookConsumerProvider> webhookConsumers() {
    return load(WebhookConsumerProvider.class, WebhookConsumerProvider::name, "webhook consumer");
  }

  /**
   * Creates the webhook consumer of that name with the host's services.
   *
   * @param name the provider's name
   * @param context its settings and services
   */
  public WebhookConsumer webhookConsumer(String name, PluginContext context) {
    return find(webhookConsumers(), WebhookConsumerProvider::name, name, "webhook consumer")
        .create(context);
  }

  /** Whether a webhook consumer of that name exists. */
  public boolean hasWebhookConsumer(String name) {
    return webhookConsumers().stream().anyMatch(p -> p.name().equals(name));
  }

  /** Whether a listener of that name exists. */
  public boolean hasListener(String name) {
    return listeners().stream().anyMatch(p -> p.name().equals(name));
  }

  /** Whether a consumer of that name exists. */
  public boolean hasConsumer(String name) {
    return consumers().stream().anyMatch(p -> p.name().equals(name));
  }

  /** Whether a view of that name exists. */
  public boolean hasView(String name) {
    return views().stream().anyMatch(p -> p.name().equals(name));
  }

  private static <T> T find(List<T> all, Function<T, String> nameOf, String name, String kind) {
    for (T p : all) {
      if (nameOf.apply(p).equals(name)) {
        return p;
      }
    }
    throw new NotionConfigException(
        "no "
            + kind
            + " named '"
            + name
            + "'; found: "
            + all.stream().map(nameOf).collect(Collectors.joining(", ")));
  }

  private <T> List<T> load(Class<T> type, Function<T, String> nameOf, String kind) {
    List<T> found = new ArrayList<>();
    try {
      for (T provider : ServiceLoader.load(type, classLoader)) {
        found.add(provider);
      }
    } catch (ServiceConfigurationError e) {
      throw new NotionConfigException(
          "a " + kind + " plugin could not be loaded: " + e.getMessage());
    }
    found.sort(Comparator.comparing(nameOf));
    for (int i = 1; i < found.size(); i++) {
      if (nameOf.apply(found.get(i)).equals(nameOf.apply(found.get(i - 1)))) {
        throw new NotionConfigException(
            "two "
                + kind
                + " plugins are named '"
                + nameOf.apply(found.get(i))
                + "': "
                + found.get(i - 1).getClass().getName()
                + " and "
                + found.get(i).getClass().getName());
      }
    }
    return List.copyOf(found);
  }
}
