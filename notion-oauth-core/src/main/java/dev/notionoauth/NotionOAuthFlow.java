package dev.notionoauth;

import dev.notionoauth.internal.LogTokenConsumer;
import dev.notionoauth.internal.QueryString;
import dev.notionoauth.internal.Tokens;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.StoreCommits;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.web.LogSafe;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Notion's OAuth install flow for a browser, independent of any web framework.
 *
 * <ol>
 *   <li>The install route calls {@link #start}: it creates a state bound to the browser's binding
 *       cookie, carrying the host app's {@link FlowContext} and a time-to-live (sealed into the
 *       state itself by default, see {@link State}; else stored by hash), and returns Notion's
 *       authorize URL to redirect to.
 *   <li>The callback route calls {@link #handleCallback} with the raw query string and the binding
 *       cookie. Syntax, then the cookie, then the state are checked before Notion is called; the
 *       state is consumed atomically exactly once; the code is exchanged; the consumer gets the
 *       token. The result is a {@link CallbackOutcome} value, never an exception.
 * </ol>
 *
 * <p>Thread-safe. Build one with {@link #builder(NotionOAuthClient)}.
 */
public final class NotionOAuthFlow {
  private static final Logger LOG = LoggerFactory.getLogger(NotionOAuthFlow.class);

  /** Longest raw query string a callback may have. */
  public static final int MAX_QUERY_LENGTH = 4096;

  /** Longest authorization code accepted. */
  public static final int MAX_CODE_LENGTH = 512;

  private static final Set<String> SINGLE_PARAMETERS =
      Set.of("code", "state", "error", "error_description", "error_uri", "iss");

  private final NotionOAuthClient client;
  private final StateStore stateStore;
  private final TokenConsumer consumer;
  private final StoreCommits commits;
  private final Clock clock;
  private final Duration stateTtl;
  private final SecureRandom random;
  private final UnboundInstallPolicy unboundInstalls;
  private final @Nullable StateSeal seal;

  /** Whether the store works, for sealed starts, which do not touch it. */
  private final StoreProbe storeProbe;

  /** Code exchanges in flight (they hold a request thread while Notion answers). */
  private final Semaphore exchanges;

  /** How long a busy callback is asked to wait before it is tried again. */
  private static final Duration BUSY_RETRY = Duration.ofSeconds(5);

  private NotionOAuthFlow(Builder b) {
    this.unboundInstalls = b.unboundInstalls;
    this.exchanges = new Semaphore(b.maxConcurrentExchanges);
    this.client = b.client;
    this.stateStore = b.stateStore;
    this.consumer = b.consumer;
    this.commits = b.commits;
    this.clock = b.clock;
    this.stateTtl = b.stateTtl;
    this.random = b.random;
    this.storeProbe = new StoreProbe(b.stateStore);
    this.seal =
        !b.sealStates || b.stateKeys == null
            ? null
            : StateSeal.with(b.stateKeys, client.settings().clientId());
  }

  /** A builder around the client that talks to Notion. */
  public static Builder builder(NotionOAuthClient client) {
    return new Builder(client);
  }

  /** The client this flow uses. */
  public NotionOAuthClient client() {
    return client;
  }

  /** How long a started flow's state is accepted. */
  public Duration stateTtl() {
    return stateTtl;
  }

  /**
   * Starts a flow for a browser.
   *
   * @param context the host application's context, handed to the consumer with the token
   * @param bindingCookie the browser's binding cookie value, if it sent one; a malformed value is
   *     replaced by a new binding
   * @return the authorize URL to redirect to and the binding to set as a cookie
   * @throws NotionOAuthException when the state store fails, or (for a sealed state, which writes
   *     nothing) was last seen failing: nobody should be sent to Notion then, since the callback
   *     could not complete
   */
  public FlowStart start(FlowContext context, @Nullable String bindingCookie) {
    BrowserBinding binding =
        Optional.ofNullable(bindingCookie)
            .flatMap(BrowserBinding::parse)
            .orElseGet(() -> BrowserBinding.generate(random));
    Instant now = clock.instant();
    Instant expiresAt = now.plus(stateTtl);
    Optional<State> sealed =
        seal == null
            ? Optional.empty()
            : seal.seal(binding.hash(), context, now, expiresAt, random);
    if (sealed.isPresent()) {
      if (!storeProbe.isUp()) {
        throw new NotionOAuthException("the state store failed");
      }
      return new FlowStart(client.authorizeUrl(sealed.get()), binding, expiresAt);
    }
    State state = State.generate(random);
    try {
      stateStore.save(new StoredState(state.hash(), binding.hash(), context, now, expiresAt, null));
    } catch (NotionOAuthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new NotionOAuthException("the state store failed", null, e);
    }
    return new FlowStart(client.authorizeUrl(state), binding, expiresAt);
  }

  /**
   * Handles Notion's redirect back.
   *
   * @param rawQuery the callback's raw (still percent-encoded) query string, or null
   * @param bindingCookie the browser's binding cookie value, or null if it sent none
   * @return what the callback came to
   */
  public CallbackOutcome handleCallback(@Nullable String rawQuery, @Nullable String bindingCookie) {
    return handleCallback(rawQuery, bindingCookie, a -> {});
  }

  /**
   * Handles Notion's redirect back, and for an authorization also runs {@code alongside} after the
   * consumers accepted it, in the same commit as their store writes (see {@link Builder#commits}):
   * the servlet keeps the result page there, so the installation and its page commit together.
   *
   * @param rawQuery the callback's raw (still percent-encoded) query string, or null
   * @param bindingCookie the browser's binding cookie value, or null if it sent none
   * @param alongside given the authorization once every consumer took it; it must handle its own
   *     failures (one it throws fails the callback as {@link FailureReason#CONSUMER_FAILED}, and
   *     the consumers' writes are not kept)
   * @return what the callback came to: {@link CallbackOutcome.Authorized} only once the commit
   *     succeeded
   */
  public CallbackOutcome handleCallback(
      @Nullable String rawQuery,
      @Nullable String bindingCookie,
      Consumer<CallbackOutcome.Authorized> alongside) {
    if (rawQuery != null && rawQuery.length() > MAX_QUERY_LENGTH) {
      return notify(
          CallbackOutcome.Failed.of(FailureReason.MALFORMED_REQUEST, FlowContext.empty()));
    }
    Optional<Map<String, List<String>>> query = QueryString.parse(rawQuery);
    if (query.isEmpty()) {
      return notify(
          CallbackOutcome.Failed.of(FailureReason.MALFORMED_REQUEST, FlowContext.empty()));
    }
    return notify(process(query.get(), bindingCookie, alongside));
  }

  /**
   * Handles Notion's redirect back, given already-decoded parameters.
   *
   * @param parameters the callback's query parameters, each with all its values
   * @param bindingCookie the browser's binding cookie value, or null if it sent none
   * @return what the callback came to
   */
  public CallbackOutcome handleCallback(
      Map<String, List<String>> parameters, @Nullable String bindingCookie) {
    return notify(process(parameters, bindingCookie, a -> {}));
  }

  private CallbackOutcome process(
      Map<String, List<String>> params,
      @Nullable String cookie,
      Consumer<CallbackOutcome.Authorized> alongside) {
    // 1. syntax: every protocol parameter at most once, exactly one of code/error, a valid state
    for (String name : SINGLE_PARAMETERS) {
      List<String> values = params.get(name);
      if (values != null && values.size() > 1) {
        return malformed();
      }
    }
    String code = first(params, "code");
    String error = first(params, "error");
    String stateText = first(params, "state");
    List<String> stateValues = params.get("state");
    boolean noState = stateValues == null || stateValues.equals(List.of(""));
    if (noState
        && code != null
        && error == null
        && isCode(code)
        && unboundInstalls == UnboundInstallPolicy.ACCEPT) {
      // an install started from Notion's side (no state of ours), accepted by policy; its thread
      // is never held waiting out Notion's 429: anyone can send such a callback
      if (!exchanges.tryAcquire()) {
        return busy(FlowContext.empty());
      }
      try {
        return exchange(code, FlowContext.empty(), false, Duration.ZERO, alongside);
      } finally {
        exchanges.release();
      }
    }
    if ((code == null) == (error == null) || stateText == null) {
      return malformed();
    }
    Optional<State> state = State.parse(stateText);
    if (state.isEmpty()) {
      return malformed();
    }
    if (code != null && !isCode(code)) {
      return malformed();
    }
    if (error != null && (error.length() > 64 || !error.matches("[\\x20-\\x7e]+"))) {
      return malformed();
    }

    // 2. the browser binding must be there before the store is asked anything
    Optional<BrowserBinding> binding = Optional.ofNullable(cookie).flatMap(BrowserBinding::parse);
    if (binding.isEmpty()) {
      return CallbackOutcome.Failed.of(
          FailureReason.STATE_NOT_FOR_THIS_BROWSER, FlowContext.empty());
    }

    // 3. the state: known, fresh, unused, and for this browser
    Instant now = clock.instant();
    String hash = state.get().hash();
    boolean sealed = state.get().isSealed();
    Optional<StoredState> stored;
    if (sealed) {
      // nothing to read: the state carries its record, and only a callback's own key opens it
      stored = seal == null ? Optional.empty() : seal.open(state.get());
    } else {
      try {
        stored = stateStore.find(hash);
      } catch (RuntimeException e) {
        LOG.error("State store failed while reading a state: {}", LogSafe.text(e.toString()));
        return CallbackOutcome.Failed.of(
            FailureReason.STATE_STORE_UNAVAILABLE, FlowContext.empty());
      }
    }
    if (stored.isEmpty()) {
      return CallbackOutcome.Failed.of(FailureReason.STATE_UNKNOWN, FlowContext.empty());
    }
    StoredState s = stored.get();
    if (!Tokens.constantTimeEquals(s.bindingHash(), binding.get().hash())) {
      return CallbackOutcome.Failed.of(
          FailureReason.STATE_NOT_FOR_THIS_BROWSER, FlowContext.empty());
    }
    if (s.isConsumed()) {
      return CallbackOutcome.Failed.of(FailureReason.STATE_ALREADY_USED, s.context());
    }
    if (s.isExpired(now)) {
      return CallbackOutcome.Failed.of(FailureReason.STATE_EXPIRED, s.context());
    }
    // a permit before the state is consumed: when none is free the same callback works later
    if (!exchanges.tryAcquire()) {
      return busy(s.context());
    }
    try {
      return consumeAndExchange(s, sealed, now, error, code, alongside);
    } finally {
      exchanges.release();
    }
  }

  /**
   * Whether a callback's raw query carries a code and no state of ours (an install started on
   * Notion's side). Adapters ask this before anything else, from the raw query, never from a
   * container's parameter parsing: a malformed percent-encoding is then simply "not unbound" and
   * the callback is refused as malformed, instead of the container failing on it (review 2026-12b).
   */
  public static boolean isUnboundCallback(@Nullable String rawQuery) {
    if (rawQuery == null || rawQuery.length() > MAX_QUERY_LENGTH) {
      return false;
    }
    Optional<Map<String, List<String>>> query = QueryString.parse(rawQuery);
    if (query.isEmpty()) {
      return false;
    }
    List<String> code = query.get().get("code");
    return first(query.get(), "state") == null && code != null && !code.isEmpty();
  }

  /**
   * Records a single-use link's id (an install link from {@link InstallLinks#signSingleUse}, or a
   * claim link): true the first time, false ever after, across every instance sharing the state
   * store (the id is kept, as a SHA-256, until the link expires). A store failure counts as used: a
   * single-use link fails closed.
   */
  public boolean consumeLinkId(String linkId, Instant expiresAt) {
    return LinkIds.consumeOnce(stateStore, linkId, clock.instant(), expiresAt);
  }

  private static CallbackOutcome busy(FlowContext context) {
    return new CallbackOutcome.Failed(FailureReason.BUSY, context, null, null, BUSY_RETRY);
  }

  private CallbackOutcome consumeAndExchange(
      StoredState s,
      boolean sealed,
      Instant now,
      @Nullable String error,
      @Nullable String code,
      Consumer<CallbackOutcome.Authorized> alongside) {
    boolean won;
    try {
      // the use commits before Notion is called: a replay racing this one finds it used
      won =
          sealed
              ? stateStore.recordUse(
                  new StoredState(
                      s.stateHash(),
                      s.bindingHash(),
                      FlowContext.empty(),
                      s.createdAt(),
                      s.expiresAt(),
                      now))
              : stateStore.consume(s.stateHash(), now);
    } catch (RuntimeException e) {
      storeProbe.failed();
      LOG.error("State store failed while consuming a state: {}", LogSafe.text(e.toString()));
      return CallbackOutcome.Failed.of(FailureReason.STATE_STORE_UNAVAILABLE, s.context());
    }
    if (!won) {
      return CallbackOutcome.Failed.of(FailureReason.STATE_ALREADY_USED, s.context());
    }

    // 4. Notion's error redirect
    if (error != null) {
      if (error.equals("access_denied")) {
        return new CallbackOutcome.Denied(s.context());
      }
      String known = CallbackOutcome.AUTHORIZATION_ERRORS.contains(error) ? error : "unknown_error";
      return new CallbackOutcome.Failed(
          FailureReason.AUTHORIZATION_ERROR, s.context(), known, null, null);
    }

    // 5. the exchange, then the consumer
    return exchange(
        Objects.requireNonNull(code),
        s.context(),
        true,
        client.settings().maxRetryAfter(),
        alongside);
  }

  private CallbackOutcome exchange(
      String code,
      FlowContext context,
      boolean bound,
      Duration maxRetryAfter,
      Consumer<CallbackOutcome.Authorized> alongside) {
    TokenResponse token;
    try {
      token = client.exchangeCode(new AuthorizationCode(code), maxRetryAfter);
    } catch (NotionRateLimitedException e) {
      return new CallbackOutcome.Failed(
          FailureReason.NOTION_RATE_LIMITED,
          context,
          e.code(),
          e.requestId().orElse(null),
          e.retryAfter().orElse(null));
    } catch (NotionApiException e) {
      FailureReason reason;
      if (e.status() >= 500) {
        reason = FailureReason.NOTION_UNAVAILABLE;
      } else if (e.status() == 401
          || e.code().equals("invalid_client")
          || e.code().equals("unauthorized_client")) {
        reason = FailureReason.CLIENT_REJECTED;
        LOG.error(
            "Notion rejected our client credentials ({}, request_id={}): check client-id and"
                + " client-secret",
            e.code(),
            e.requestId().orElse("-"));
      } else {
        reason = FailureReason.CODE_REJECTED;
      }
      return new CallbackOutcome.Failed(
          reason, context, e.code(), e.requestId().orElse(null), null);
    } catch (NotionTransportException e) {
      LOG.warn("Code exchange failed: {}", e.getMessage());
      return CallbackOutcome.Failed.of(
          e.kind() == NotionTransportException.Kind.TIMEOUT
              ? FailureReason.NOTION_TIMEOUT
              : FailureReason.NOTION_UNAVAILABLE,
          context);
    } catch (NotionInvalidResponseException e) {
      LOG.warn("Code exchange answer unusable: {}", e.getMessage());
      return new CallbackOutcome.Failed(
          FailureReason.NOTION_INVALID_RESPONSE, context, null, e.requestId().orElse(null), null);
    }
    CallbackOutcome.Authorized authorized = new CallbackOutcome.Authorized(token, context, bound);
    try {
      commits.inOneCommit(
          () -> {
            consumer.onAuthorized(authorized);
            alongside.accept(authorized);
            return authorized;
          });
    } catch (RuntimeException e) {
      LOG.error(
          "Consumer failed (or its writes did not commit) with the token of bot_id={}"
              + " workspace_id={}: {}",
          token.botId(),
          token.workspaceId(),
          LogSafe.text(e.getClass().getName()));
      return new CallbackOutcome.Failed(
          FailureReason.CONSUMER_FAILED, context, null, token.requestId(), null);
    }
    return authorized;
  }

  private CallbackOutcome notify(CallbackOutcome outcome) {
    try {
      if (outcome instanceof CallbackOutcome.Denied d) {
        consumer.onDenied(d);
      } else if (outcome instanceof CallbackOutcome.Failed f) {
        consumer.onFailed(f);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Consumer failed while hearing an outcome: {}", LogSafe.text(e.getClass().getName()));
    }
    return outcome;
  }

  private static CallbackOutcome.Failed malformed() {
    return CallbackOutcome.Failed.of(FailureReason.MALFORMED_REQUEST, FlowContext.empty());
  }

  private static @Nullable String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      return null;
    }
    return values.get(0);
  }

  /** RFC 6749 VSCHAR, bounded. */
  private static boolean isCode(String code) {
    if (code.length() > MAX_CODE_LENGTH) {
      return false;
    }
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Builds a {@link NotionOAuthFlow}. */
  public static final class Builder {
    private final NotionOAuthClient client;
    private StateStore stateStore = new InMemoryStateStore();
    private TokenConsumer consumer = new LogTokenConsumer();
    private StoreCommits commits = StoreCommits.separate();
    private Clock clock = Clock.systemUTC();
    private Duration stateTtl = Duration.ofMinutes(10);
    private SecureRandom random = new SecureRandom();
    private UnboundInstallPolicy unboundInstalls = UnboundInstallPolicy.REJECT;
    private int maxConcurrentExchanges = 16;
    private boolean sealStates = true;
    private @Nullable StateKeys stateKeys;

    private Builder(NotionOAuthClient client) {
      this.client = client;
    }

    /** Where states are kept. Default: {@link InMemoryStateStore}. */
    public Builder stateStore(StateStore value) {
      this.stateStore = value;
      return this;
    }

    /** Who receives tokens and outcomes. Default: the {@code log} consumer. */
    public Builder consumer(TokenConsumer value) {
      this.consumer = value;
      return this;
    }

    /**
     * How the consumers' store writes and the adapter's result page commit. Default {@link
     * StoreCommits#separate()}; the server and the Spring Boot starter pass the JDBC stores' {@code
     * commits()}, so an installation and its result page commit together.
     */
    public Builder commits(StoreCommits value) {
      this.commits = value;
      return this;
    }

    /** The clock for state expiry. Default: the system clock. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** How long a state is accepted. Default 10 minutes; between 1 minute and 1 hour. */
    public Builder stateTtl(Duration value) {
      if (value.compareTo(Duration.ofMinutes(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("stateTtl must be between 1 minute and 1 hour");
      }
      this.stateTtl = value;
      return this;
    }

    /** The source of states and bindings. Default: a new {@link SecureRandom}. */
    public Builder random(SecureRandom value) {
      this.random = value;
      return this;
    }

    /**
     * The most code exchanges in flight at once (default 16): beyond, a callback is answered {@link
     * FailureReason#BUSY} at once, without consuming its state, so a flood of callbacks cannot hold
     * every request thread while Notion answers.
     */
    public Builder maxConcurrentExchanges(int value) {
      if (value < 1 || value > 1000) {
        throw new IllegalArgumentException("maxConcurrentExchanges must be between 1 and 1000");
      }
      this.maxConcurrentExchanges = value;
      return this;
    }

    /**
     * What to do with a callback that carries a code but no state (an install started from Notion's
     * side, e.g. its integration gallery). Default {@link UnboundInstallPolicy#REJECT}.
     */
    public Builder unboundInstalls(UnboundInstallPolicy value) {
      this.unboundInstalls = value;
      return this;
    }

    /**
     * Whether states are sealed when {@link #stateKeys} are set (default true): a new flow's
     * expiry, binding hash and context travel encrypted and authenticated in its state, so {@link
     * #start} writes nothing and the state store only records each state's use at the callback. A
     * context too large to seal ({@link StateSeal#MAX_CONTEXT_BYTES} bytes encoded) is stored as
     * with false. False (or no state keys): every flow saves a 43-character random state in the
     * store when it starts.
     */
    public Builder sealStates(boolean value) {
      this.sealStates = value;
      return this;
    }

    /**
     * The keys that seal states: keys only the integration's servers hold ({@link
     * StateKeys#derivedFrom} a server-side secret, never the client secret, which Notion also
     * holds), the same on every instance sharing callbacks. Default: none, so states are stored
     * rather than sealed.
     */
    public Builder stateKeys(StateKeys value) {
      this.stateKeys = value;
      return this;
    }

    /** One 32-byte AES key that seals states: {@code stateKeys(StateKeys.of(List.of(value)))}. */
    public Builder stateKey(byte[] value) {
      return stateKeys(StateKeys.of(List.of(value)));
    }

    /** Builds the flow. */
    public NotionOAuthFlow build() {
      return new NotionOAuthFlow(this);
    }
  }
}
