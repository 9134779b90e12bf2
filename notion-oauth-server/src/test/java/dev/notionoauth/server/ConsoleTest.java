package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.audit.AuditQuery;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console over real HTTP: off unless enabled; an operator made with {@code operators
 * add} (password on standard input) signs in, sees the installation a flow created (its workspace
 * name's markup shown as text), revokes it (Notion refuses its token afterwards), and every such
 * action is audited with the operator's name; a POST without its CSRF token or from another origin
 * is refused, a wrong password too, and sign-out ends the session.
 */
class ConsoleTest {
  static final String PASSWORD = "correct horse battery";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TempDir Path dir;
  private final String key = TestServers.canaryKey();

  private ServerConfigBuilder config(NotionEmulator notion, int port) {
    return TestServers.config(notion, port)
        .jdbcUrl("jdbc:sqlite:" + dir.resolve("store.db"))
        .encryptionKey(key)
        .installLinkSecret(ServerFlowTest.LINK_SECRET);
  }

  /** Runs a command with {@code stdin} as its standard input (as a script piping a password). */
  static synchronized CommandsTest.Run withInput(String stdin, String... args) {
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return CommandsTest.run(args);
    } finally {
      System.setIn(before);
    }
  }

  /**
   * Adds operator {@code alice} with {@link #PASSWORD} to the SQLite store in {@code dir}, through
   * {@code operators add}; a server with the console over that store and {@code key}.
   */
  static ServerConfigBuilder consoleWithAlice(Path dir, NotionEmulator notion, String key, int port)
      throws java.io.IOException {
    String cfg = TestServers.operatorConfig(dir, notion, key, "console:\n  enabled: true\n");
    assertThat(withInput(PASSWORD + "\n", "operators", "add", "alice", "--config", cfg).code())
        .isZero();
    return TestServers.config(notion, port)
        .jdbcUrl("jdbc:sqlite:" + dir.resolve("store.db"))
        .encryptionKey(key)
        .consoleEnabled(true);
  }

  static String csrf(HttpResponse<String> page) {
    Matcher m = CSRF.matcher(page.body());
    assertThat(m.find()).as("a CSRF field in %s", page.body()).isTrue();
    return m.group(1);
  }

  /** Signs in through the form as a browser would; the overview page. */
  static HttpResponse<String> signIn(HttpBrowser browser, URI base, String name, String password) {
    HttpResponse<String> form = browser.get(base.resolve("/console/sign-in"));
    return browser.postForm(
        base.resolve("/console/sign-in"),
        List.of("csrf", csrf(form), "name", name, "password", password),
        "Origin",
        origin(base));
  }

  static String origin(URI base) {
    return base.getScheme() + "://" + base.getAuthority();
  }

  @Test
  void withoutConsoleEnabledNothingAnswersUnderConsole() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(config(notion, port).build()).build().start()) {
        HttpBrowser browser = new HttpBrowser();
        assertThat(browser.get(URI.create("http://localhost:" + port + "/console")).statusCode())
            .isEqualTo(404);
        assertThat(
                browser
                    .get(URI.create("http://localhost:" + port + "/console/sign-in"))
                    .statusCode())
            .isEqualTo(404);
      }
    }
  }

  @Test
  void anAuthenticatingProxysHeaderSignsInOnlyFromATrustedProxy() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      for (boolean trusted : new boolean[] {true, false}) {
        int port = TestServers.freePort();
        ServerConfigBuilder b =
            config(notion, port)
                .consoleEnabled(true)
                .trustedProxies(List.of(trusted ? "127.0.0.1/32" : "10.9.9.9/32"));
        b.console().trustedHeader("X-Forwarded-User");
        try (NotionOAuthServer server = NotionOAuthServer.builder(b.build()).build().start()) {
          HttpBrowser browser = new HttpBrowser();
          HttpResponse<String> page =
              browser.get(
                  URI.create("http://localhost:" + port + "/console"), "X-Forwarded-User", "carol");
          if (trusted) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("carol").contains("Installations by status");
            // the session it started serves the next request without the header
            assertThat(
                    browser.get(URI.create("http://localhost:" + port + "/console/audit")).body())
                .contains("signed in by the proxy");
          } else {
            assertThat(page.statusCode()).isEqualTo(303);
          }
        }
      }
    }
  }

  @Test
  void withAManagementPortTheConsoleIsServedThereAndNotOnTheMainPort() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      int management = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  config(notion, port).consoleEnabled(true).managementPort(management).build())
              .build()
              .start()) {
        HttpBrowser browser = new HttpBrowser();
        assertThat(browser.get(URI.create("http://localhost:" + port + "/console")).statusCode())
            .isEqualTo(404);
        HttpResponse<String> there =
            browser.get(URI.create("http://127.0.0.1:" + management + "/console"));
        assertThat(there.statusCode()).isEqualTo(303);
        assertThat(there.headers().firstValue("location")).contains("/console/sign-in");
        assertThat(
                browser
                    .get(URI.create("http://127.0.0.1:" + management + "/console/sign-in"))
                    .body())
            .contains("Sign in");
      }
    }
  }

  @Test
  void anOperatorSignsInSeesTheInstallationRevokesItAndIsAudited() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      String cfg = TestServers.operatorConfig(dir, notion, key, "console:\n  enabled: true\n");
      CommandsTest.Run added =
          withInput(PASSWORD + "\n", "operators", "add", "alice", "--config", cfg);
      assertThat(added.code()).as(added.err()).isZero();
      assertThat(withInput("short\n", "operators", "add", "bob", "--config", cfg).err())
          .contains("12");
      assertThat(CommandsTest.run("operators", "list", "--config", cfg).out())
          .contains("alice")
          .doesNotContain("bob");

      try (NotionOAuthServer server =
          NotionOAuthServer.builder(config(notion, port).consoleEnabled(true).build())
              .build()
              .start()) {
        URI base = URI.create("http://localhost:" + port);
        HttpBrowser user = new HttpBrowser();
        String workspace = "<b>Acme</b> & \"Co\"";
        user.follow(user.get(notion.approve(user.install(base), workspace)));
        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID, workspace);
        String token = server.installations().find(botId).orElseThrow().tokens().access().value();

        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> unsigned = browser.get(base.resolve("/console"));
        assertThat(unsigned.statusCode()).isEqualTo(303);
        assertThat(unsigned.headers().firstValue("location")).contains("/console/sign-in");

        assertThat(signIn(browser, base, "alice", "wrong password here").statusCode())
            .isEqualTo(401);
        HttpResponse<String> in = signIn(browser, base, "alice", PASSWORD);
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().allValues("set-cookie"))
            .anySatisfy(
                c ->
                    assertThat(c)
                        .startsWith("noh_console=")
                        .contains("HttpOnly")
                        .contains("SameSite=Strict"));

        HttpResponse<String> overview = browser.get(base.resolve("/console"));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body())
            .contains("Installations by status")
            .contains("<svg")
            .contains("Callbacks per hour: 1 authorized, 0 denied, 0 failed");
        assertThat(overview.headers().firstValue("content-security-policy").orElseThrow())
            .contains("default-src 'none'");

        HttpResponse<String> list = browser.get(base.resolve("/console/installations?q=acme"));
        assertThat(list.body())
            .contains(botId)
            .contains("&lt;b&gt;Acme&lt;/b&gt; &amp; &quot;Co&quot;")
            .doesNotContain("<b>Acme</b>")
            .doesNotContain(token);
        HttpResponse<String> detail = browser.get(base.resolve("/console/installations/" + botId));
        assertThat(detail.body()).contains("Token version").doesNotContain(token);

        // a state-changing POST without its CSRF token, or from elsewhere, changes nothing
        URI revoke = base.resolve("/console/installations/" + botId + "/revoke");
        assertThat(browser.postForm(revoke, List.of(), "Origin", origin(base)).statusCode())
            .isEqualTo(403);
        assertThat(
                browser
                    .postForm(
                        revoke, List.of("csrf", csrf(detail)), "Origin", "http://evil.example")
                    .statusCode())
            .isEqualTo(403);
        assertThat(notion.isActive(token)).isTrue();

        HttpResponse<String> revoked =
            browser.postForm(revoke, List.of("csrf", csrf(detail)), "Origin", origin(base));
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(notion.isActive(token)).isFalse();
        assertThat(browser.get(base.resolve("/console/installations/" + botId)).body())
            .contains("revoked");

        HttpResponse<String> audit = browser.get(base.resolve("/console/audit?actor=alice"));
        assertThat(audit.body())
            .contains("/console/installations/{bot_id}/revoke")
            .contains(botId)
            .contains("operator alice");
        assertThat(server.components().installations().find(botId)).isPresent();
        var jdbcAudit =
            dev.notionoauth.store.jdbc.JdbcStores.open(
                dev.notionoauth.store.jdbc.JdbcStoreSettings.builder(
                        "jdbc:sqlite:" + dir.resolve("store.db"))
                    .build());
        try (jdbcAudit) {
          assertThat(jdbcAudit.auditStore().list(AuditQuery.newest(10).actorName("alice")))
              .anySatisfy(e -> assertThat(e.action().route()).isEqualTo("/console/sign-in"));
        }

        HttpResponse<String> out =
            browser.postForm(
                base.resolve("/console/sign-out"),
                List.of("csrf", csrf(detail)),
                "Origin",
                origin(base));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(browser.get(base.resolve("/console")).statusCode()).isEqualTo(303);
      }
    }
  }
}
