package dev.notionoauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.FlowContext;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The servlet mounted in someone else's application (plain Jetty with sessions, under a context
 * path), taking the install's context from the app's logged-in session.
 */
class EmbeddedInAnAppTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  private Server app;
  private String base;
  private final List<CallbackOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

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
    app = new Server();
    ServerConnector connector = new ServerConnector(app);
    connector.setHost("127.0.0.1");
    app.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/app");
    context.setSessionHandler(new SessionHandler());
    app.setHandler(context);
    app.start();
    int port = connector.getLocalPort();
    base = "http://localhost:" + port + "/app";
    NotionOAuthFlow flow =
        NotionOAuthFlow.builder(
                NotionOAuthClient.create(
                    NOTION.settingsFor(base + "/oauth/notion/callback").build()))
            .consumer(outcomes::add)
            .build();
    NotionOAuthServlet oauth =
        NotionOAuthServlet.builder(flow)
            .installPath("/oauth/notion/install")
            .callbackPath("/oauth/notion/callback")
            .resultPath("/oauth/notion/result")
            .secureCookie(false)
            .contextResolver(
                request -> {
                  HttpSession session = request.getSession(false);
                  Object user = session == null ? null : session.getAttribute("user-id");
                  return user == null
                      ? Optional.empty()
                      : Optional.of(FlowContext.of("user-id", user.toString()));
                })
            .build();
    ServletHolder holder = new ServletHolder(oauth);
    context.addServlet(holder, "/oauth/notion/install");
    context.addServlet(holder, "/oauth/notion/callback");
    context.addServlet(holder, "/oauth/notion/result/*");
    context.addServlet(new ServletHolder(new LoginServlet()), "/login");
  }

  @AfterEach
  void stopApp() throws Exception {
    app.stop();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSignedInUsersInstallReachesTheConsumerWithTheirIdFromTheSession() throws Exception {
    get(base + "/login?as=u-99");

    HttpResponse<String> install = get(base + "/oauth/notion/install");
    assertThat(install.statusCode()).isEqualTo(302);
    URI callback =
        NOTION
            .emulator()
            .approve(URI.create(install.headers().firstValue("location").orElseThrow()));
    HttpResponse<String> redirect = get(callback.toString());
    assertThat(redirect.headers().firstValue("location").orElseThrow())
        .startsWith("/app/oauth/notion/result/");
    HttpResponse<String> result =
        get(
            "http://localhost:"
                + URI.create(base).getPort()
                + redirect.headers().firstValue("location").orElseThrow());

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
}
