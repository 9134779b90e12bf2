package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.ConsentClicker;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.WebhookHandshake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built jar as a child process, as an operator would. */
class ProcessIT {
  static final Path JAR =
      Path.of(System.getProperty("notion.oauth.jar", "target/notion-oauth-handler.jar"));

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  /** A child JVM running the jar; its stdout lines arrive in the queue, stderr goes to a file. */
  private record Child(Process process, BlockingQueue<String> out, Path err, Thread reader) {
    String awaitLine(Pattern pattern) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        String line = out.poll(200, TimeUnit.MILLISECONDS);
        if (line != null && pattern.matcher(line).find()) {
          return line;
        }
        if (line == null && !process.isAlive()) {
          break;
        }
      }
      throw new AssertionError("no line matching " + pattern + "; stderr: " + readErr());
    }

    String readErr() {
      try {
        return Files.readString(err, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }

  private Child start(Map<String, String> env, String... args) throws IOException {
    return start(List.of("-jar", JAR.toString()), env, args);
  }

  /** The jar with this module's test classes (holding test plugins) on the class path. */
  private Child startWithTestPlugins(Map<String, String> env, String... args) throws IOException {
    String classPath =
        JAR.toAbsolutePath()
            + java.io.File.pathSeparator
            + Path.of("target/test-classes").toAbsolutePath();
    return start(List.of("-cp", classPath, "dev.notionoauth.server.Main"), env, args);
  }

  private Child start(List<String> launch, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launch);
    command.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "stderr", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile());
    pb.environment().remove("NOTION_OAUTH_HANDLER_CONFIG");
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    return new Child(p, lines, err, reader);
  }

  /**
   * Writes {@code notion-oauth-handler.yaml} for {@code serve} on {@code port} with the emulator as
   * Notion and a SQLite store; returns the environment carrying its secrets, which travel in the
   * environment, never on the command line.
   */
  private Map<String, String> writeServeConfig(NotionEmulator notion, int port) throws IOException {
    String redirect = "http://localhost:" + port + "/notion/callback";
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, redirect);
    Files.writeString(
        dir.resolve("notion-oauth-handler.yaml"),
        "notion:\n  client-id: "
            + NotionEmulator.DEFAULT_CLIENT_ID
            + "\n  client-secret: ${NOTION_CLIENT_SECRET}\n  redirect-uri: "
            + redirect
            + "\n  api-base-url: "
            + notion.baseUrl()
            + "\nserver:\n  port: "
            + port
            + "\n  shutdown-timeout: 15s\nstore:\n  jdbc-url: jdbc:sqlite:"
            + dir.resolve("store.db")
            + "\n  encryption-key: ${NOTION_OAUTH_ENCRYPTION_KEY}\n");
    return Map.of(
        "NOTION_CLIENT_SECRET",
        NotionEmulator.DEFAULT_CLIENT_SECRET,
        "NOTION_OAUTH_ENCRYPTION_KEY",
        TestServers.canaryKey());
  }

  private static int exitCode(Process p) throws InterruptedException {
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("process exited").isTrue();
    return p.exitValue();
  }

  @Test
  void serveDrainsAnInFlightCallbackOnSigtermAndExitsZero() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      Map<String, String> env = writeServeConfig(notion, port);
      Child child = start(env, "serve");
      child.awaitLine(Pattern.compile("listening on http://127\\.0\\.0\\.1:" + port));
      assertThat(child.process().info().commandLine().orElse(""))
          .doesNotContain(NotionEmulator.DEFAULT_CLIENT_SECRET);

      HttpBrowser browser = new HttpBrowser();
      HttpResponse<String> install =
          browser.get(URI.create("http://localhost:" + port + "/notion/install"));
      URI callback =
          notion.approve(URI.create(install.headers().firstValue("location").orElseThrow()));
      notion.failNext(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(3)));
      CompletableFuture<HttpResponse<String>> inFlight =
          CompletableFuture.supplyAsync(() -> browser.get(callback));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (notion.requests(Endpoint.TOKEN).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      child.process().destroy(); // SIGTERM while Notion is still answering

      HttpResponse<String> answer = inFlight.get(20, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(303);
      assertThat(exitCode(child.process())).isZero();
      String log = child.readErr();
      String q = callback.getRawQuery();
      assertThat(log)
          .contains("Received SIGTERM")
          .contains("Stored installation bot_id=")
          .doesNotContain(NotionEmulator.codeOf(callback).orElseThrow())
          .doesNotContain(q.substring(q.indexOf("state=") + 6))
          .doesNotContain(NotionEmulator.DEFAULT_CLIENT_SECRET)
          .doesNotContain("ntn_");

      // the installation is in the store: listed and shown without tokens unless --reveal
      String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
      Child list = start(env, "tokens", "list");
      assertThat(list.awaitLine(Pattern.compile("installation\\(s\\)$")))
          .isEqualTo("1 installation(s)");
      assertThat(exitCode(list.process())).isZero();
      Child show = start(env, "tokens", "show", botId);
      assertThat(show.awaitLine(Pattern.compile("^access_token:"))).endsWith("*** (use --reveal)");
      assertThat(exitCode(show.process())).isZero();
      Child reveal = start(env, "tokens", "show", botId, "--reveal");
      assertThat(reveal.awaitLine(Pattern.compile("^access_token:"))).contains("ntn_");
      assertThat(
              new String(Files.readAllBytes(dir.resolve("store.db")), StandardCharsets.ISO_8859_1))
          .doesNotContain("ntn_");
    }
  }

  @Test
  void demoPrintsTheUrlToOpenAndRunsTheWholeFlow() throws Exception {
    int port = TestServers.freePort();
    Child child = start(Map.of(), "demo", "--port", String.valueOf(port));
    String line = child.awaitLine(Pattern.compile("Open (http://localhost:\\d+/) in your browser"));
    Matcher m = Pattern.compile("(http://localhost:\\d+/)").matcher(line);
    assertThat(m.find()).isTrue();
    URI base = URI.create(m.group(1));

    HttpBrowser browser = new HttpBrowser();
    assertThat(browser.get(base).body()).contains("Add to Notion");
    HttpResponse<String> install = browser.get(base.resolve("/notion/install"));
    URI authorize = URI.create(install.headers().firstValue("location").orElseThrow());
    assertThat(browser.get(authorize).body()).contains("Allow access");
    URI callback = ConsentClicker.allow(authorize);
    HttpResponse<String> result = browser.follow(browser.get(callback));

    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.body()).contains("Connected to Notion");
    child.process().destroy();
    assertThat(exitCode(child.process())).isZero();

    Child list =
        start(Map.of(), "tokens", "list", "--jdbc-url", "jdbc:sqlite:./data/notion-oauth-demo.db");
    String header = list.awaitLine(Pattern.compile("^BOT ID"));
    assertThat(header).contains("WORKSPACE ID", "STATUS");
    assertThat(list.awaitLine(Pattern.compile("Emulated Workspace")))
        .contains("ACTIVE")
        .contains("yes");
    assertThat(exitCode(list.process())).isZero();
  }

  @Test
  void emulatorCommandPrintsItsBaseUrlAndAutoApproves() throws Exception {
    Child child =
        start(Map.of(), "emulator", "--auto-approve", "--redirect-uri", "http://localhost:9/cb");
    URI base = URI.create(child.awaitLine(Pattern.compile("^http://127\\.0\\.0\\.1:\\d+$")));

    HttpResponse<String> r =
        new HttpBrowser()
            .get(
                base.resolve(
                    "/v1/oauth/authorize?client_id="
                        + NotionEmulator.DEFAULT_CLIENT_ID
                        + "&response_type=code&owner=user&redirect_uri=http%3A%2F%2Flocalhost%3A9%2Fcb&state=s"));

    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("location").orElseThrow())
        .startsWith("http://localhost:9/cb?code=");
    child.process().destroy();
    assertThat(exitCode(child.process())).isZero();
  }

  @Test
  void initThenCheckReadsTheEnvironment() throws Exception {
    assertThat(exitCode(start(Map.of(), "init").process())).isZero();

    Child withoutEnv = start(Map.of(), "check");
    assertThat(exitCode(withoutEnv.process())).isEqualTo(1);
    Child withEnv =
        start(
            Map.of(
                "NOTION_CLIENT_ID", "abc",
                "NOTION_CLIENT_SECRET", "xyz",
                "NOTION_OAUTH_ENCRYPTION_KEY", TestServers.canaryKey()),
            "check");
    assertThat(exitCode(withEnv.process())).as(withEnv.readErr()).isZero();
    assertThat(withoutEnv.readErr())
        .contains("notion.client-id: environment variable NOTION_CLIENT_ID is not set")
        .contains("notion.client-secret: environment variable NOTION_CLIENT_SECRET is not set")
        .contains(
            "store.encryption-key: environment variable NOTION_OAUTH_ENCRYPTION_KEY is not set");
    assertThat(withEnv.awaitLine(Pattern.compile("^OK: ")))
        .contains("notion-oauth-handler.yaml is valid");
    assertThat(withEnv.readErr())
        .as("a short-lived pool closes quietly")
        .doesNotContain("Timed-out waiting for add connection executor");
  }

  @Test
  void tokensCheckStopsBetweenInstallationsOnCtrlCAndFinishesWhenRunAgain() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      String key = TestServers.canaryKey();
      Path db = dir.resolve("store.db");
      int total = 12;
      StoreCommandsTest.storeForgottenInstallations(db, key, total);
      Path config = dir.resolve("notion-oauth-handler.yaml");
      Files.writeString(
          config,
          "notion:\n  client-id: "
              + NotionEmulator.DEFAULT_CLIENT_ID
              + "\n  client-secret: "
              + NotionEmulator.DEFAULT_CLIENT_SECRET
              + "\n  redirect-uri: http://localhost:9/notion/callback\n  api-base-url: "
              + notion.baseUrl()
              + "\nstore:\n  jdbc-url: jdbc:sqlite:"
              + db
              + "\n  encryption-key: ${NOTION_OAUTH_ENCRYPTION_KEY}\n");
      Map<String, String> env = Map.of("NOTION_OAUTH_ENCRYPTION_KEY", key);
      notion.failNext(Endpoint.INTROSPECT, Fault.delay(Duration.ofMillis(400)), total);

      Child first = start(env, "tokens", "check");
      first.awaitLine(Pattern.compile("^\\[2/" + total + "\\] "));
      Process kill =
          new ProcessBuilder("kill", "-INT", String.valueOf(first.process().pid())).start();
      assertThat(kill.waitFor()).isZero(); // Ctrl-C
      String interrupted = first.awaitLine(Pattern.compile("^Interrupted after"));
      assertThat(exitCode(first.process())).isEqualTo(130);
      Matcher m =
          Pattern.compile("^Interrupted after (\\d+) of (\\d+); run tokens check again")
              .matcher(interrupted);
      assertThat(m.find()).as(interrupted).isTrue();
      assertThat(Integer.parseInt(m.group(1))).isBetween(2, total - 1);
      assertThat(notion.requests(Endpoint.INTROSPECT)).hasSize(Integer.parseInt(m.group(1)));

      notion.clearFaults();
      Child second = start(env, "tokens", "check");
      assertThat(second.awaitLine(Pattern.compile("^Checked ")))
          .isEqualTo(
              "Checked "
                  + total
                  + ": 0 active, "
                  + total
                  + " need re-authorization, 0 not checked.");
      assertThat(exitCode(second.process())).isZero();
    }
  }

  @Test
  void aServerKilledDuringTheExchangeLeavesNoTokenOnDiskAndNoReusableStateAndStartsAgain()
      throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      Map<String, String> env = writeServeConfig(notion, port);
      URI base = URI.create("http://localhost:" + port);
      Child first = start(env, "serve");
      first.awaitLine(Pattern.compile("listening on"));
      HttpBrowser browser = new HttpBrowser();
      URI callback = notion.approve(browser.install(base));
      notion.failNext(Endpoint.TOKEN, Fault.delay(Duration.ofSeconds(3)));
      CompletableFuture<HttpResponse<String>> inFlight =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return browser.get(callback);
                } catch (IllegalStateException e) {
                  return null; // the connection died with the server
                }
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (notion.requests(Endpoint.TOKEN).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      first.process().destroyForcibly(); // kill -9 while Notion is still answering
      first.process().waitFor(10, TimeUnit.SECONDS);
      inFlight.get(20, TimeUnit.SECONDS);

      Child second = start(env, "serve");
      second.awaitLine(Pattern.compile("listening on"));
      HttpResponse<String> replay = browser.follow(browser.get(callback));
      assertThat(replay.statusCode()).as("the used state cannot be replayed").isEqualTo(409);
      assertThat(browser.get(base.resolve("/readyz")).statusCode()).isEqualTo(200);
      HttpResponse<String> again =
          browser.follow(browser.get(notion.approve(browser.install(base))));
      assertThat(again.body()).contains("Connected to Notion");
      second.process().destroy();
      assertThat(exitCode(second.process())).isZero();
      for (String file : new String[] {"store.db", "store.db-wal", "store.db-shm"}) {
        Path p = dir.resolve(file);
        if (Files.exists(p)) {
          assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
              .as(file)
              .doesNotContain("ntn_")
              .doesNotContain("nrt_");
        }
      }
    }
  }

  @Test
  void aWebhookEventAnsweredButNotHandledWhenTheServerIsKilledIsDeliveredAfterRestart()
      throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      Map<String, String> env = writeServeConfig(notion, port);
      Path gate = Files.createDirectories(dir.resolve("gate"));
      Files.writeString(
          dir.resolve("notion-oauth-handler.yaml"),
          "webhooks:\n  enabled: true\n  consumers: [gated]\n  delivery-timeout: 2s\n"
              + "settings:\n  webhook-gate-dir: "
              + gate
              + "\n",
          StandardOpenOption.APPEND);
      URI base = URI.create("http://localhost:" + port);
      URI hook = base.resolve("/notion/webhooks");
      Child first = startWithTestPlugins(env, "serve");
      first.awaitLine(Pattern.compile("listening on"));
      HttpBrowser browser = new HttpBrowser();
      browser.follow(browser.get(notion.approve(browser.install(base))));
      String token;
      try (JdbcStores stores =
          StoreCommandsTest.sqliteStore(
              dir.resolve("store.db"), env.get("NOTION_OAUTH_ENCRYPTION_KEY"))) {
        token = WebhookHandshake.confirmedToken(stores.webhookStore(), notion.webhooks(), hook);
      }
      String event = notion.webhooks().installedEvent("page.created", "page-1");
      String id = event.replaceAll("(?s)^\\{\"id\":\"([^\"]+)\".*", "$1");

      assertThat(notion.webhooks().deliver(hook, token, event).status()).isEqualTo(200);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(gate.resolve("started")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(gate.resolve("started")).as("the consumer was reached").exists();
      first.process().destroyForcibly(); // kill -9 while the consumer has not finished
      first.process().waitFor(10, TimeUnit.SECONDS);
      assertThat(gate.resolve("delivered.txt")).doesNotExist();

      Files.writeString(gate.resolve("open"), "");
      Child second = startWithTestPlugins(env, "serve");
      second.awaitLine(Pattern.compile("listening on"));
      Path delivered = gate.resolve("delivered.txt");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.exists(delivered) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(delivered).as("delivered after the restart").exists();
      assertThat(Files.readAllLines(delivered)).containsExactly(id);
      second.process().destroy();
      assertThat(exitCode(second.process())).isZero();
    }
  }

  @Test
  void rotateKeyStopsBetweenRowsOnCtrlCAndFinishesWhenRunAgain() throws Exception {
    String oldKey = TestServers.canaryKey();
    String newKey = TestServers.canaryKey();
    Path db = dir.resolve("store.db");
    int total = 3000;
    StoreCommandsTest.storeForgottenInstallations(db, oldKey, total);
    Files.writeString(
        dir.resolve("notion-oauth-handler.yaml"),
        "notion:\n  client-id: c\n  client-secret: s\n"
            + "  redirect-uri: https://example.org/notion/callback\n"
            + "store:\n  jdbc-url: jdbc:sqlite:"
            + db
            + "\n  encryption-key: ${NEW_KEY}\n  previous-encryption-keys:\n    - ${OLD_KEY}\n");
    Map<String, String> env = Map.of("NEW_KEY", newKey, "OLD_KEY", oldKey);

    Child first = start(env, "rotate-key");
    first.awaitLine(Pattern.compile("^  100/" + total + " installations looked at"));
    Process kill =
        new ProcessBuilder("kill", "-INT", String.valueOf(first.process().pid())).start();
    assertThat(kill.waitFor()).isZero(); // Ctrl-C
    String interrupted = first.awaitLine(Pattern.compile("^Interrupted after re-sealing"));
    assertThat(exitCode(first.process())).isEqualTo(130);
    Matcher m =
        Pattern.compile("^Interrupted after re-sealing (\\d+); run rotate-key again to finish")
            .matcher(interrupted);
    assertThat(m.find()).as(interrupted).isTrue();
    int done = Integer.parseInt(m.group(1));
    System.out.println("rotate-key, Ctrl-C after the first progress line: " + interrupted);
    assertThat(done).isBetween(100, total - 1);

    Child second = start(env, "rotate-key");
    assertThat(second.awaitLine(Pattern.compile("^Re-sealed ")))
        .isEqualTo(
            "Re-sealed " + (total - done) + " installation(s); all tokens use the current key.");
    assertThat(exitCode(second.process())).isZero();
  }
}
