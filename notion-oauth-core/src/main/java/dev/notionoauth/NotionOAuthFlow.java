package dev.notionoauth;

import dev.notionoauth.internal.LogTokenConsumer;
import dev.notionoauth.internal.Tokens;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.StoreCommits;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.web.LogSafe;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
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
 *       state is consumed atomically exactly once; the code is exchanged; the installation is
 *       stored (when the flow has {@link Builder#installations}) and the consumer gets it. The
 *       result is a {@link CallbackResult} value, never an exception: the {@link CallbackOutcome}
 *       and the {@link ResultPage} to answer with, decided here so that every adapter shows the
 *       same pages.
 *   <li>The result route calls {@link #resultPage} with the page's id.
 * </ol>
 *
 * <p>Thread-safe. Build one with {@link #builder(NotionOAuthClient)}.
 */
public final class NotionOAuthFlow {
  private static final Logger LOG = LoggerFactory.getLogger(NotionOAuthFlow.class);

  private final NotionOAuthClient client;
  private final StateStore stateStore;
  private final TokenConsumer consumer;
  private final Clock clock;
  private final Duration stateTtl;
  private final SecureRandom random;
  private final UnboundInstallPolicy unboundInstalls;
  private final @Nullable StateSeal seal;
  private final Authorizer authorizer;
  private final CallbackPages pages;
  private final SingleUseLinks singleUseLinks;

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
    this.clock = b.clock;
    this.stateTtl = b.stateTtl;
    this.random = b.random;
    this.storeProbe = new StoreProbe(b.stateStore, b.ticker);
    this.pages = new CallbackPages(b.view, b.resultPages);
    this.authorizer =
        new Authorizer(
            b.client,
            b.consumer,
            b.commits,
            b.clock,
            b.ticker,
            b.installations,
            pages,
            b.stateStore);
    this.singleUseLinks = new SingleUseLinks(b.stateStore, b.clock);
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
   * @return what the callback came to, and the page to answer with; {@link
   *     CallbackOutcome.Authorized} only once the installation (and its page) committed
   */
  public CallbackResult handleCallback(@Nullable String rawQuery, @Nullable String bindingCookie) {
    Optional<CallbackQuery> query = CallbackQuery.parse(rawQuery);
    Authorizer.Kept kept = new Authorizer.Kept();
    CallbackOutcome outcome =
        query.isEmpty()
            ? CallbackOutcome.Failed.of(FailureReason.MALFORMED_REQUEST, FlowContext.empty())
            : process(query.get(), bindingCookie, kept);
    notify(outcome);
    boolean unbound = query.map(CallbackQuery::unbound).orElse(false);
    ResultPage page = kept.page != null ? kept.page : pages.pageFor(outcome, unbound);
    return new CallbackResult(outcome, page);
  }

  /**
   * A result page by its id (from a {@link ResultPage.Redirect}): a kept page until it expires, or
   * a failure's page rendered on request.
   */
  public Optional<HttpReply> resultPage(String id) {
    return pages.find(id);
  }

  /** The single-use link ids of this flow's state store (install and claim links). */
  public SingleUseLinks singleUseLinks() {
    return singleUseLinks;
  }

  private CallbackOutcome process(CallbackQuery q, @Nullable String cookie, Authorizer.Kept kept) {
    // 1. syntax was checked by CallbackQuery
    State state = q.state();
    AuthorizationCode code = q.code();
    String error = q.error();
    if (state == null) {
      if (unboundInstalls != UnboundInstallPolicy.ACCEPT || code == null) {
        return malformed();
      }
      // an install started from Notion's side (no state of ours), accepted by policy; its thread
      // is never held waiting out Notion's 429: anyone can send such a callback
      if (!exchanges.tryAcquire()) {
        return busy(FlowContext.empty());
      }
      try {
        return authorizer.exchange(code, FlowContext.empty(), false, Duration.ZERO, kept, null);
      } finally {
        exchanges.release();
      }
    }

    // 2. the browser binding must be there before the store is asked anything
    Optional<BrowserBinding> binding = Optional.ofNullable(cookie).flatMap(BrowserBinding::parse);
    if (binding.isEmpty()) {
      return CallbackOutcome.Failed.of(
          FailureReason.STATE_NOT_FOR_THIS_BROWSER, FlowContext.empty());
    }

    // 3. the state: known, fresh, unused, and for this browser
    Instant now = clock.instant();
    String hash = state.hash();
    boolean sealed = state.isSealed();
    Optional<StoredState> stored;
    if (sealed) {
      // nothing to read: the state carries its record, and only a callback's own key opens it
      stored = seal == null ? Optional.empty() : seal.open(state);
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
      return alreadyUsed(s, kept);
    }
    if (s.isExpired(now)) {
      return CallbackOutcome.Failed.of(FailureReason.STATE_EXPIRED, s.context());
    }
    // a permit before the state is consumed: when none is free the same callback works later
    if (!exchanges.tryAcquire()) {
      return busy(s.context());
    }
    try {
      return consumeAndExchange(s, sealed, now, error, code, kept);
    } finally {
      exchanges.release();
    }
  }

  /**
   * A state used already, by this very browser (its binding matched): a reload of the callback, or
   * a load balancer retrying it after the instance that handled it died before answering. When that
   * flow's result page was linked in its commit, the browser is sent there (the outcome it did not
   * get to see); otherwise it is told the link was used.
   */
  private CallbackOutcome alreadyUsed(StoredState s, Authorizer.Kept kept) {
    try {
      stateStore
          .linkedResult(s.stateHash())
          .ifPresent(id -> kept.page = new ResultPage.Redirect(id));
    } catch (RuntimeException e) {
      LOG.warn("Could not read a used state's result page: {}", e.getClass().getSimpleName());
    }
    return CallbackOutcome.Failed.of(FailureReason.STATE_ALREADY_USED, s.context());
  }

  private static CallbackOutcome busy(FlowContext context) {
    return new CallbackOutcome.Failed(FailureReason.BUSY, context, null, null, BUSY_RETRY);
  }

  private CallbackOutcome consumeAndExchange(
      StoredState s,
      boolean sealed,
      Instant now,
      @Nullable String error,
      @Nullable AuthorizationCode code,
      Authorizer.Kept kept) {
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
      return alreadyUsed(s, kept);
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
    return authorizer.exchange(
        Objects.requireNonNull(code),
        s.context(),
        true,
        client.settings().calls().maxRetryAfter(),
        kept,
        s.stateHash());
  }

  private void notify(CallbackOutcome outcome) {
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
  }

  private static CallbackOutcome.Failed malformed() {
    return CallbackOutcome.Failed.of(FailureReason.MALFORMED_REQUEST, FlowContext.empty());
  }

  /** Builds a {@link NotionOAuthFlow}. */
  public static final class Builder {
    private final NotionOAuthClient client;
    private StateStore stateStore = new InMemoryStateStore();
    private TokenConsumer consumer = new LogTokenConsumer();
    private StoreCommits commits = StoreCommits.separate();
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private Duration stateTtl = Duration.ofMinutes(10);
    private SecureRandom random = new SecureRandom();
    private UnboundInstallPolicy unboundInstalls = UnboundInstallPolicy.REJECT;
    private int maxConcurrentExchanges = 16;
    private boolean sealStates = true;
    private @Nullable StateKeys stateKeys;
    private @Nullable Installations installations;
    private ResponseView view = new DefaultResponseView("Notion integration", null);
    private @Nullable ResultPageStore resultPages;

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
     * How the installation, the consumers' store writes and the result page commit. Default {@link
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

    /** Monotonic time, for the store probe's interval. Default: {@link Ticker#system()}. */
    public Builder ticker(Ticker value) {
      this.ticker = value;
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

    /**
     * Stores every authorization as an installation (an upsert by bot id, retried; a
     * re-authorization makes it active again) before the consumer hears of it, and hands the stored
     * installation on in {@link CallbackOutcome.Authorized#installation()}. Default: none (the
     * consumer stores the token however it likes).
     */
    public Builder installations(Installations value) {
      this.installations = value;
      return this;
    }

    /**
     * Renders the result pages. Default: the {@code default} view ({@link DefaultResponseView}).
     */
    public Builder view(ResponseView value) {
      this.view = value;
      return this;
    }

    /**
     * Keeps rendered result pages, so a callback answers with a redirect to them (the code and
     * state leave the address bar). Default: none, every page is shown at once.
     */
    public Builder resultPages(ResultPageStore value) {
      this.resultPages = value;
      return this;
    }

    /** Builds the flow. */
    public NotionOAuthFlow build() {
      return new NotionOAuthFlow(this);
    }
  }
}
