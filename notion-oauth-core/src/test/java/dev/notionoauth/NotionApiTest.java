package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.MutableClock;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.PageAccess;
import dev.notionoauth.emulator.RecordedRequest;
import dev.notionoauth.spi.InstallationListener;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The authorized client, over real HTTP against the emulator's API. */
class NotionApiTest {
  static final String REDIRECT = "http://localhost:1/cb";
  static final Duration LIFETIME = Duration.ofHours(1);

  final MutableClock clock = new MutableClock();
  final List<InstallationListener.Change> changes = new CopyOnWriteArrayList<>();
  NotionEmulator notion;
  NotionOAuthClient client;
  InMemoryInstallationStore store;
  Installations installations;

  private final RecordingTicker ticker = new RecordingTicker();

  @BeforeEach
  void start() {
    start(b -> b);
  }

  void start(java.util.function.UnaryOperator<NotionEmulator.Builder> more) {
    if (notion != null) {
      notion.close();
    }
    notion =
        more.apply(
                NotionEmulator.builder()
                    .autoApprove(true)
                    .clock(clock)
                    .accessTokenLifetime(LIFETIME))
            .start();
    client = NotionOAuthClient.create(EmulatedNotion.settingsFor(notion, REDIRECT).build());
    store = new InMemoryInstallationStore();
    installations = installations(ApiLimits.defaults());
  }

  Installations installations(ApiLimits limits) {
    return installations(limits, Ticker.system());
  }

  /** Installations whose waits pass on {@code waits} (concurrent refreshes keep real time). */
  Installations installations(ApiLimits limits, Ticker waits) {
    return Installations.builder(store, client)
        .clock(clock)
        .ticker(waits)
        .listener(changes::add)
        .apiLimits(limits)
        .build();
  }

  @AfterEach
  void stop() {
    notion.close();
  }

  /** An authorization at the emulator, stored as the store consumer would. */
  Installation installed() {
    URI callback = notion.approve(client.authorizeUrl(State.generate(new SecureRandom())));
    TokenResponse token =
        client.exchangeCode(new AuthorizationCode(NotionEmulator.codeOf(callback).orElseThrow()));
    Installation stored =
        installations.save(
            Installation.from(token, FlowContext.of("user-id", "42"), true, clock.instant()));
    notion.clearRequests();
    return stored;
  }

  long refreshCalls() {
    return notion.requests(Endpoint.TOKEN).stream()
        .filter(r -> r.body().contains("refresh_token"))
        .count();
  }

  @Test
  void rememberingAnInstallationBrieflyStillSeesChangesMadeHereAtOnceAndOthersAfterThePeriod() {
    Installation i = installed();
    installations =
        Installations.builder(store, client)
            .clock(clock)
            .ticker(ticker)
            .rememberFor(Duration.ofMillis(250))
            .build();
    assertThat(installations.api(i.botId()).get("/v1/users/me").get("id").stringValue())
        .isEqualTo(i.botId());
    // another process deletes it: within the period this instance still calls with the token
    store.delete(i.botId());
    assertThat(installations.api(i.botId()).get("/v1/users/me").get("id").stringValue())
        .isEqualTo(i.botId());
    ticker.sleep(Duration.ofMillis(250));
    assertThatThrownBy(() -> installations.api(i.botId()).get("/v1/users/me"))
        .isInstanceOf(InstallationException.class);

    // a change made here is seen at once
    Installation again = installed();
    assertThat(installations.api(again.botId()).get("/v1/users/me")).isNotNull();
    installations.revoke(again.botId());
    assertThatThrownBy(() -> installations.api(again.botId()).get("/v1/users/me"))
        .isInstanceOf(InstallationException.class);
  }

