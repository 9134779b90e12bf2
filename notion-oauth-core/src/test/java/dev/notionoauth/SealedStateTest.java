package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.MutableClock;
import dev.notionoauth.emulator.NotionEmulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** States that carry their own record: nothing written at start, every state property kept. */
class SealedStateTest {
  static final String REDIRECT = "http://localhost:8080/notion/callback";

  @RegisterExtension static final EmulatedNotion NOTION = new EmulatedNotion();

  private final MutableClock clock = new MutableClock();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final NotionOAuthFlow flow = flow(NotionEmulator.DEFAULT_CLIENT_SECRET, true);

  private NotionOAuthFlow flow(String secret, boolean sealed) {
    return NotionOAuthFlow.builder(
            NotionOAuthClient.create(NOTION.settingsFor(REDIRECT).clientSecret(secret).build()))
        .clock(clock)
        .stateStore(store)
        .sealStates(sealed)
        .build();
  }

  private static String stateOf(FlowStart start) {
    String query = Objects.requireNonNull(start.authorizeUrl().getRawQuery());
    return query.substring(query.indexOf("state=") + "state=".length());
  }

  private static String callbackQuery(FlowStart start, String state) {
    URI callback = NOTION.emulator().approve(start.authorizeUrl());
    String query = Objects.requireNonNull(callback.getRawQuery());
    return query.replace("state=" + stateOf(start), "state=" + state);
  }

  private static int tokenCalls() {
    return NOTION.emulator().requests(Endpoint.TOKEN).size();
  }

  private static FailureReason failure(CallbackOutcome outcome) {
    assertThat(outcome).isInstanceOf(CallbackOutcome.Failed.class);
    return ((CallbackOutcome.Failed) outcome).reason();
  }

  @Test
  void startingAFlowWritesNothingAndItsCallbackRecordsOneUse() {
    FlowStart start = flow.start(FlowContext.of("user", "alice@example.com"), null);

    assertThat(store.size()).isZero();
    assertThat(State.parse(stateOf(start))).get().extracting(State::isSealed).isEqualTo(true);
    String q = callbackQuery(start, stateOf(start));
    CallbackOutcome outcome = flow.handleCallback(q, start.binding().value());

    assertThat(outcome).isInstanceOf(CallbackOutcome.Authorized.class);
    assertThat(outcome.context().get("user")).contains("alice@example.com");
    assertThat(store.size()).isEqualTo(1);
    assertThat(failure(flow.handleCallback(q, start.binding().value())))
        .isEqualTo(FailureReason.STATE_ALREADY_USED);
    assertThat(tokenCalls()).isEqualTo(1);
  }

  @Test
  void theContextTravelsEncryptedNeverReadableInTheAuthorizeUrl() {
    FlowStart start = flow.start(FlowContext.of("user", "alice@example.com"), null);
    byte[] raw = Base64.getUrlDecoder().decode(stateOf(start));

    assertThat(start.authorizeUrl().toString()).doesNotContain("alice");
    assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("alice");
  }

  @Test
  void aStateAlteredAnywhereIsUnknownAndNotionIsNeverCalled() {
    FlowStart start = flow.start(FlowContext.of("user", "42"), null);
    String state = stateOf(start);

    for (int i = 0; i < state.length(); i++) {
      char c = state.charAt(i);
      String altered = state.substring(0, i) + (c == 'A' ? 'B' : 'A') + state.substring(i + 1);
      assertThat(failure(flow.handleCallback(callbackQuery(start, altered), bind(start))))
          .as("character %d altered", i)
          .isEqualTo(FailureReason.STATE_UNKNOWN);
    }
    assertThat(tokenCalls()).isZero();
    assertThat(store.size()).isZero();
  }

  @Test
  void anotherSpellingOfTheSameBytesCannotBeUsedASecondTime() {
    // 85 bytes (85 = 3 * 28 + 1): the last character carries 2 bits and 4 spare ones
    FlowStart start = flow.start(FlowContext.of("u", "abc"), null);
    String state = stateOf(start);
    byte[] raw = Base64.getUrlDecoder().decode(state);
    assertThat(raw).hasSize(85);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = state.charAt(state.length() - 1);
    String respelled =
        state.substring(0, state.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 0b11);
    assertThat(Base64.getUrlDecoder().decode(respelled)).isEqualTo(raw);
    assertThat(respelled).isNotEqualTo(state);

    assertThat(flow.handleCallback(callbackQuery(start, state), bind(start)))
        .isInstanceOf(CallbackOutcome.Authorized.class);
    assertThat(failure(flow.handleCallback(callbackQuery(start, respelled), bind(start))))
        .isEqualTo(FailureReason.STATE_UNKNOWN);
  }

