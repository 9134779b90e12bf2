package dev.notionoauth.server.internal;

import dev.notionoauth.server.ConfigLoader;
import dev.notionoauth.server.NotionOAuthServer;
import dev.notionoauth.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code serve}: runs the server from a configuration file until SIGTERM. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run the server from a configuration file until stopped (SIGTERM drains in-flight requests).")
public final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Shutdown shutdown = Shutdown.listen();
    Path file = config.resolve(System.getenv());
    ServerConfig cfg = ConfigLoader.load(file);
    NotionOAuthServer server = NotionOAuthServer.builder(cfg).build().start();
    spec.commandLine().getOut().println("notion-oauth-handler listening on " + server.localUrl());
    spec.commandLine().getOut().flush();
    shutdown.await();
    boolean clean = server.stop();
    return clean ? 0 : 1;
  }
}