  @Test
  void sendsTheBearerTokenNotionVersionAndUserAgentAndReturnsNotionsJson() {
    Installation i = installed();

    JsonNode me = installations.api(i.botId()).get("/v1/users/me");

    assertThat(me.get("id").stringValue()).isEqualTo(i.botId());
    RecordedRequest r = notion.requests(Endpoint.USERS_ME).get(0);
    assertThat(r.header("Authorization")).contains("Bearer " + i.tokens().access().value());
    assertThat(r.header("Notion-Version")).contains(NotionOAuthSettings.DEFAULT_NOTION_VERSION);
    assertThat(r.header("User-Agent").orElseThrow()).startsWith("notion-oauth-handler-java/");
  }

  @Test
  void aJdkClientOfTheCallersOwnCarriesTheApiCallsTooWithTheSameHeadersAndBody() {
    java.util.concurrent.atomic.AtomicInteger used =
        new java.util.concurrent.atomic.AtomicInteger();
    java.net.http.HttpClient own =
        java.net.http.HttpClient.newBuilder()
            .executor(
                task -> {
                  used.incrementAndGet();
                  task.run();
                })
            .build();
    client =
        NotionOAuthClient.builder(EmulatedNotion.settingsFor(notion, REDIRECT).build())
            .httpClient(own)
            .build();
    installations = installations(ApiLimits.defaults());
    Installation i = installed();
    used.set(0);

    JsonNode hits = installations.api(i.botId()).post("/v1/search", Map.of("query", "Road"));

    assertThat(hits.get("object").stringValue()).isEqualTo("list");
    assertThat(used).as("the caller's client ran the exchange").hasPositiveValue();
    RecordedRequest r = notion.requests(Endpoint.SEARCH).get(0);
    assertThat(r.header("Authorization")).contains("Bearer " + i.tokens().access().value());
    assertThat(r.header("Content-Type")).contains("application/json");
    assertThat(r.body()).isEqualTo("{\"query\":\"Road\"}");
  }

