package dev.notionoauth.server.internal;

import dev.notionoauth.emulator.NotionEmulator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emulator}: runs the Notion emulator in the foreground. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description =
        "Run the Notion emulator (OAuth endpoints, consent page, a small API) on 127.0.0.1 until"
            + " stopped, and print its base URL.")
public final class EmulatorCommand implements Callable<Integer> {
  @Option(names = "--port", description = "Port (default: a free one).")
  int port;

  @Option(names = "--client-id", description = "Client id to register (default: ${DEFAULT-VALUE}).")
  String clientId = NotionEmulator.DEFAULT_CLIENT_ID;

  @Option(names = "--client-secret", description = "Its client secret (default: ${DEFAULT-VALUE}).")
  String clientSecret = NotionEmulator.DEFAULT_CLIENT_SECRET;

  @Option(names = "--redirect-uri", description = "A redirect URI to register (repeatable).")
  List<String> redirectUris = new ArrayList<>();

  @Option(names = "--auto-approve", description = "Skip the consent page: redirect back at once.")
  boolean autoApprove;

  @Option(
      names = "--workspace",
      paramLabel = "NAME",
      description =
          "A workspace the emulated user belongs to (repeatable; the first is the default). With"
              + " several, the consent page lets you pick one; each gets its own bot id.")
  List<String> workspaces = new ArrayList<>();

  @Option(
      names = "--token-lifetime",
      paramLabel = "SECONDS",
      description =
          "Access tokens stop working for the API after this many seconds (401, as an expired"
              + " token would); default: they do not expire.")
  long tokenLifetimeSeconds;

  @Option(
      names = "--page",
      paramLabel = "TITLE",
      description = "A page shared with the integration in the default workspace (repeatable).")
  List<String> pages = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Shutdown shutdown = Shutdown.listen();
    NotionEmulator.Builder builder = NotionEmulator.builder().port(port).autoApprove(autoApprove);
    if (!workspaces.isEmpty()) {
      builder
          .workspaceName(workspaces.get(0))
          .moreWorkspaces(workspaces.subList(1, workspaces.size()).toArray(new String[0]));
    }
    if (tokenLifetimeSeconds > 0) {
      builder.accessTokenLifetime(java.time.Duration.ofSeconds(tokenLifetimeSeconds));
    }
    try (NotionEmulator emulator = builder.start()) {
      emulator.registerClient(clientId, clientSecret, redirectUris.toArray(new String[0]));
      for (String title : pages) {
        emulator.createPage(title, dev.notionoauth.emulator.PageAccess.SHARED);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(emulator.baseUrl());
      out.println(
          "Notion emulator running: client id "
              + clientId
              + ", redirect URIs "
              + redirectUris
              + (autoApprove ? ", auto-approve" : "")
              + ". Stop with Ctrl-C.");
      out.flush();
      shutdown.await();
    }
    return 0;
  }
}
