package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.MutableClock;
import dev.notionoauth.spi.StoreCommits;
import dev.notionoauth.spi.TokenConsumer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotionOAuthFlowTest {
  static final String REDIRECT = "http://localhost:8080/notion/callback";

  @RegisterExtension static final EmulatedNotion NOTION = new EmulatedNotion();

  private final RecordingConsumer consumer = new RecordingConsumer();
  private final MutableClock clock = new MutableClock();
  private final InMemoryStateStore memory = new InMemoryStateStore();
  private final FaultyStateStore store = new FaultyStateStore(memory);
  private NotionOAuthFlow flow = flow(consumer);

  private NotionOAuthFlow flow(TokenConsumer c) {
    return NotionOAuthFlow.builder(
            NotionOAuthClient.create(
                NOTION.settingsFor(REDIRECT).attemptTimeout(Duration.ofMillis(800)).build()))
        .consumer(c)
        .clock(clock)
        .stateStore(store)
        .stateKeys(STATE_KEYS)
        .build();
  }

  /** Keys only this integration's servers would hold. */
  private static final StateKeys STATE_KEYS = StateKeys.random();

  @BeforeEach
  void freshFlow() {
    flow = flow(consumer);
  }

  private static String query(URI callback) {
    assertThat(callback.toString()).startsWith(REDIRECT + "?");
    return Objects.requireNonNull(callback.getRawQuery());
  }

  private static int tokenCalls() {
    return NOTION.emulator().requests(Endpoint.TOKEN).size();
  }

  @Test
  void completesTheWholeFlowAndHandsTheTokenWithItsContextToTheConsumer() {
    FlowStart start = flow.start(FlowContext.of("user", "42"), null);

    URI callback = NOTION.emulator().approve(start.authorizeUrl());
    CallbackOutcome outcome =
        flow.handleCallback(query(callback), start.binding().value()).outcome();

    assertThat(outcome).isInstanceOf(CallbackOutcome.Authorized.class);
    CallbackOutcome.Authorized a = (CallbackOutcome.Authorized) outcome;
    assertThat(a.context().get("user")).contains("42");
    assertThat(a.token().workspaceName()).isEqualTo("Emulated Workspace");
    assertThat(consumer.authorized).containsExactly(a);
    assertThat(tokenCalls()).isEqualTo(1);
    assertThat(NOTION.emulator().isActive(a.token().accessToken().value())).isTrue();
  }

  @Test
  void theAuthorizeUrlCarriesTheConfiguredRedirectUriAndANewStateEachTime() {
    FlowStart one = flow.start(FlowContext.empty(), null);
    FlowStart two = flow.start(FlowContext.empty(), one.binding().value());

    assertThat(one.authorizeUrl().toString())
        .startsWith(NOTION.emulator().baseUrl() + "/v1/oauth/authorize?client_id=")
        .contains(
            "&response_type=code&owner=user&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fnotion%2Fcallback&state=");
    assertThat(one.authorizeUrl()).isNotEqualTo(two.authorizeUrl());
    assertThat(two.binding()).isEqualTo(one.binding());
    assertThat(memory.size()).as("sealed states are not saved").isZero();
  }

  @Test
  void replacesAMalformedBindingCookieWithANewOne() {
    FlowStart start = flow.start(FlowContext.empty(), "not-a-binding");

    assertThat(start.binding().value()).hasSize(43).isNotEqualTo("not-a-binding");
  }

  @Test
  void reportsTheUsersCancelAsDeniedWithoutCallingTheTokenEndpoint() {
    FlowStart start = flow.start(FlowContext.of("user", "7"), null);

    URI callback = NOTION.emulator().deny(start.authorizeUrl());
    CallbackOutcome outcome =
        flow.handleCallback(query(callback), start.binding().value()).outcome();

    assertThat(outcome).isEqualTo(new CallbackOutcome.Denied(FlowContext.of("user", "7")));
    assertThat(consumer.denied).hasSize(1);
    assertThat(tokenCalls()).isZero();
  }

  @Test
  void rejectsCallbackWithoutTheBindingCookieAndLeavesTheStateUsable() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));

    assertThat(failure(flow.handleCallback(q, null).outcome()))
        .isEqualTo(FailureReason.STATE_NOT_FOR_THIS_BROWSER);
    assertThat(tokenCalls()).isZero();
    assertThat(flow.handleCallback(q, start.binding().value()).outcome())
        .isInstanceOf(CallbackOutcome.Authorized.class);
  }

  @Test
  void rejectsCallbackFromAnotherBrowserAndLeavesBothFlowsUsable() {
    FlowStart victim = flow.start(FlowContext.of("user", "victim"), null);
    FlowStart attacker = flow.start(FlowContext.of("user", "attacker"), null);
    String attackersCallback = query(NOTION.emulator().approve(attacker.authorizeUrl()));

    assertThat(failure(flow.handleCallback(attackersCallback, victim.binding().value()).outcome()))
        .isEqualTo(FailureReason.STATE_NOT_FOR_THIS_BROWSER);
    assertThat(tokenCalls()).isZero();
    String victimsCallback = query(NOTION.emulator().approve(victim.authorizeUrl()));
    assertThat(
            flow.handleCallback(victimsCallback, victim.binding().value())
                .outcome()
                .context()
                .get("user"))
        .contains("victim");
  }

  @Test
  void rejectsCallbackWhoseStateWasAlreadyUsed() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));
    flow.handleCallback(q, start.binding().value()).outcome();

    CallbackOutcome replay = flow.handleCallback(q, start.binding().value()).outcome();

    assertThat(failure(replay)).isEqualTo(FailureReason.STATE_ALREADY_USED);
    assertThat(FailureReason.STATE_ALREADY_USED.httpStatus()).isEqualTo(409);
    assertThat(tokenCalls()).isEqualTo(1);
    assertThat(consumer.authorized).hasSize(1);
  }

  @Test
  void rejectsACodeArrivingForAStateAlreadyUsedByACancel() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String cancel = query(NOTION.emulator().deny(start.authorizeUrl()));
    flow.handleCallback(cancel, start.binding().value()).outcome();
    String state = cancel.substring(cancel.indexOf("state=") + 6);

    CallbackOutcome outcome =
        flow.handleCallback("code=some-code&state=" + state, start.binding().value()).outcome();

    assertThat(failure(outcome)).isEqualTo(FailureReason.STATE_ALREADY_USED);
    assertThat(tokenCalls()).isZero();
  }

  @Test
  void rejectsCallbackWhoseStateExpired() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));

    clock.advance(Duration.ofMinutes(10).plusSeconds(1));

    assertThat(failure(flow.handleCallback(q, start.binding().value()).outcome()))
        .isEqualTo(FailureReason.STATE_EXPIRED);
    assertThat(tokenCalls()).isZero();
  }

  @Test
  void rejectsCallbackWithAStateThatWasNeverIssued() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String forged = State.generate(new SecureRandom()).value();

    assertThat(
            failure(
                flow.handleCallback("code=abc&state=" + forged, start.binding().value()).outcome()))
        .isEqualTo(FailureReason.STATE_UNKNOWN);
    assertThat(tokenCalls()).isZero();
  }

  @Test
  void checksTheStateOfAnErrorCallbackToo() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String forged = State.generate(new SecureRandom()).value();

    CallbackOutcome outcome =
        flow.handleCallback("error=access_denied&state=" + forged, start.binding().value())
            .outcome();

    assertThat(failure(outcome)).isEqualTo(FailureReason.STATE_UNKNOWN);
    assertThat(consumer.denied).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "code=abc",
        "state=STATE",
        "code=abc&error=access_denied&state=STATE",
        "code=abc&state=STATE&state=STATE",
        "code=abc&code=def&state=STATE",
        "code=&state=STATE",
        "code=abc&state=",
        "error=&state=STATE",
        "code=abc&state=STATE.",
        "code=abc&state=%22%3E%3Csvg%20onload%3Dalert(1)%3E",
        "code=abc&state=%ZZ",
        "code=%E0%80%AF&state=STATE",
        "code=a%00b&state=STATE",
        "code=a%20b&state=STATE",
        "code=LONG&state=STATE",
        "error=access_denied&error=x&state=STATE",
        "error=access_denied&error_description=a&error_description=b&state=STATE"
      })
  void rejectsMalformedCallbacksBeforeAnyLookupOrCallToNotion(String template) {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String state = query(NOTION.emulator().approve(start.authorizeUrl()));
    state = state.substring(state.indexOf("state=") + 6);
    String q = template.replace("STATE", state).replace("LONG", "x".repeat(513));
    int lookups = store.finds();

    CallbackOutcome outcome = flow.handleCallback(q, start.binding().value()).outcome();

    assertThat(failure(outcome)).isEqualTo(FailureReason.MALFORMED_REQUEST);
    assertThat(store.finds()).isEqualTo(lookups);
    assertThat(tokenCalls()).isZero();
    // nothing was consumed: the real callback still works
    String real = query(NOTION.emulator().approve(start.authorizeUrl()));
    assertThat(flow.handleCallback(real, start.binding().value()).outcome())
        .isInstanceOf(CallbackOutcome.Authorized.class);
  }

  @Test
  void anErrorOtherThanCancelIsAnAuthorizationErrorWithAnAllowListedCode() {
    FlowStart one = flow.start(FlowContext.empty(), null);
    String s1 = stateOf(one);
    FlowStart two = flow.start(FlowContext.empty(), one.binding().value());
    String s2 = stateOf(two);

    CallbackOutcome known =
        flow.handleCallback("error=server_error&state=" + s1, one.binding().value()).outcome();
    CallbackOutcome unknown =
        flow.handleCallback(
                "error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=" + s2, one.binding().value())
            .outcome();

    assertThat(((CallbackOutcome.Failed) known).errorCode()).isEqualTo("server_error");
    assertThat(((CallbackOutcome.Failed) unknown).reason())
        .isEqualTo(FailureReason.AUTHORIZATION_ERROR);
    assertThat(((CallbackOutcome.Failed) unknown).errorCode()).isEqualTo("unknown_error");
  }

  private static String stateOf(FlowStart start) {
    String q = Objects.requireNonNull(start.authorizeUrl().getRawQuery());
    return q.substring(q.indexOf("state=") + 6);
  }

  static Stream<Arguments> notionFailures() {
    return Stream.of(
        Arguments.of(
            "invalid_grant", Fault.error(400, "invalid_grant"), FailureReason.CODE_REJECTED),
        Arguments.of(
            "invalid_client", Fault.error(401, "invalid_client"), FailureReason.CLIENT_REJECTED),
        Arguments.of("500", Fault.serverError(), FailureReason.NOTION_UNAVAILABLE),
        Arguments.of("502 html", Fault.htmlBody(502), FailureReason.NOTION_UNAVAILABLE),
        Arguments.of("hang", Fault.hang(), FailureReason.NOTION_TIMEOUT),
        Arguments.of(
            "429 beyond cap",
            Fault.rateLimited(Duration.ofSeconds(120)),
            FailureReason.NOTION_RATE_LIMITED),
        Arguments.of(
            "malformed json", Fault.malformedJson(), FailureReason.NOTION_INVALID_RESPONSE),
        Arguments.of("200 html", Fault.htmlBody(200), FailureReason.NOTION_INVALID_RESPONSE),
        Arguments.of(
            "missing bot_id",
            Fault.raw(
                200, "application/json", "{\"access_token\":\"ntn_x\",\"token_type\":\"bearer\"}"),
            FailureReason.NOTION_INVALID_RESPONSE),
        Arguments.of(
            "broken connection", Fault.brokenConnection(), FailureReason.NOTION_UNAVAILABLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notionFailures")
  void turnsEachNotionFailureIntoItsOutcomeAfterExactlyOneCall(
      String name, Fault fault, FailureReason expected) {
    FlowStart start = flow.start(FlowContext.of("user", "1"), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));
    NOTION.emulator().failNext(Endpoint.TOKEN, fault);

    CallbackOutcome outcome = flow.handleCallback(q, start.binding().value()).outcome();

    assertThat(failure(outcome)).isEqualTo(expected);
    assertThat(outcome.context().get("user")).contains("1");
    assertThat(tokenCalls()).isEqualTo(1);
    assertThat(consumer.authorized).isEmpty();
    assertThat(consumer.failed).hasSize(1);
    if (expected == FailureReason.NOTION_RATE_LIMITED) {
      assertThat(((CallbackOutcome.Failed) outcome).retryAfter())
          .isEqualTo(Duration.ofSeconds(120));
    }
    if (expected == FailureReason.CODE_REJECTED) {
      assertThat(((CallbackOutcome.Failed) outcome).requestId()).isNotBlank();
    }
  }

  @Test
  void aConsumerThatThrowsYieldsConsumerFailed() {
    NotionOAuthFlow failing =
        flow(
            a -> {
              throw new IllegalStateException("database down");
            });
    FlowStart start = failing.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));

    assertThat(failure(failing.handleCallback(q, start.binding().value()).outcome()))
        .isEqualTo(FailureReason.CONSUMER_FAILED);
  }

  /** Commits that record what ran inside them and, when told, fail to commit. */
  private static final class RecordingCommits implements StoreCommits {
    final List<String> log = new ArrayList<>();
    boolean failCommit;

    @Override
    public <T> T inOneCommit(java.util.function.Supplier<T> work) {
      log.add("begin");
      T result = work.get();
      if (failCommit) {
        log.add("rollback");
        throw new IllegalStateException("commit failed");
      }
      log.add("commit");
      return result;
    }
  }

  private NotionOAuthFlow flowWith(RecordingCommits commits) {
    return NotionOAuthFlow.builder(
            NotionOAuthClient.create(
                NOTION.settingsFor(REDIRECT).attemptTimeout(Duration.ofMillis(800)).build()))
        .consumer(
            new TokenConsumer() {
              @Override
              public void onAuthorized(CallbackOutcome.Authorized a) {
                commits.log.add("consumer");
              }
            })
        .commits(commits)
        .clock(clock)
        .stateStore(store)
        .stateKeys(STATE_KEYS)
        .resultPages(
            new dev.notionoauth.spi.ResultPageStore() {
              private final InMemoryResultPageStore pages = new InMemoryResultPageStore();

              @Override
              public String put(HttpReply reply) {
                commits.log.add("page");
                return pages.put(reply);
              }

              @Override
              public java.util.Optional<HttpReply> get(String id) {
                return pages.get(id);
              }
            })
        .build();
  }

  /** A whole flow through {@code commits}, approved in Notion; its result page is kept. */
  private CallbackOutcome approvedThrough(RecordingCommits commits) {
    NotionOAuthFlow grouped = flowWith(commits);
    FlowStart start = grouped.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));
    return grouped.handleCallback(q, start.binding().value()).outcome();
  }

  @Test
  void theConsumersAndTheResultPageShareOneCommitAfterTheExchange() {
    RecordingCommits commits = new RecordingCommits();

    CallbackOutcome outcome = approvedThrough(commits);

    assertThat(outcome).isInstanceOf(CallbackOutcome.Authorized.class);
    assertThat(commits.log).containsExactly("begin", "consumer", "page", "commit");
  }

  @Test
  void aCommitThatFailsFailsTheCallbackAsConsumerFailed() {
    RecordingCommits commits = new RecordingCommits();
    commits.failCommit = true;

    CallbackOutcome outcome = approvedThrough(commits);

    assertThat(failure(outcome)).isEqualTo(FailureReason.CONSUMER_FAILED);
    // the page kept in the failed commit is gone with it; the failure's own page is kept after
    assertThat(commits.log).containsExactly("begin", "consumer", "page", "rollback", "page");
  }

  @Test
  void aCommitWhoseAnswerWasLostButWhichLandedShowsTheSuccessItIs() {
    // a database restarting right after it committed: the commit throws, yet the pair is stored;
    // one that really rolled back still fails (each simulated here by what the store holds after)
    NotionOAuthClient client = NotionOAuthClient.create(NOTION.settingsFor(REDIRECT).build());
    for (boolean landed : new boolean[] {true, false}) {
      InMemoryInstallationStore installations = new InMemoryInstallationStore();
      List<String> botIds = new ArrayList<>();
      StoreCommits lossy =
          new StoreCommits() {
            @Override
            public <T> T inOneCommit(java.util.function.Supplier<T> work) {
              work.get();
              if (!landed) {
                botIds.forEach(installations::delete); // rolled back
              }
              throw new IllegalStateException("connection reset while committing");
            }
          };
      NotionOAuthFlow storing =
          NotionOAuthFlow.builder(client)
              .stateStore(store)
              .stateKeys(STATE_KEYS)
              .installations(Installations.builder(installations, client).build())
              .consumer(a -> botIds.add(a.token().botId()))
              .commits(lossy)
              .build();
      FlowStart start = storing.start(FlowContext.empty(), null);
      String q = query(NOTION.emulator().approve(start.authorizeUrl()));

      CallbackResult result = storing.handleCallback(q, start.binding().value());

      if (landed) {
        assertThat(result.outcome()).isInstanceOf(CallbackOutcome.Authorized.class);
        assertThat(((ResultPage.Show) result.page()).reply().body()).contains("connected to");
      } else {
        assertThat(failure(result.outcome())).isEqualTo(FailureReason.CONSUMER_FAILED);
        assertThat(installations.find(botIds.get(0))).isEmpty();
      }
    }
  }

  @Test
  void aRepeatOfACompletedCallbackBySameBrowserIsSentToTheOutcomeItDidNotSee() {
    // a reload, or a load balancer retrying the callback after an instance died before answering
    NotionOAuthFlow grouped = flowWith(new RecordingCommits());
    FlowStart start = grouped.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));
    CallbackResult first = grouped.handleCallback(q, start.binding().value());
    assertThat(first.outcome()).isInstanceOf(CallbackOutcome.Authorized.class);

    CallbackResult again = grouped.handleCallback(q, start.binding().value());
    CallbackResult elsewhere =
        grouped.handleCallback(q, BrowserBinding.generate(new SecureRandom()).value());

    assertThat(failure(again.outcome())).isEqualTo(FailureReason.STATE_ALREADY_USED);
    assertThat(again.page()).isEqualTo(first.page());
    assertThat(grouped.resultPage(((ResultPage.Redirect) again.page()).id()).orElseThrow().body())
        .contains("connected to");
    assertThat(failure(elsewhere.outcome())).isEqualTo(FailureReason.STATE_NOT_FOR_THIS_BROWSER);
    assertThat(elsewhere.page()).isNotEqualTo(first.page());
  }

  @Test
  void aDenialsPageIsKeptOutsideAnyCommit() {
    RecordingCommits commits = new RecordingCommits();
    NotionOAuthFlow grouped = flowWith(commits);
    FlowStart start = grouped.start(FlowContext.of("user", "42"), null);
    String q = query(NOTION.emulator().deny(start.authorizeUrl()));

    CallbackResult result = grouped.handleCallback(q, start.binding().value());

    assertThat(result.outcome()).isInstanceOf(CallbackOutcome.Denied.class);
    assertThat(commits.log).containsExactly("page");
    assertThat(result.page()).isInstanceOf(ResultPage.Redirect.class);
    String id = ((ResultPage.Redirect) result.page()).id();
    assertThat(grouped.resultPage(id).orElseThrow().body()).contains("Connection cancelled");
  }

  @Test
  void aFailureBeforeAnyStateMatchedRedirectsToAPageRenderedOnRequestAndStoresNothing() {
    RecordingCommits commits = new RecordingCommits();
    NotionOAuthFlow grouped = flowWith(commits);

    CallbackResult result = grouped.handleCallback("code=abc&state=%zz", "x");

    assertThat(result.page()).isEqualTo(new ResultPage.Redirect("failed-malformed-request"));
    assertThat(commits.log).as("nothing kept").isEmpty();
    assertThat(grouped.resultPage("failed-malformed-request").orElseThrow().status())
        .isEqualTo(400);
    assertThat(grouped.resultPage("failed-no-such-reason")).isEmpty();
  }

  @Test
  void withoutAPageStoreEveryPageIsShownAtOnce() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));

    CallbackResult result = flow.handleCallback(q, start.binding().value());

    assertThat(result.page()).isInstanceOf(ResultPage.Show.class);
    assertThat(((ResultPage.Show) result.page()).reply().body()).contains("Connected to Notion");
  }

  @Test
  void aFlowThatStoresInstallationsHandsTheStoredOneToTheConsumerAndThePage() {
    InMemoryInstallationStore installations = new InMemoryInstallationStore();
    NotionOAuthClient client = NotionOAuthClient.create(NOTION.settingsFor(REDIRECT).build());
    List<CallbackOutcome.Authorized> heard = new ArrayList<>();
    NotionOAuthFlow storing =
        NotionOAuthFlow.builder(client)
            .stateStore(store)
            .stateKeys(STATE_KEYS)
            .installations(Installations.builder(installations, client).build())
            .consumer(heard::add)
            .build();
    for (int round = 1; round <= 2; round++) {
      FlowStart start = storing.start(FlowContext.of("user", "42"), null);
      String q = query(NOTION.emulator().approve(start.authorizeUrl()));

      CallbackResult result = storing.handleCallback(q, start.binding().value());

      CallbackOutcome.Authorized a = (CallbackOutcome.Authorized) result.outcome();
      Installation stored = installations.find(a.token().botId()).orElseThrow();
      assertThat(a.installation()).isEqualTo(stored);
      assertThat(heard.get(round - 1).installation()).isEqualTo(stored);
      assertThat(a.reconnected()).isEqualTo(round == 2);
      assertThat(((ResultPage.Show) result.page()).reply().body())
          .contains(round == 2 ? "is reconnected to" : "is now connected to");
    }
  }

  @Test
  void aStateStoreThatIsDownConsumesNothingAndTheSameCallbackWorksOnceItIsBack() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));
    store.down(true);

    assertThat(failure(flow.handleCallback(q, start.binding().value()).outcome()))
        .isEqualTo(FailureReason.STATE_STORE_UNAVAILABLE);
    assertThat(tokenCalls()).isZero();

    store.down(false);
    assertThat(flow.handleCallback(q, start.binding().value()).outcome())
        .isInstanceOf(CallbackOutcome.Authorized.class);
  }

  @Test
  void twoTabsOfOneBrowserCompleteInReverseOrder() {
    FlowStart tab1 = flow.start(FlowContext.of("tab", "1"), null);
    FlowStart tab2 = flow.start(FlowContext.of("tab", "2"), tab1.binding().value());
    String q1 = query(NOTION.emulator().approve(tab1.authorizeUrl()));
    String q2 = query(NOTION.emulator().approve(tab2.authorizeUrl()));

    assertThat(flow.handleCallback(q2, tab2.binding().value()).outcome().context().get("tab"))
        .contains("2");
    assertThat(flow.handleCallback(q1, tab1.binding().value()).outcome().context().get("tab"))
        .contains("1");
    assertThat(consumer.authorized).hasSize(2);
  }

  @Test
  void twentyConcurrentDeliveriesOfOneCallbackMakeExactlyOneExchange() throws Exception {
    FlowStart start = flow.start(FlowContext.empty(), null);
    String q = query(NOTION.emulator().approve(start.authorizeUrl()));
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<CallbackOutcome>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return flow.handleCallback(q, start.binding().value()).outcome();
              }));
    }
    go.countDown();
    int authorized = 0;
    int alreadyUsed = 0;
    for (Future<CallbackOutcome> f : results) {
      CallbackOutcome o = f.get();
      if (o instanceof CallbackOutcome.Authorized) {
        authorized++;
      } else if (failure(o) == FailureReason.STATE_ALREADY_USED
          || failure(o) == FailureReason.BUSY) {
        // BUSY: more than the 16 exchange permits arrived at once; its state stays unused
        alreadyUsed++;
      }
    }
    pool.shutdown();

    assertThat(authorized).isEqualTo(1);
    assertThat(alreadyUsed).isEqualTo(19);
    assertThat(tokenCalls()).isEqualTo(1);
  }

  private static FailureReason failure(CallbackOutcome outcome) {
    assertThat(outcome).isInstanceOf(CallbackOutcome.Failed.class);
    return ((CallbackOutcome.Failed) outcome).reason();
  }

  /** Records what the flow hands over. */
  static final class RecordingConsumer implements TokenConsumer {
    final List<CallbackOutcome.Authorized> authorized = new CopyOnWriteArrayList<>();
    final List<CallbackOutcome.Denied> denied = new CopyOnWriteArrayList<>();
    final List<CallbackOutcome.Failed> failed = new CopyOnWriteArrayList<>();

    @Override
    public void onAuthorized(CallbackOutcome.Authorized a) {
      authorized.add(a);
    }

    @Override
    public void onDenied(CallbackOutcome.Denied d) {
      denied.add(d);
    }

    @Override
    public void onFailed(CallbackOutcome.Failed f) {
      failed.add(f);
    }
  }
}