  @Test
  void aRelayedCallOpensTheSinkOnceForTheAnswerAfterTheRefreshNeverForThe401() {
    Installation i = installed();
    clock.advance(LIFETIME.plusMinutes(1));
    List<Integer> opened = new ArrayList<>();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();

    NotionResponse answer =
        installations
            .api(i.botId())
            .relay(
                NotionRequest.get("/v1/users/me"),
                (status, headers) -> {
                  opened.add(status);
                  return body;
                });

    assertThat(opened).containsExactly(200);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(body.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(i.botId());
    assertThat(refreshCalls()).isEqualTo(1);
  }

  @Test
  void anErrorIsThrownAsForSendAndTheSinkNeverOpened() {
    Installation i = installed();
    notion.failNext(Endpoint.USERS_ME, Fault.error(404, "object_not_found"));

    assertThatThrownBy(
            () ->
                installations
                    .api(i.botId())
                    .relay(
                        NotionRequest.get("/v1/users/me"),
                        (status, headers) -> {
                          throw new AssertionError("opened");
                        }))
        .isInstanceOfSatisfying(
            NotionApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void theNotionVersionCanBeChosenPerCall() {
    Installation i = installed();

    installations
        .api(i.botId())
        .send(NotionRequest.get("/v1/users/me").withNotionVersion("2025-09-03"));

    assertThat(notion.requests(Endpoint.USERS_ME).get(0).header("Notion-Version"))
        .contains("2025-09-03");
  }

  @Test
  void aTokenThatExpiredMidUseIsRefreshedOnceAndTheCallRetried() {
    Installation i = installed();
    NotionApi api = installations.api(i.botId());
    api.get("/v1/users/me");

    clock.advance(LIFETIME.plusMinutes(1));
    JsonNode me = api.get("/v1/users/me");

    assertThat(me.get("id").stringValue()).isEqualTo(i.botId());
    assertThat(refreshCalls()).isEqualTo(1);
    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(3); // ok, 401, retried
    Installation after = store.find(i.botId()).orElseThrow();
    assertThat(after.tokens().version()).isEqualTo(i.tokens().version() + 1);
    assertThat(after.status()).isEqualTo(Installation.Status.ACTIVE);
  }

  @Test
  void aPostRejectedWith401IsSentAgainOnceAfterTheRefreshBecauseNotionDidNotProcessIt() {
    Installation i = installed();
    notion.createPage("Roadmap", PageAccess.SHARED);
    clock.advance(LIFETIME.plusMinutes(1));

    JsonNode hits = installations.api(i.botId()).post("/v1/search", Map.of("query", "road"));

    assertThat(hits.get("results")).hasSize(1);
    assertThat(notion.requests(Endpoint.SEARCH)).hasSize(2);
    assertThat(refreshCalls()).isEqualTo(1);
  }

  @Test
  void thirtyTwoConcurrentCallsOnOneExpiredTokenMakeExactlyOneRefresh() throws Exception {
    Installation i = installed();
    clock.advance(LIFETIME.plusMinutes(1));
    Installations relaxed =
        installations(ApiLimits.builder().rates(1000, 1000, 1000, 1000).build());
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<JsonNode>> calls = new ArrayList<>();
    for (int n = 0; n < 32; n++) {
      calls.add(
          pool.submit(
              () -> {
                go.await();
                return relaxed.api(i.botId()).get("/v1/users/me");
              }));
    }
    go.countDown();
    for (Future<JsonNode> f : calls) {
      assertThat(f.get().get("id").stringValue()).isEqualTo(i.botId());
    }
    pool.shutdown();

    assertThat(refreshCalls()).isEqualTo(1);
  }

  @Test
  void aRefusedRefreshMarksTheInstallationNeedsReauthAndTellsTheListenerOnce() throws Exception {
    Installation i = installed();
    client.revoke(i.tokens().access()); // e.g. the user removed the connection in Notion
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> calls = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      calls.add(pool.submit(() -> installations.api(i.botId()).get("/v1/users/me")));
    }
    for (Future<?> f : calls) {
      assertThatThrownBy(f::get)
          .cause()
          .isInstanceOfSatisfying(
              InstallationException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(InstallationException.Reason.NEEDS_REAUTH);
                assertThat(e.getMessage()).contains(i.botId());
              });
    }
    pool.shutdown();

    Installation after = store.find(i.botId()).orElseThrow();
    assertThat(after.status()).isEqualTo(Installation.Status.NEEDS_REAUTH);
    assertThat(after.health().reason()).isEqualTo("refresh refused: invalid_grant");
    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.botId()).isEqualTo(i.botId());
              assertThat(c.from()).isEqualTo(Installation.Status.ACTIVE);
              assertThat(c.to().status()).isEqualTo(Installation.Status.NEEDS_REAUTH);
              assertThat(c.context().get("user-id")).contains("42");
            });
    assertThat(refreshCalls()).isEqualTo(1);
  }

  @Test
  void aReauthorizationMakesItActiveAgainAndTellsTheListener() {
    Installation i = installed();
    client.revoke(i.tokens().access());
    assertThatThrownBy(() -> installations.api(i.botId()).get("/v1/users/me"))
        .isInstanceOf(InstallationException.class);

    Installation again = installed(); // the user connects again: same bot, new pair

    assertThat(again.botId()).isEqualTo(i.botId());
    assertThat(again.status()).isEqualTo(Installation.Status.ACTIVE);
    assertThat(installations.api(i.botId()).get("/v1/users/me").get("id").stringValue())
        .isEqualTo(i.botId());
    assertThat(changes)
        .extracting(c -> c.to().status() + " " + c.to().reason())
        .containsExactly("NEEDS_REAUTH refresh refused: invalid_grant", "ACTIVE re-authorized");
  }

  @Test
  void aSecond401AfterARefreshMarksNeedsReauthWithoutLooping() {
    Installation i = installed();
    notion.failNext(Endpoint.USERS_ME, Fault.error(401, "unauthorized"), 2);

    assertThatThrownBy(() -> installations.api(i.botId()).get("/v1/users/me"))
        .isInstanceOfSatisfying(
            InstallationException.class,
            e -> assertThat(e.reason()).isEqualTo(InstallationException.Reason.NEEDS_REAUTH));

    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(2);
    assertThat(refreshCalls()).isEqualTo(1);
    assertThat(store.find(i.botId()).orElseThrow().health().reason())
        .startsWith("Notion answered 401 unauthorized again");
  }

  @Test
  void aPageNotSharedIs404AndARestrictedOne403AndNeitherRefreshes() {
    Installation i = installed();
    NotionApi api = installations.api(i.botId());
    String hidden = notion.createPage("Private", PageAccess.NOT_SHARED);
    String restricted = notion.createPage("Locked", PageAccess.RESTRICTED);
    String shared = notion.createPage("Open", PageAccess.SHARED);

    assertThatThrownBy(() -> api.get("/v1/pages/" + hidden))
        .isInstanceOfSatisfying(
            NotionApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.code()).isEqualTo("object_not_found");
              assertThat(e.requestId()).isPresent();
            });
    assertThatThrownBy(() -> api.get("/v1/pages/" + restricted))
        .isInstanceOfSatisfying(
            NotionApiException.class, e -> assertThat(e.code()).isEqualTo("restricted_resource"));
    assertThat(api.get("/v1/pages/" + shared).get("id").stringValue()).isEqualTo(shared);
    assertThat(refreshCalls()).isZero();
    assertThat(store.find(i.botId()).orElseThrow().status()).isEqualTo(Installation.Status.ACTIVE);
  }

  @Test
  void aShortRetryAfterIsWaitedOutAndTheCallSucceeds() {
    Installation i = installed();
    notion.failNext(Endpoint.USERS_ME, Fault.rateLimited(Duration.ofSeconds(1)));

    installations(ApiLimits.defaults(), ticker).api(i.botId()).get("/v1/users/me");

    assertThat(ticker.sleeps()).containsExactly(Duration.ofSeconds(1));
    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(2);
  }

  @Test
  void aLongRetryAfterFailsAtOnceWithTheWaitAndTheReason() {
    Installation i = installed();
    notion.failNext(
        Endpoint.USERS_ME, Fault.rateLimited(Duration.ofSeconds(120), "workspace_rate_limit"));

    Installations recorded = installations(ApiLimits.defaults(), ticker);
    assertThatThrownBy(() -> recorded.api(i.botId()).get("/v1/users/me"))
        .isInstanceOfSatisfying(
            NotionRateLimitedException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
              assertThat(e.rateLimitReason()).contains("workspace_rate_limit");
            });
    assertThat(ticker.sleeps()).as("nothing waited").isEmpty();
    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(1);
  }

  @Test
  void notionsWorkspaceLimitHoldsBackEveryInstallationOfThatWorkspace() {
    start(b -> b.apiLimitPerWorkspace(5, Duration.ofMinutes(1)));
    Installation a = installed();
    Installation second = installed(); // a second authorization in the same workspace
    // stored as another installation of that workspace (as a second user's would be)
    Installation b =
        new Installation(
            "b2-" + a.botId().substring(3),
            new Installation.Workspace(second.workspace().id(), second.workspace().name(), null),
            second.owner(),
            null,
            FlowContext.of("user-id", "43"),
            true,
            new Installation.TokenPair(second.tokens().access(), second.tokens().refresh(), 0),
            Installation.Health.active(clock.instant(), "authorized"),
            new Installation.Timestamps(clock.instant(), clock.instant(), null));
    store.upsert(b);
    Installations fast =
        installations(
            ApiLimits.builder()
                .rates(1000, 1000, 1000, 1000)
                .maxLocalWait(Duration.ofMillis(100))
                .maxRetryAfter(Duration.ofSeconds(1))
                .build());

    for (int n = 0; n < 5; n++) {
      fast.api(n % 2 == 0 ? a.botId() : b.botId()).get("/v1/users/me");
    }
    assertThatThrownBy(() -> fast.api(b.botId()).get("/v1/users/me"))
        .isInstanceOfSatisfying(
            NotionRateLimitedException.class,
            e -> {
              assertThat(e.rateLimitReason()).contains("workspace_rate_limit");
              assertThat(e.retryAfter().orElseThrow()).isGreaterThan(Duration.ofSeconds(30));
            });
    int sent = notion.requests(Endpoint.USERS_ME).size();
    // the other installation of the workspace now waits without reaching Notion
    assertThatThrownBy(() -> fast.api(a.botId()).get("/v1/users/me"))
        .isInstanceOfSatisfying(
            NotionRateLimitedException.class,
            e -> assertThat(e.rateLimitReason()).contains("client_limit"));
    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(sent);
  }

  @Test
  void theClientSideLimitPacesAnInstallationAndFailsFastBeyondItsWait() {
    Installation i = installed();
    Installations paced =
        installations(
            ApiLimits.builder()
                .rates(2, 2, 100, 100)
                .maxLocalWait(Duration.ZERO)
                .maxRetryAfter(Duration.ZERO)
                .build());
    NotionApi api = paced.api(i.botId());

    api.get("/v1/users/me");
    api.get("/v1/users/me");
    assertThatThrownBy(() -> api.get("/v1/users/me"))
        .isInstanceOfSatisfying(
            NotionRateLimitedException.class,
            e -> assertThat(e.rateLimitReason()).contains("client_limit"));
    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(2);
  }

  @Test
  void aPostIsNeverSentTwiceAfterItMayHaveReachedNotion() {
    Installation i = installed();
    NotionApi api = installations.api(i.botId());
    notion.failNext(Endpoint.PAGES, Fault.serverError());
    Map<String, Object> body = Map.of("parent", Map.of("page_id", "p"));

    assertThatThrownBy(() -> api.post("/v1/pages", body))
        .isInstanceOfSatisfying(
            NotionApiException.class, e -> assertThat(e.status()).isEqualTo(500));
    assertThat(notion.requests(Endpoint.PAGES)).hasSize(1);

    notion.failNext(Endpoint.PAGES, Fault.brokenConnection());
    assertThatThrownBy(() -> api.post("/v1/pages", body))
        .isInstanceOf(NotionTransportException.class)
        .hasMessageContaining("not repeated");
    assertThat(notion.requests(Endpoint.PAGES)).hasSize(2);
  }

  @Test
  void aGetIsRepeatedAfterAServerError() {
    Installation i = installed();
    notion.failNext(Endpoint.USERS_ME, Fault.serverError());

    installations.api(i.botId()).get("/v1/users/me");

    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(2);
  }

  @Test
  void aRevokedInstallationIsRefusedBeforeAnyCall() {
    Installation i = installed();
    installations.revoke(i.botId());
    notion.clearRequests();

    assertThatThrownBy(() -> installations.api(i.botId()).get("/v1/users/me"))
        .isInstanceOfSatisfying(
            InstallationException.class,
            e -> assertThat(e.reason()).isEqualTo(InstallationException.Reason.REVOKED));
    assertThat(notion.requests()).isEmpty();
    assertThat(changes)
        .extracting(c -> c.to().status())
        .containsExactly(Installation.Status.REVOKED);
  }

  @Test
  void requestsOutsideTheApiPathAreRefusedBeforeSending() {
    assertThatThrownBy(() -> NotionRequest.get("https://evil.example/v1/users/me"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NotionRequest.get("/v1/../oauth/token"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NotionRequest.get("/v1/pages?x=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(NotionRequest.get("/v1/search").withQuery("a b", "c&d").target())
        .isEqualTo("/v1/search?a%20b=c%26d");
    assertThat(
            NotionRequest.get("/v1/pages/p-1")
                .withQuery("filter_properties", "title")
                .withQuery("page_size", "5")
                .withQuery("filter_properties", "a/b")
                .target())
        .isEqualTo("/v1/pages/p-1?filter_properties=title&filter_properties=a%2Fb&page_size=5");
  }
}