  @Test
  void aStateSealedForAnotherIntegrationIsUnknown() {
    NotionOAuthFlow other = flow("another-integrations-client-secret", true);
    FlowStart theirs = other.start(FlowContext.empty(), null);

    assertThat(failure(flow.handleCallback(callbackQuery(theirs, stateOf(theirs)), bind(theirs))))
        .isEqualTo(FailureReason.STATE_UNKNOWN);
    assertThat(tokenCalls()).isZero();
  }

  @Test
  void aSealedStateIsStillBoundToItsBrowserAndExpires() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    FlowStart elsewhere = flow.start(FlowContext.empty(), null);
    String q = callbackQuery(start, stateOf(start));

    assertThat(failure(flow.handleCallback(q, bind(elsewhere))))
        .isEqualTo(FailureReason.STATE_NOT_FOR_THIS_BROWSER);
    clock.advance(Duration.ofMinutes(10));
    assertThat(failure(flow.handleCallback(q, bind(start)))).isEqualTo(FailureReason.STATE_EXPIRED);
    assertThat(tokenCalls()).isZero();
    assertThat(store.size()).isZero();
  }

  @Test
  void aContextTooLargeToSealIsStoredAndStillReachesTheConsumer() {
    Map<String, String> big = new LinkedHashMap<>();
    big.put("user", "u".repeat(400));
    FlowStart start = flow.start(new FlowContext(big), null);

    assertThat(stateOf(start)).hasSize(43);
    assertThat(store.size()).isEqualTo(1);
    CallbackOutcome outcome =
        flow.handleCallback(callbackQuery(start, stateOf(start)), bind(start));
    assertThat(outcome.context().values()).isEqualTo(big);
  }

  @Test
  void theLargestSealableContextGivesAStateOfAtMost512Characters() {
    // encoded: 1 (count) + 1 + 4 ("user") + 2 + value
    FlowStart largest = flow.start(FlowContext.of("user", "v".repeat(292)), null);
    FlowStart tooLarge = flow.start(FlowContext.of("user", "v".repeat(293)), null);

    assertThat(stateOf(largest).length()).isGreaterThan(43).isLessThanOrEqualTo(State.MAX_LENGTH);
    assertThat(stateOf(tooLarge)).hasSize(43);
  }

  @Test
  void withSealingOffEveryFlowSavesItsStateWhenItStarts() {
    NotionOAuthFlow stored = flow(NotionEmulator.DEFAULT_CLIENT_SECRET, false);
    FlowStart start = stored.start(FlowContext.of("user", "42"), null);

    assertThat(stateOf(start)).hasSize(43);
    assertThat(store.size()).isEqualTo(1);
    assertThat(stored.handleCallback(callbackQuery(start, stateOf(start)), bind(start)))
        .isInstanceOf(CallbackOutcome.Authorized.class);
  }

  @Test
  void whileTheStoreIsDownNobodyIsSentToNotionAndStartsResumeWithinASecondOfItsReturn()
      throws InterruptedException {
    FaultyStateStore faulty = new FaultyStateStore(store);
    NotionOAuthFlow watched =
        NotionOAuthFlow.builder(NotionOAuthClient.create(NOTION.settingsFor(REDIRECT).build()))
            .stateStore(faulty)
            .build();
    faulty.down(true);

    assertThatThrownBy(() -> watched.start(FlowContext.empty(), null))
        .isInstanceOf(NotionOAuthException.class);
    faulty.down(false);
    long until = System.nanoTime() + 3_000_000_000L;
    boolean started = false;
    while (!started && System.nanoTime() < until) {
      try {
        watched.start(FlowContext.empty(), null);
        started = true;
      } catch (NotionOAuthException e) {
        Thread.sleep(50);
      }
    }
    assertThat(started).isTrue();
    assertThat(faulty.finds()).as("probes, not one lookup per start").isBetween(2, 4);
  }

  private static String bind(FlowStart start) {
    return start.binding().value();
  }
}
