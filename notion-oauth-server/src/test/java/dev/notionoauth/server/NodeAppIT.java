package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.PageAccess;
import dev.notionoauth.testkit.HttpBrowser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/node-app}, a small Express app, beside the built jar and the emulator, as a team
 * writing no Java would run them: its "Connect Notion" gets a signed link from the API, the user
 * installs, the app receives {@code installation.created} (verified by the standardwebhooks
 * package) and lists the user's pages through the proxy with Notion's own SDK.
 */
class NodeAppIT {
  private static final Path APP = Path.of("../examples/node-app");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  private Process start(Path log, List<String> command, Path workDir, String... env)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** Waits until the URL answers at all (the process is up), or the process dies. */
  private static void awaitUp(Process p, URI url, Path log) throws Exception {
    for (int i = 0; i < 600; i++) {
      try {
        HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          break;
        }
        p.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    throw new AssertionError(url + " never answered: " + Files.readString(log));
  }

  private static String lastLine(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  @Test
  void theExpressAppConnectsNotionReceivesTheEventAndListsPagesThroughTheProxy() throws Exception {
    NodeChecks.require();
    if (!Files.isDirectory(APP.resolve("node_modules/express"))) {
      NodeChecks.runIn(APP, 300, "npm", "ci", "--no-audit", "--no-fund");
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String eventSecret = "whsec_" + Base64.getEncoder().encodeToString(random);
    try (NotionEmulator notion = NotionEmulator.start()) {
      notion.createPage("Connected workspace", "Roadmap", PageAccess.SHARED);
      int port = TestServers.freePort();
      int appPort = TestServers.freePort();
      notion.registerRedirectUri(
          NotionEmulator.DEFAULT_CLIENT_ID, "http://localhost:" + port + "/notion/callback");
      Path config = dir.resolve("notion-oauth-handler.yaml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "notion:",
              "  client-id: " + NotionEmulator.DEFAULT_CLIENT_ID,
              "  client-secret: " + NotionEmulator.DEFAULT_CLIENT_SECRET,
              "  redirect-uri: http://localhost:" + port + "/notion/callback",
              "  api-base-url: " + notion.baseUrl(),
              "server:",
              "  host: 127.0.0.1",
              "  port: " + port,
              "  install-link-secret: " + ServerFlowTest.LINK_SECRET,
              "store:",
              "  jdbc-url: jdbc:sqlite:" + dir.resolve("store.db"),
              "  encryption-key: " + TestServers.canaryKey(),
              "api:",
              "  enabled: true",
              "app-events:",
              "  url: http://127.0.0.1:" + appPort + "/events",
              "  secret: " + eventSecret,
              ""));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String jar = ProcessIT.JAR.toAbsolutePath().toString();
      String key =
          lastLine(
              List.of(
                  java,
                  "-jar",
                  jar,
                  "api-keys",
                  "create",
                  "--config",
                  config.toString(),
                  "--name",
                  "node-app",
                  "--scope",
                  "installations:read,install-links:create,notion:proxy"));
      assertThat(key).startsWith("nohk_");

      Path serverLog = dir.resolve("server.log");
      Process server =
          start(serverLog, List.of(java, "-jar", jar, "serve", "--config", config.toString()), dir);
      awaitUp(server, URI.create("http://127.0.0.1:" + port + "/healthz"), serverLog);
      Path appLog = dir.resolve("app.log");
      Process app =
          start(
              appLog,
              List.of("node", "app.mjs"),
              APP,
              "NOTION_OAUTH_URL",
              "http://127.0.0.1:" + port,
              "NOTION_OAUTH_API_KEY",
              key,
              "APP_EVENTS_SECRET",
              eventSecret,
              "PORT",
              Integer.toString(appPort));
      URI appBase = URI.create("http://127.0.0.1:" + appPort);
      awaitUp(app, appBase, appLog);

      HttpBrowser browser = new HttpBrowser();
      assertThat(browser.get(appBase).body()).contains("Connect Notion");
      HttpResponse<String> connect = browser.send("POST", appBase.resolve("/connect"));
      assertThat(connect.statusCode()).as(Files.readString(appLog)).isEqualTo(303);
      URI installLink = HttpBrowser.location(connect);
      assertThat(installLink.toString())
          .startsWith("http://localhost:" + port + "/notion/install?");
      URI authorize = HttpBrowser.location(browser.get(installLink));
      HttpResponse<String> result =
          browser.follow(browser.get(notion.approve(authorize, "Connected workspace")));
      assertThat(result.body()).contains("is now connected to");
      String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID, "Connected workspace");

      String events = "";
      for (int i = 0; i < 300 && !events.contains(botId); i++) {
        events = browser.get(appBase.resolve("/events.json")).body();
        if (!events.contains(botId)) {
          app.waitFor(100, TimeUnit.MILLISECONDS);
        }
      }
      assertThat(events).contains("\"type\":\"installation.created\"").contains(botId);

      HttpResponse<String> pages = browser.get(appBase.resolve("/pages"));
      assertThat(pages.statusCode()).as(Files.readString(appLog)).isEqualTo(200);
      assertThat(pages.body()).contains("Roadmap").contains("Connected workspace");
    }
  }
}
