package dev.notionoauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.FlowContext;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.WebhookSender;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import dev.notionoauth.testkit.WebhookHandshake;
import dev.notionoauth.webhook.InMemoryWebhookStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The servlets mounted in someone else's application (with sessions, under a context path), the
 * same suite in every container: install with the app's logged-in user, callback, result page,
 * replay, denial, Notion failing, and the webhook route.
 */
abstract class EmbeddedInAnAppSuite {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  private ServletContainer container;
  private String base;
  private int port;
  private final List<CallbackOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final HttpBrowser browser = new HttpBrowser();
  private NotionOAuthComponents notion;
  private InMemoryWebhookStore webhookStore;

  /** The container under test. */
  abstract ServletContainer container();

  /** The host app's own login: puts its user id in the session. */
  static final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      req.getSession(true).setAttribute("user-id", req.getParameter("as"));
      resp.setStatus(204);
    }
  }

  @BeforeEach
  void startApp() throws Exception {
    container = container();
    // the redirect URI needs the port: reserve one first by starting, then build the flow lazily
    LazyServlet oauth = new LazyServlet();
    LazyServlet hooks = new LazyServlet();
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/oauth/notion/install", oauth);
    servlets.put("/oauth/notion/callback", oauth);
    servlets.put("/oauth/notion/result/*", oauth);
    servlets.put("/oauth/notion/webhooks", hooks);
    servlets.put("/login", new LoginServlet());
    port = container.start("/app", servlets);
    base = "http://localhost:" + port + "/app";
    webhookStore = new InMemoryWebhookStore();
    notion =
        components(NOTION.settingsFor(base + "/oauth/notion/callback").build(), recording())
            .webhooks(
                webhookStore,
                WebhookSettings.builder().readTimeout(java.time.Duration.ofSeconds(1)).build())
            .build()
            .start();
    oauth.target = notion.oauthServlet();
    hooks.target = notion.webhookServlet().orElseThrow();
  }

  /** A consumer that records every outcome, for the tests to read. */
  private TokenConsumer recording() {
    return new TokenConsumer() {
      @Override
      public void onAuthorized(CallbackOutcome.Authorized a) {
        outcomes.add(a);
      }

      @Override
      public void onDenied(CallbackOutcome.Denied d) {
        outcomes.add(d);
      }

      @Override
      public void onFailed(CallbackOutcome.Failed f) {
        outcomes.add(f);
      }
    };
  }

  // snippet:servlet
  /**
   * The library wired for this app: its routes under {@code /oauth/notion}, the install's user from
   * the app's session, the app's own consumer (the flow stores each installation before it hears of
   * it); in-memory stores here, {@code JdbcStores} in production.
   */
  static NotionOAuthComponentsBuilder components(NotionOAuthSettings settings, TokenConsumer mine) {
    return NotionOAuthComponents.builder(settings)
        .routes("/oauth/notion/install", "/oauth/notion/callback", "/oauth/notion/result")
        .secureCookie(false) // plain http on localhost; true (the default) over https
        .consumer(mine)
        .storeInstallations(true)
        .contextResolver(
            request -> {
              HttpSession session = request.getSession(false);
              Object user = session == null ? null : session.getAttribute("user-id");
              return user == null
                  ? Optional.empty()
                  : Optional.of(FlowContext.of("user-id", user.toString()));
            });
  }

  // end-snippet

  /** Forwards to a servlet made once the port is known. */
  static final class LazyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    transient volatile HttpServlet target;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp)
        throws java.io.IOException, jakarta.servlet.ServletException {
      target.service(req, resp);
    }
  }

  @AfterEach
  void stopApp() throws Exception {
    notion.close();
    container.close();
  }

  private HttpResponse<String> get(String url) {
    return browser.get(URI.create(url));
  }

  private String location(HttpResponse<String> r) {
    return HttpBrowser.location(r).toString();
  }

  private URI installAs(String user) throws Exception {
    get(base + "/login?as=" + user);
    HttpResponse<String> install = get(base + "/oauth/notion/install");
    assertThat(install.statusCode()).isEqualTo(302);
    return URI.create(location(install));
  }

  @Test
  void aSignedInUsersInstallReachesTheConsumerWithTheirIdFromTheSession() throws Exception {
    URI callback = NOTION.emulator().approve(installAs("u-99"));

    HttpResponse<String> redirect = get(callback.toString());
    assertThat(redirect.statusCode()).isEqualTo(303);
    assertThat(redirect.headers().firstValue("location").orElseThrow())
        .startsWith("/app/oauth/notion/result/");
    HttpResponse<String> result = get(location(redirect));

    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.body()).contains("Connected to Notion");
    assertThat(result.headers().firstValue("content-security-policy")).isPresent();
    assertThat(outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.context().get("user-id")).contains("u-99"));
  }

  @Test
  void anInstallWithoutASignedInUserIsRefusedAndSendsNobodyToNotion() throws Exception {
    HttpResponse<String> install = get(base + "/oauth/notion/install?user-id=someone-else");

    assertThat(install.statusCode()).isEqualTo(400);
    assertThat(install.headers().firstValue("location")).isEmpty();
    assertThat(install.body()).contains("not signed in");
  }

  @Test
  void aReplayedCallbackShowsTheFirstOutcomeAndNotionIsCalledOnce() throws Exception {
    URI callback = NOTION.emulator().approve(installAs("u-1"));
    String first = location(get(callback.toString()));

    String again = location(get(callback.toString()));
    HttpResponse<String> replay = get(again);

    // the same browser repeating it (a reload, a load balancer's retry) sees what it missed
    assertThat(again).isEqualTo(first);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o instanceof CallbackOutcome.Authorized).hasSize(1);
  }

  @Test
  void aUserWhoCancelsOnNotionsPageLandsOnTheDeniedPage() throws Exception {
    URI callback = NOTION.emulator().deny(installAs("u-2"));

    HttpResponse<String> result = get(location(get(callback.toString())));

    assertThat(result.body()).contains("cancel");
    assertThat(outcomes).singleElement().isInstanceOf(CallbackOutcome.Denied.class);
    assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).isEmpty();
  }

  @Test
  void whenNotionFailsTheUserSeesAPlainFailurePageAndNothingIsConsumed() throws Exception {
    URI callback = NOTION.emulator().approve(installAs("u-3"));
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.error(400, "invalid_grant"));

    HttpResponse<String> result = get(location(get(callback.toString())));

    assertThat(result.statusCode()).isBetween(400, 599);
    assertThat(result.body()).contains("Could not connect to Notion").doesNotContain("Exception");
    assertThat(outcomes).singleElement().isInstanceOf(CallbackOutcome.Failed.class);
  }

  @Test
  void theWebhookRouteTakesTheHandshakeASignedEventAndRefusesAForgedOne() throws Exception {
    URI hook = URI.create(base + "/oauth/notion/webhooks");
    WebhookSender sender = NOTION.emulator().webhooks();
    assertThat(sender.handshake(hook).delivery().status()).as("no capture window").isEqualTo(401);
    String token = WebhookHandshake.confirmedToken(webhookStore, sender, hook);
    String event =
        sender.event("page.created", java.util.UUID.randomUUID().toString(), "p-1", List.of(), 1);

    assertThat(sender.deliver(hook, token, event).status()).isEqualTo(200);
    assertThat(sender.deliverWithSignature(hook, event, null).status()).isEqualTo(401);
    assertThat(get(hook.toString()).statusCode()).isEqualTo(405);
  }

  @Test
  void aWebhookBodyThatTricklesPastTheDeadlineIsAnswered408WithoutHoldingAThread()
      throws Exception {
    try (java.net.Socket slow = new java.net.Socket("127.0.0.1", port)) {
      slow.setSoTimeout(5000);
      java.io.OutputStream out = slow.getOutputStream();
      out.write(
          ("POST /app/oauth/notion/webhooks HTTP/1.1\r\nHost: localhost\r\n"
                  + "X-Notion-Signature: sha256=00\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000\r\n\r\n{\"a\":")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      // while it waits, the app answers everything else
      assertThat(get(base + "/login?as=u-9").statusCode()).isEqualTo(204);

      String answer =
          new String(
              slow.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);

      assertThat(answer).isEqualTo("HTTP/1.1 408");
    }
  }
}
