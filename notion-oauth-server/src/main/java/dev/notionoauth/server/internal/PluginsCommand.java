package dev.notionoauth.server.internal;

import dev.notionoauth.Plugins;
import dev.notionoauth.spi.ResponseViewProvider;
import dev.notionoauth.spi.TokenConsumerProvider;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code plugins}: lists the consumers and views found on the class path. */
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
    out.println("Consumers (consumer: NAME):");
    for (TokenConsumerProvider p : plugins.consumers()) {
      out.printf("  %-12s %s%n", p.name(), p.description());
    }
    out.println("Views (view: NAME):");
    for (ResponseViewProvider p : plugins.views()) {
      out.printf("  %-12s %s%n", p.name(), p.description());
    }
    out.println("Installation listeners (listeners: [NAME, …]):");
    for (var p : plugins.listeners()) {
      out.printf("  %-12s %s%n", p.name(), p.description());
    }
    out.println("Webhook consumers (webhooks: consumers: [NAME, …]):");
    for (var p : plugins.webhookConsumers()) {
      out.printf("  %-12s %s%n", p.name(), p.description());
    }
    return 0;
  }
}
