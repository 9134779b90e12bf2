package dev.notionoauth.server.internal;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.server.NotionOAuthServer;
import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the server and the Notion emulator together, with no configuration: open the
 * printed URL, click "Add to Notion", allow on the emulator's consent page, and land on the success
 * page. Nothing leaves the machine.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the server with a built-in Notion emulator and no configuration; prints the URL to open.")
public final class DemoCommand implements Callable<Integer> {
  /** Where the demo keeps its installations (list them with {@code tokens list --jdbc-url}). */
  public static final String DEMO_DB = "jdbc:sqlite:./data/notion-oauth-demo.db";

  /** A throwaway key, new for each demo process. */
  static final String DEMO_KEY = EncryptionKeys.generateBase64();

  @Option(
      names = "--port",
      description = "Port of the server (default: ${DEFAULT-VALUE}; 0 = any).")
  int port = 8080;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Shutdown shutdown = Shutdown.listen();
    try (NotionEmulator emulator = NotionEmulator.start()) {
      NotionOAuthServer server = start(emulator, port);
      PrintWriter out = spec.commandLine().getOut();
      String url = "http://localhost:" + server.port() + "/";
      out.println();
      out.println("  notion-oauth-handler demo");
      out.println("  Open " + url + " in your browser and click \"Add to Notion\".");
      out.println(
          "  Notion is emulated at " + emulator.baseUrl() + " (nothing leaves this machine).");
      out.println(
          "  Installations go to "
              + DEMO_DB
              + ", sealed with a throwaway encryption key made for"
              + " this run: their tokens cannot be read after it stops. List them with:");
      out.println("    java -jar notion-oauth-handler.jar tokens list --jdbc-url " + DEMO_DB);
      out.println("  Stop with Ctrl-C.");
      out.println();
      out.flush();
      shutdown.await();
      server.stop();
    }
    return 0;
  }

  /** Starts a demo server against a running emulator; public for tests. */
  public static NotionOAuthServer start(NotionEmulator emulator, int port) {
    // the redirect URI must name the real port, so a free one is chosen before starting
    int chosen = port == 0 ? freePort() : port;
    emulator.registerRedirectUri(
        NotionEmulator.DEFAULT_CLIENT_ID, "http://localhost:" + chosen + "/notion/callback");
    return NotionOAuthServer.builder(config(emulator, chosen)).build().start();
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no free port for the demo", e);
    }
  }

  private static ServerConfig config(NotionEmulator emulator, int port) {
    return ServerConfig.builder()
        .clientId(NotionEmulator.DEFAULT_CLIENT_ID)
        .clientSecret(NotionEmulator.DEFAULT_CLIENT_SECRET)
        .redirectUri("http://localhost:" + port + "/notion/callback")
        .apiBaseUrl(emulator.baseUrl().toString())
        .port(port)
        .shutdownTimeout(Duration.ofSeconds(5))
        .landingPage(true)
        .siteName("Demo integration")
        .jdbcUrl(DEMO_DB)
        .encryptionKey(DEMO_KEY)
        .build();
  }
}
