package dev.notionoauth;

import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds {@link PluginProvider}s on the class path through {@link ServiceLoader} and creates plugins
 * by type and name, the way the Python original used entry points: token consumers, response views,
 * installation listeners and webhook consumers alike. An unknown name is a {@link
 * NotionConfigException} listing the names found; two providers of one type with one name are an
 * error too.
 *
 * <pre>{@code
 * TokenConsumer consumer = Plugins.discover().create(TokenConsumer.class, "log", context);
 * }</pre>
 */
public final class Plugins {
  /** What configuration and messages call each plugin type. */
  private static final Map<Class<?>, String> LABELS =
      Map.of(
          TokenConsumer.class, "consumer",
          ResponseView.class, "view",
          InstallationListener.class, "listener",
          WebhookConsumer.class, "webhook consumer");

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

  /**
   * Every provider of plugins of that type, sorted by name.
   *
   * @throws NotionConfigException if a provider cannot be loaded, or two share a name
   */
  public <T> List<PluginProvider<T>> list(Class<T> type) {
    List<PluginProvider<T>> found = new ArrayList<>();
    try {
      for (PluginProvider<?> provider : ServiceLoader.load(PluginProvider.class, classLoader)) {
        if (provider.type() == type) {
          @SuppressWarnings("unchecked") // its type() says what it makes
          PluginProvider<T> typed = (PluginProvider<T>) provider;
          found.add(typed);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new NotionConfigException("a plugin could not be loaded: " + e.getMessage());
    }
    found.sort(Comparator.comparing(PluginProvider::name));
    for (int i = 1; i < found.size(); i++) {
      if (found.get(i).name().equals(found.get(i - 1).name())) {
        throw new NotionConfigException(
            "two "
                + label(type)
                + " plugins are named '"
                + found.get(i).name()
                + "': "
                + found.get(i - 1).getClass().getName()
                + " and "
                + found.get(i).getClass().getName());
      }
    }
    return List.copyOf(found);
  }

  /**
   * Creates the plugin of that type and name with the host's services.
   *
   * @param type the plugin interface, e.g. {@code TokenConsumer.class}
   * @param name the provider's name
   * @param context its settings and services
   * @throws NotionConfigException if there is no such plugin (the message lists the names found),
   *     or it refuses its settings
   */
  public <T> T create(Class<T> type, String name, PluginContext context) {
    for (PluginProvider<T> p : list(type)) {
      if (p.name().equals(name)) {
        return p.create(context);
      }
    }
    throw new NotionConfigException(missing(type, name).orElseThrow());
  }

  /**
   * What is wrong with naming {@code name} for a plugin of that type: nothing when a provider has
   * that name, else "no consumer named 'x'; found: log, store" — the message {@link #create}
   * throws, for a configuration check to report with its key path.
   */
  public <T> Optional<String> missing(Class<T> type, String name) {
    List<PluginProvider<T>> all = list(type);
    if (all.stream().anyMatch(p -> p.name().equals(name))) {
      return Optional.empty();
    }
    return Optional.of(
        "no "
            + label(type)
            + " named '"
            + name
            + "'; found: "
            + all.stream().map(PluginProvider::name).collect(Collectors.joining(", ")));
  }

  private static String label(Class<?> type) {
    return LABELS.getOrDefault(type, type.getSimpleName());
  }
}
