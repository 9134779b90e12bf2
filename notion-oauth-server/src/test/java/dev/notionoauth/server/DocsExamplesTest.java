package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.CallbackResult;
import dev.notionoauth.FlowContext;
import dev.notionoauth.FlowStart;
import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.NotionOAuthSettings;
import dev.notionoauth.NotionRequest;
import dev.notionoauth.ResultPage;
import dev.notionoauth.StateKeys;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.PageAccess;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The Java shown in the README and in {@code docs/}, compiled and run here against the emulator:
 * {@code ReadmeSnippetsTest} checks that every Java block there is cut from a region of this (or
 * another tested) source, so none can drift or stop compiling on Java 17.
 */
class DocsExamplesTest {
  // snippet:emulator
  @RegisterExtension
  static final NotionEmulatorExtension NOTION =
      NotionEmulatorExtension.configured(b -> b.autoApprove(true));

  // end-snippet

  private static final String REDIRECT = "http://localhost:8080/notion/callback";

  /** The page a host app would answer with, as a string, for the assertions. */
  private static String describe(ResultPage page) {
    return page instanceof ResultPage.Redirect r ? "303 " + r.id() : "page";
  }

  @Test
  void theLibraryRunsTheFlowForAnyWebFramework() {
    NotionOAuthSettings settings = NOTION.settingsFor(REDIRECT).build();
    InMemoryInstallationStore store = new InMemoryInstallationStore();
    String currentUserId = "u-42";
    String cookieOrNull = null;
    byte[] secretOnlyYourServersHold = new byte[32];
    // snippet:flow
    NotionOAuthClient client = NotionOAuthClient.create(settings);
    Installations installations = Installations.builder(store, client).build();
    NotionOAuthFlow flow =
        NotionOAuthFlow.builder(client)
            .installations(installations) // stores every authorization (tokens sealed in JDBC)
            .stateKeys(
                StateKeys.derivedFrom(List.of(secretOnlyYourServersHold), settings.clientId()))
            .build();

    // install route: who is installing (from your session), bound to this browser
    FlowStart start = flow.start(FlowContext.of("user-id", currentUserId), cookieOrNull);
    // answer 302 to start.authorizeUrl(), with Set-Cookie: start.binding().setCookieHeader(...)

    // callback route: the raw query string and the binding cookie give a value, never a throw
    URI callback = NOTION.emulator().approve(start.authorizeUrl());
    CallbackResult result = flow.handleCallback(callback.getRawQuery(), start.binding().value());
    if (result.outcome() instanceof CallbackOutcome.Authorized authorized) {
      String botId = authorized.installation().botId(); // stored, linked to "user-id"
    }
    // answer with result.page(): a redirect to a result page, or the page itself
    // end-snippet

    assertThat(result.outcome()).isInstanceOf(CallbackOutcome.Authorized.class);
    assertThat(installations.findByContext("user-id", "u-42")).hasSize(1);
    assertThat(describe(result.page())).isEqualTo("page");
  }

  @Test
  void yourCodeCallsNotionThroughTheInstallation() {
    NotionOAuthSettings settings = NOTION.settingsFor(REDIRECT).build();
    NotionOAuthClient client = NotionOAuthClient.create(settings);
    Installations installations =
        Installations.builder(new InMemoryInstallationStore(), client).build();
    NotionOAuthFlow flow = NotionOAuthFlow.builder(client).installations(installations).build();
    FlowStart start = flow.start(FlowContext.of("user-id", "u-7"), null);
    flow.handleCallback(
        NOTION.emulator().approve(start.authorizeUrl()).getRawQuery(), start.binding().value());
    String userId = "u-7";
    String id = NOTION.emulator().createPage("Roadmap", PageAccess.SHARED);
    // snippet:calling-notion
    String botId = installations.findByContext("user-id", userId).get(0).botId();
    JsonNode me = installations.api(botId).get("/v1/users/me");
    JsonNode hits = installations.api(botId).post("/v1/search", Map.of("query", "Roadmap"));
    JsonNode page = installations.api(botId).send(NotionRequest.get("/v1/pages/" + id)).json();
    // end-snippet

    assertThat(me.path("type").asString()).isEqualTo("bot");
    assertThat(hits.path("results")).isNotEmpty();
    assertThat(page.path("id").asString()).isEqualTo(id);
  }

  @Test
  void yourAppSignsTheContextIntoTheInstallLink() {
    String userId = "u-9";
    String userEmail = "ada@example.org";
    String secret = Base64.getEncoder().encodeToString(new byte[32]);
    // snippet:install-link
    InstallLinks links = new InstallLinks(Base64.getDecoder().decode(secret));
    String url =
        "https://oauth.example.com/notion/install?"
            + links.signSingleUse(
                new FlowContext(Map.of("user-id", userId, InstallLinks.ACCOUNT_LABEL, userEmail)),
                Instant.now().plusSeconds(300));
    // end-snippet

    assertThat(links.verify(URI.create(url).getRawQuery(), Instant.now()).context().get("user-id"))
        .contains("u-9");
  }

  @Test
  void theEmulatorPlaysNotionsFailures() {
    NotionOAuthClient client = NotionOAuthClient.create(NOTION.settingsFor(REDIRECT).build());
    NotionOAuthFlow flow = NotionOAuthFlow.builder(client).build();
    FlowStart start = flow.start(FlowContext.empty(), null);
    URI callback = NOTION.emulator().approve(start.authorizeUrl());
    // snippet:emulator-fault
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.rateLimited(Duration.ofSeconds(1)));
    CallbackResult result = flow.handleCallback(callback.getRawQuery(), start.binding().value());
    assertThat(result.outcome()).isInstanceOf(CallbackOutcome.Authorized.class); // waited, retried
    assertThat(NOTION.emulator().requests(Endpoint.TOKEN)).hasSize(2);
    // end-snippet
  }
}
