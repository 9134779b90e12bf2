package dev.notionoauth.server.internal;

import dev.notionoauth.Plugins;
import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code plugins}: lists the plugins found on the class path, by type. */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    description =
        "List the consumers, views, listeners and webhook consumers found on the class path.")
public final class PluginsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Plugins plugins = Plugins.discover();
    PrintWriter out = spec.commandLine().getOut();
    list(out, "Consumers (consumer: NAME):", plugins.list(TokenConsumer.class));
    list(out, "Views (view: NAME):", plugins.list(ResponseView.class));
    list(
        out,
        "Installation listeners (listeners: [NAME, …]):",
        plugins.list(InstallationListener.class));
    list(
        out,
        "Webhook consumers (webhooks: consumers: [NAME, …]):",
        plugins.list(WebhookConsumer.class));
    return 0;
  }

  private static void list(PrintWriter out, String heading, List<? extends PluginProvider<?>> all) {
    out.println(heading);
    for (PluginProvider<?> p : all) {
      out.printf("  %-12s %s%n", p.name(), p.description());
    }
  }
}
