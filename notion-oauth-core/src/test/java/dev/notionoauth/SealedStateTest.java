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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** States that carry their own record: nothing written at start, every state property kept. */
class SealedStateTest {
  static final String REDIRECT = "http://localhost:8080/notion/callback";

  @RegisterExtension static final EmulatedNotion NOTION = new EmulatedNotion();

  /** What only the integration's servers hold (the store's encryption key, in the server). */
  private static final byte[] SERVER_SECRET = secret(7);

  private final MutableClock clock = new MutableClock();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final NotionOAuthFlow flow = flow(SERVER_SECRET, true);

  private static byte[] secret(int seed) {
    byte[] b = new byte[32];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  private NotionOAuthFlow flow(byte[] serverSecret, boolean sealed) {
    NotionOAuthSettings settings = NOTION.settingsFor(REDIRECT).build();
    return NotionOAuthFlow.builder(NotionOAuthClient.create(settings))
        .clock(clock)
        .stateStore(store)
        .stateKeys(StateKeys.derivedFrom(List.of(serverSecret), settings.clientId()))
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
    CallbackOutcome outcome = flow.handleCallback(q, start.binding().value()).outcome();

    assertThat(outcome).isInstanceOf(CallbackOutcome.Authorized.class);
    assertThat(outcome.context().get("user")).contains("alice@example.com");
    assertThat(store.size()).isEqualTo(1);
    assertThat(failure(flow.handleCallback(q, start.binding().value()).outcome()))
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
      assertThat(failure(flow.handleCallback(callbackQuery(start, altered), bind(start)).outcome()))
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

    assertThat(flow.handleCallback(callbackQuery(start, state), bind(start)).outcome())
        .isInstanceOf(CallbackOutcome.Authorized.class);
    assertThat(failure(flow.handleCallback(callbackQuery(start, respelled), bind(start)).outcome()))
        .isEqualTo(FailureReason.STATE_UNKNOWN);
  }

  @Test
  void aStateSealedUnderAnotherServersKeyIsUnknown() {
    NotionOAuthFlow other = flow(secret(8), true);
    FlowStart theirs = other.start(FlowContext.empty(), null);

    assertThat(
            failure(
                flow.handleCallback(callbackQuery(theirs, stateOf(theirs)), bind(theirs))
                    .outcome()))
        .isEqualTo(FailureReason.STATE_UNKNOWN);
    assertThat(tokenCalls()).isZero();
  }

  @Test
  void aSealedStateIsStillBoundToItsBrowserAndExpires() {
    FlowStart start = flow.start(FlowContext.empty(), null);
    FlowStart elsewhere = flow.start(FlowContext.empty(), null);
    String q = callbackQuery(start, stateOf(start));

    assertThat(failure(flow.handleCallback(q, bind(elsewhere)).outcome()))
        .isEqualTo(FailureReason.STATE_NOT_FOR_THIS_BROWSER);
    clock.advance(Duration.ofMinutes(10));
    assertThat(failure(flow.handleCallback(q, bind(start)).outcome()))
        .isEqualTo(FailureReason.STATE_EXPIRED);
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
        flow.handleCallback(callbackQuery(start, stateOf(start)), bind(start)).outcome();
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
    NotionOAuthFlow stored = flow(SERVER_SECRET, false);
    FlowStart start = stored.start(FlowContext.of("user", "42"), null);

    assertThat(stateOf(start)).hasSize(43);
    assertThat(store.size()).isEqualTo(1);
    assertThat(stored.handleCallback(callbackQuery(start, stateOf(start)), bind(start)).outcome())
        .isInstanceOf(CallbackOutcome.Authorized.class);
  }

  @Test
  void whileTheStoreIsDownNobodyIsSentToNotionAndStartsResumeWithinASecondOfItsReturn() {
    FaultyStateStore faulty = new FaultyStateStore(store);
    RecordingTicker ticker = new RecordingTicker();
    NotionOAuthFlow watched =
        NotionOAuthFlow.builder(NotionOAuthClient.create(NOTION.settingsFor(REDIRECT).build()))
            .stateStore(faulty)
            .stateKeys(StateKeys.random())
            .ticker(ticker)
            .build();
    faulty.down(true);

    assertThatThrownBy(() -> watched.start(FlowContext.empty(), null))
        .isInstanceOf(NotionOAuthException.class);
    faulty.down(false);
    ticker.sleep(Duration.ofMillis(999));
    assertThatThrownBy(() -> watched.start(FlowContext.empty(), null))
        .as("not probed again within the second")
        .isInstanceOf(NotionOAuthException.class);
    ticker.sleep(Duration.ofMillis(1));

    assertThat(watched.start(FlowContext.empty(), null)).isNotNull();
    assertThat(faulty.finds()).as("one probe a second, not one lookup per start").isEqualTo(2);
  }

  @Test
  void withoutStateKeysEveryStateIsStoredNeverSealed() {
    NotionOAuthFlow keyless =
        NotionOAuthFlow.builder(NotionOAuthClient.create(NOTION.settingsFor(REDIRECT).build()))
            .stateStore(store)
            .build();

    FlowStart start = keyless.start(FlowContext.of("user", "42"), null);

    assertThat(stateOf(start)).hasSize(43);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aStateSealedUnderTheOldKeyWhenTheStoreKeyRotatedStillCompletes() {
    NotionOAuthFlow beforeRotation = flow(SERVER_SECRET, true);
    FlowStart start = beforeRotation.start(FlowContext.of("user", "42"), null);
    NotionOAuthSettings settings = NOTION.settingsFor(REDIRECT).build();
    NotionOAuthFlow afterRotation =
        NotionOAuthFlow.builder(NotionOAuthClient.create(settings))
            .clock(clock)
            .stateStore(store)
            .stateKeys(
                StateKeys.derivedFrom(List.of(secret(9), SERVER_SECRET), settings.clientId()))
            .build();

    assertThat(
            afterRotation
                .handleCallback(callbackQuery(start, stateOf(start)), bind(start))
                .outcome())
        .isInstanceOf(CallbackOutcome.Authorized.class);
  }

  /**
   * The review's construction (2026-12b, M1): knowing only the client id and secret — which Notion
   * and anyone with the integration's settings hold — seal {@code user-id: victim} with one's own
   * binding cookie, under every key the client secret alone could give.
   */
  @Test
  void aStateSealedWithOnlyTheClientSecretIsUnknownAndNotionIsNeverCalled() throws Exception {
    String clientId = NotionEmulator.DEFAULT_CLIENT_ID;
    byte[] clientSecret = NotionEmulator.DEFAULT_CLIENT_SECRET.getBytes(StandardCharsets.UTF_8);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(clientSecret, "HmacSHA256"));
    byte[] v1Key =
        mac.doFinal("notion-oauth-handler state seal v1".getBytes(StandardCharsets.US_ASCII));
    byte[] hkdfOfSecret =
        StateKeys.derivedFrom(List.of(pad(clientSecret)), new ClientId(clientId)).keys().get(0);
    BrowserBinding attacker = BrowserBinding.generate(new java.security.SecureRandom());
    FlowStart own = flow.start(FlowContext.empty(), attacker.value());

    for (int version : new int[] {1, 2}) {
      for (byte[] key : List.of(v1Key, hkdfOfSecret)) {
        String forged = forge(version, key, clientId, attacker, "victim-42");
        CallbackOutcome outcome =
            flow.handleCallback(callbackQuery(own, forged), attacker.value()).outcome();
        assertThat(failure(outcome)).isEqualTo(FailureReason.STATE_UNKNOWN);
        assertThat(outcome.context().values()).isEmpty();
      }
    }
    assertThat(tokenCalls()).isZero();
    assertThat(store.size()).isZero();
  }

  private static byte[] pad(byte[] secret) {
    return secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
  }

  /** A sealed state in the seal's layout, under any key. */
  private static String forge(
      int version, byte[] key, String clientId, BrowserBinding binding, String userId)
      throws Exception {
    byte[] k = "user-id".getBytes(StandardCharsets.UTF_8);
    byte[] v = userId.getBytes(StandardCharsets.UTF_8);
    long now = System.currentTimeMillis();
    byte[] plain =
        java.nio.ByteBuffer.allocate(48 + 1 + 1 + k.length + 2 + v.length)
            .putLong(now)
            .putLong(now + 600_000)
            .put(java.util.HexFormat.of().parseHex(binding.hash()))
            .put((byte) 1)
            .put((byte) k.length)
            .put(k)
            .putShort((short) v.length)
            .put(v)
            .array();
    byte[] iv = new byte[12];
    new java.security.SecureRandom().nextBytes(iv);
    javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        javax.crypto.Cipher.ENCRYPT_MODE,
        new javax.crypto.spec.SecretKeySpec(key, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, iv));
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    c.updateAAD(java.nio.ByteBuffer.allocate(1 + id.length).put((byte) version).put(id).array());
    byte[] ct = c.doFinal(plain);
    byte[] out =
        java.nio.ByteBuffer.allocate(1 + 12 + ct.length)
            .put((byte) version)
            .put(iv)
            .put(ct)
            .array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  @Test
  void aStoreFullOfUseRecordsStillTakesANewCallback() {
    InMemoryStateStore small = new InMemoryStateStore(3);
    NotionOAuthSettings settings = NOTION.settingsFor(REDIRECT).build();
    NotionOAuthFlow full =
        NotionOAuthFlow.builder(NotionOAuthClient.create(settings))
            .clock(clock)
            .stateStore(small)
            .stateKeys(StateKeys.derivedFrom(List.of(SERVER_SECRET), settings.clientId()))
            .build();
    for (int i = 0; i < 3; i++) {
      FlowStart used = full.start(FlowContext.empty(), null);
      assertThat(
              full.handleCallback(
                      "error=access_denied&state=" + stateOf(used), used.binding().value())
                  .outcome())
          .isInstanceOf(CallbackOutcome.Denied.class);
    }
    assertThat(small.size()).isEqualTo(3);

    FlowStart fresh = full.start(FlowContext.of("user", "42"), null);
    assertThat(full.handleCallback(callbackQuery(fresh, stateOf(fresh)), bind(fresh)).outcome())
        .isInstanceOf(CallbackOutcome.Authorized.class);
    assertThat(small.size()).isEqualTo(3);
  }

  private static String bind(FlowStart start) {
    return start.binding().value();
  }
}
