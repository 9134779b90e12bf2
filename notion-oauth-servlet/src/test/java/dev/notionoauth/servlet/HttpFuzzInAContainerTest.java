package dev.notionoauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.StateKeys;
import dev.notionoauth.testkit.HttpFuzzer;
import dev.notionoauth.testkit.HttpFuzzer.Route;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import dev.notionoauth.webhook.InMemoryWebhookStore;
import dev.notionoauth.webhook.WebhookDispatcher;
import dev.notionoauth.webhook.WebhookReceiver;
import dev.notionoauth.webhook.WebhookVerification;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The servlets' routes inside a container (Jetty) fuzzed over real HTTP with well-framed requests
 * (the container's own answers to broken framing are not ours): no 5xx but a 503 with {@code
 * Retry-After}, no stack trace, our security headers on every answer (the {@code Server} header is
 * the container's own business).
 */
class HttpFuzzInAContainerTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  private final JettyContainer container = new JettyContainer();
  private WebhookDispatcher dispatcher;
  private HttpFuzzer fuzzer;

  @BeforeEach
  void start() throws Exception {
    EmbeddedInAnAppSuite.LazyServlet oauth = new EmbeddedInAnAppSuite.LazyServlet();
    EmbeddedInAnAppSuite.LazyServlet hooks = new EmbeddedInAnAppSuite.LazyServlet();
    Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    servlets.put("/oauth/notion/install", oauth);
    servlets.put("/oauth/notion/callback", oauth);
    servlets.put("/oauth/notion/result/*", oauth);
    servlets.put("/oauth/notion/webhooks", hooks);
    int port = container.start("/app", servlets);
    NotionOAuthFlow flow =
        NotionOAuthFlow.builder(
                NotionOAuthClient.create(
                    NOTION
                        .settingsFor("http://localhost:" + port + "/app/oauth/notion/callback")
                        .build()))
            .stateKeys(StateKeys.random())
            .build();
    oauth.target =
        NotionOAuthServlet.builder(flow)
            .installPath("/oauth/notion/install")
            .callbackPath("/oauth/notion/callback")
            .resultPath("/oauth/notion/result")
            .secureCookie(false)
            .installsPerMinute(0)
            .contextResolver(request -> Optional.of(FlowContext.of("user-id", "fuzz")))
            .build();
    InMemoryWebhookStore store = new InMemoryWebhookStore();
    new WebhookVerification(store).open(Duration.ofMinutes(30));
    dispatcher = WebhookDispatcher.builder(store, new InMemoryInstallationStore()).build().start();
    hooks.target =
        NotionWebhookServlet.builder(
                WebhookReceiver.builder(store).onRecorded(dispatcher::wake).build())
            .readTimeout(Duration.ofSeconds(1))
            .refusalsPerMinute(100_000)
            .build();
    fuzzer = HttpFuzzer.wellFramed("127.0.0.1", port);
  }

  @AfterEach
  void stop() throws Exception {
    dispatcher.close();
    container.close();
  }

  private void fuzz(Route route) {
    assertThat(fuzzer.run(route, r -> "", HttpFuzzer::assertSafeInAContainer))
        .isEqualTo(HttpFuzzer.iterations());
  }

  @Test
  void theInstallRoute() {
    fuzz(
        new Route(
            "servlet install",
            "/app/oauth/notion/install",
            List.of("", "a=b"),
            List.of(),
            List.of("Cookie: noh_bind=" + "a".repeat(43)),
            false));
  }

  @Test
  void theCallbackRoute() {
    fuzz(
        new Route(
            "servlet callback",
            "/app/oauth/notion/callback",
            List.of("code=abc&state=" + "s".repeat(120), "error=access_denied&state=x", "code=a"),
            List.of(),
            List.of("Cookie: noh_bind=" + "a".repeat(43)),
            false));
  }

  @Test
  void theResultPages() {
    fuzz(
        new Route(
            "servlet result",
            "/app/oauth/notion/result/" + "r".repeat(43),
            List.of(""),
            List.of(),
            List.of(),
            false));
  }

  @Test
  void theWebhookRoute() {
    fuzz(
        new Route(
            "servlet webhooks",
            "/app/oauth/notion/webhooks",
            List.of(),
            List.of("{\"verification_token\":\"secret_fuzz\"}", "{\"id\":\"e\"}"),
            List.of("X-Notion-Signature: sha256=" + "ab".repeat(32)),
            false));
  }
}
