package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.FlowContext;
import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.testkit.FaultyStateStore;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerFlowTest {
  static final String LINK_SECRET = "cnry7qQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  static final List<CallbackOutcome> OUTCOMES = new CopyOnWriteArrayList<>();
  static final FaultyStateStore STORE = new FaultyStateStore(new InMemoryStateStore());
  static NotionOAuthServer server;
  static final dev.notionoauth.testkit.ManualTicker TICKER =
      new dev.notionoauth.testkit.ManualTicker();
  static URI base;

  private final HttpBrowser browser = new HttpBrowser();

  @BeforeAll
  static void startServer() {
    int port = TestServers.freePort();
    ServerConfig config =
        TestServers.config(NOTION.emulator(), port)
            .installLinkSecret(LINK_SECRET)
            .document("/terms", TestServers.document("terms.md"))
            .build();
    TokenConsumer recording =
        new TokenConsumer() {
          @Override
          public void onAuthorized(CallbackOutcome.Authorized a) {
            OUTCOMES.add(a);
          }

          @Override
          public void onDenied(CallbackOutcome.Denied d) {
            OUTCOMES.add(d);
          }
        };
    server =
        NotionOAuthServer.builder(config)
            .consumer(recording)
            .stateStore(STORE)
            .readinessCheck("state-store", () -> !STORE.isDown())
            .ticker(TICKER)
            .build()
            .start();
    base = URI.create("http://localhost:" + server.port());
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    OUTCOMES.clear();
    STORE.down(false);
  }

  private HttpResponse<String> install(String query) {
    HttpResponse<String> r = browser.get(base.resolve("/notion/install" + query));
    assertThat(r.statusCode()).isEqualTo(302);
    return r;
  }

  /** Install, approve on the emulator's consent page, return the callback URL. */
  private URI approvedCallback(String query) {
    HttpResponse<String> r = install(query);
    return NOTION.emulator().approve(URI.create(r.headers().firstValue("location").orElseThrow()));
  }

  @Test
  void completesTheWholeFlowAndLandsOnAResultPageWithoutCodeOrStateInTheAddress() {
    HttpResponse<String> landing = browser.get(base.resolve("/"));
    assertThat(landing.body()).contains("href=\"/notion/install\"").contains("Add to Notion");

    HttpResponse<String> start = install("");
    assertThat(start.headers().firstValue("location").orElseThrow())
        .startsWith(NOTION.emulator().baseUrl() + "/v1/oauth/authorize?client_id=");
    assertThat(start.headers().firstValue("set-cookie").orElseThrow())
        .matches("noh_bind=[A-Za-z0-9_-]{43}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax");
    assertThat(start.headers().firstValue("cache-control")).contains("no-store");

    URI callback =
        NOTION.emulator().approve(URI.create(start.headers().firstValue("location").orElseThrow()));
    HttpResponse<String> afterCallback = browser.get(callback);
    assertThat(afterCallback.statusCode()).isEqualTo(303);
    String location = afterCallback.headers().firstValue("location").orElseThrow();
    assertThat(location)
        .matches("/notion/result/[A-Za-z0-9_-]{43}")
        .doesNotContain("code")
        .doesNotContain("state");

    HttpResponse<String> result = browser.follow(afterCallback);
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.body()).contains("Connected to Notion").contains("Emulated Workspace");
    assertThat(OUTCOMES).singleElement().isInstanceOf(CallbackOutcome.Authorized.class);

    HttpResponse<String> reload = browser.follow(afterCallback);
    assertThat(reload.body()).isEqualTo(result.body());
    assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).hasSize(1);

    // the callback again (a reload of it, or a load balancer's retry): the same outcome, and
    // Notion is not asked twice
    HttpResponse<String> again = browser.get(callback);
    assertThat(again.headers().firstValue("location")).contains(location);
    assertThat(browser.follow(again).body()).isEqualTo(result.body());
    assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).hasSize(1);
  }

  @Test
  void cancellingOnNotionLandsOnTheCancelledPage() {
    HttpResponse<String> start = install("");
    URI callback =
        NOTION.emulator().deny(URI.create(start.headers().firstValue("location").orElseThrow()));

    HttpResponse<String> result = browser.follow(browser.get(callback));

    assertThat(result.statusCode()).isEqualTo(403);
    assertThat(result.body()).contains("Connection cancelled").contains("href=\"/notion/install\"");
    assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).isEmpty();
  }

  @Test
  void aCallbackFromAnotherBrowserIsRefusedAndCallsNobody() {
    URI callback = approvedCallback("");
    HttpBrowser other = new HttpBrowser();

    HttpResponse<String> result = other.follow(other.get(callback));

    assertThat(result.statusCode()).isEqualTo(400);
    assertThat(result.body()).contains("another browser");
    assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).isEmpty();
  }

  @Test
  void aSignedInstallLinkCarriesTheHostAppsContextToTheConsumer() {
    InstallLinks links = new InstallLinks(Base64.getDecoder().decode(LINK_SECRET));
    String query =
        "?" + links.sign(FlowContext.of("user-id", "u-42"), Instant.now().plusSeconds(300));

    browser.follow(browser.get(approvedCallback(query)));

    assertThat(OUTCOMES)
        .singleElement()
        .satisfies(o -> assertThat(o.context().get("user-id")).contains("u-42"));
  }

  @Test
  void aForgedInstallLinkIsRefusedAndNobodyIsSentToNotion() {
    InstallLinks other =
        new InstallLinks("another-secret-that-is-32-bytes!".getBytes(StandardCharsets.UTF_8));
    String query =
        "?" + other.sign(FlowContext.of("user-id", "victim"), Instant.now().plusSeconds(300));

    HttpResponse<String> r = browser.get(base.resolve("/notion/install" + query));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("location")).isEmpty();
    assertThat(r.body()).contains("install link is invalid or has expired");
  }

  @Test
  void whileTheStateStoreIsDownInstallIs503AndReadinessFails() throws InterruptedException {
    STORE.down(true);

    // a start writes nothing; the flow probes the store at most once a second, so one second
    // after the store went down the next install is refused
    TICKER.advance(java.time.Duration.ofMillis(1100));
    HttpResponse<String> r = browser.get(base.resolve("/notion/install"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("location")).isEmpty();
    assertThat(r.headers().firstValue("retry-after")).contains("30");
    assertThat(browser.get(base.resolve("/readyz")).statusCode()).isEqualTo(503);
    assertThat(browser.get(base.resolve("/healthz")).statusCode()).isEqualTo(200);
    STORE.down(false);
    assertThat(browser.get(base.resolve("/readyz")).statusCode())
        .as("the verdict is kept for a second")
        .isEqualTo(503);
    TICKER.advance(java.time.Duration.ofMillis(1100));
    assertThat(browser.get(base.resolve("/readyz")).body()).isEqualTo("{\"status\":\"ready\"}");
    int status = browser.get(base.resolve("/notion/install")).statusCode();
    assertThat(status).as("installs resume once a probe finds the store back").isEqualTo(302);
  }

  @Test
  void otherMethodsGet405WithAllow() {
    assertThat(browser.send("POST", base.resolve("/notion/install")).headers().firstValue("allow"))
        .contains("GET");
    HttpResponse<String> post =
        browser.send("POST", base.resolve("/notion/callback?code=x&state=y"));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).contains("GET");
    assertThat(browser.send("HEAD", base.resolve("/notion/callback")).statusCode()).isEqualTo(405);
    assertThat(browser.send("DELETE", base.resolve("/")).statusCode()).isEqualTo(405);
    assertThat(browser.send("PUT", base.resolve("/terms")).headers().firstValue("allow"))
        .contains("GET, HEAD");
  }

  @Test
  void unknownPathsGetOurOwn404Page() {
    HttpResponse<String> r = browser.get(base.resolve("/wp-admin/setup.php"));

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body())
        .contains("There is no page at this address.")
        .doesNotContain("Jetty")
        .doesNotContain("jetty");
    assertThat(browser.get(base.resolve("/notion/result/unknown")).statusCode()).isEqualTo(404);
  }

  static Stream<Arguments> responses() {
    return Stream.of(
        Arguments.of("landing", "/", new String[0], 200),
        Arguments.of("not found", "/nope", new String[0], 404),
        Arguments.of(
            "method not allowed", "/notion/callback", new String[] {"METHOD", "POST"}, 405),
        Arguments.of("malformed callback result", "/notion/callback?code=x", new String[0], 303),
        Arguments.of("expired result", "/notion/result/" + "A".repeat(43), new String[0], 404),
        Arguments.of("document", "/terms", new String[0], 200),
        Arguments.of(
            "URI too long", "/notion/callback?state=" + "a".repeat(10_000), new String[0], 414),
        Arguments.of("headers too large", "/", new String[] {"X-Big", "b".repeat(20_000)}, 431),
        Arguments.of("install", "/notion/install", new String[0], 302));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void everyResponseCarriesTheSecurityHeadersAndNoServerVersion(
      String name, String path, String[] extra, int status) {
    HttpResponse<String> r;
    if (extra.length == 2 && extra[0].equals("METHOD")) {
      r = browser.send(extra[1], base.resolve(path));
    } else {
      r = browser.get(URI.create(base + path), extra);
    }

    assertThat(r.statusCode()).isEqualTo(status);
    TestServers.assertSecurityHeaders(r);
  }

  @Test
  void theRequestLogHoldsPathsWithoutQueryStringsAndNoLogLineHoldsASecret() throws IOException {
    URI callback = approvedCallback("");
    HttpResponse<String> after = browser.get(callback);
    browser.follow(after);
    String query = callback.getRawQuery();
    String code = NotionEmulator.codeOf(callback).orElseThrow();
    String state = query.substring(query.indexOf("state=") + 6);
    CallbackOutcome.Authorized a = (CallbackOutcome.Authorized) OUTCOMES.get(0);

    String log = TestServers.awaitLog("\"GET /notion/result/… HTTP/1.1\" 200");

    assertThat(log)
        .contains("\"GET /notion/callback HTTP/1.1\" 303")
        .contains("\"GET /notion/result/… HTTP/1.1\" 200");
    assertThat(log)
        .doesNotContain("?code=")
        .doesNotContain(code)
        .doesNotContain(state)
        .doesNotContain(a.token().accessToken().value())
        .doesNotContain(
            String.valueOf(
                a.token().refreshToken() == null ? "nrt_none" : a.token().refreshToken().value()))
        .doesNotContain("emulator-secret")
        .doesNotContain(after.headers().firstValue("location").orElseThrow().substring(15));
  }
}
