package dev.notionoauth;

import dev.notionoauth.internal.Backoff;
import dev.notionoauth.internal.RateLimiter;
import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.RateLimitStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an integration's own code uses to work with stored installations: call Notion with one
 * ({@link #api}), find them, refresh, revoke, check with Notion, link unbound ones, and follow
 * their health. Thread-safe; create one per application with {@link #builder}.
 *
 * <p>Refreshes are coordinated through the store, not the JVM: of any number of concurrent
 * refreshes of one installation, in any number of processes sharing the store, exactly one calls
 * Notion; the others wait for it and get the new pair. The new pair is stored before anyone gets
 * it. When Notion refuses a refresh ({@code invalid_grant}) the row is read again (another process
 * may have refreshed or the user re-authorized) before the installation is marked {@code
 * NEEDS_REAUTH}.
 *
 * <p>Health: each installation is {@code ACTIVE}, {@code NEEDS_REAUTH} or {@code REVOKED}, with the
 * time and reason of its last change ({@link Installation.Health}); every change is reported once
 * to the {@link InstallationListener}s.
 */
public final class Installations {
  private static final Logger LOG = LoggerFactory.getLogger(Installations.class);

  private final InstallationStore store;
  private final NotionOAuthClient client;
  private final Clock clock;
  private final ApiLimits limits;
  private final Backoff backoff;
  private final RateLimitStore limiter;
  private final TokenRefresher refresher;
  private final Ticker ticker;
  private final HealthTracker health;
  private final RecentInstallations recent;

  private Installations(Builder b) {
    this.store = b.store;
    this.client = b.client;
    this.clock = b.clock;
    this.limits = b.limits;
    this.health = new HealthTracker(store, clock, b.listeners);
    this.ticker = b.ticker;
    this.recent = new RecentInstallations(b.ticker, b.rememberFor.toNanos());
    this.limiter = b.rateLimits != null ? b.rateLimits : new RateLimiter();
    this.refresher = new TokenRefresher(store, client, clock, ticker, this);
    this.backoff = new Backoff(ticker);
  }

  /**
   * A builder over a store and the integration's Notion client (the system clock, no listeners,
   * {@link ApiLimits#defaults()}).
   */
  public static Builder builder(InstallationStore store, NotionOAuthClient client) {
    return new Builder(store, client);
  }

  /**
   * Notion's API with one installation's token: refresh on 401, Notion's limits, health tracking
   * ({@link NotionApi}). Nothing is read until the first call.
   */
  public NotionApi api(String botId) {
    return new NotionApi(botId, this, client, backoff, limiter, limits);
  }

  /** The installation of a bot id. */
  public Optional<Installation> find(String botId) {
    return store.find(botId);
  }

  /** The installations of a workspace. */
  public List<Installation> findByWorkspace(String workspaceId) {
    return store.findByWorkspace(workspaceId);
  }

  /** The installations linked to a host-app context value, e.g. {@code ("user-id", "42")}. */
  public List<Installation> findByContext(String key, String value) {
    return store.findByContext(key, value);
  }

  /**
   * Stores an authorization (a first install or a re-authorization of the same bot id, which makes
   * it {@code ACTIVE} again with the new pair and is reported to the listeners when it was not).
   * Saving a pair that is stored already changes nothing, so a retry after an ambiguous commit is
   * safe: a failed write is tried twice more (about 100 ms, then 400 ms later) before the failure
   * is thrown; nothing half-written remains, each write is one transaction.
   *
   * @return the installation as stored
   */
  public Installation save(Installation authorized) {
    return Retries.thrice(() -> saveOnce(authorized), authorized.botId(), ticker);
  }

  private Installation saveOnce(Installation authorized) {
    recent.forget(authorized.botId());
    Optional<Installation> before = store.find(authorized.botId());
    if (before.isPresent() && before.get().tokens().access().sameAs(authorized.tokens().access())) {
      // this very pair is stored already: an earlier attempt's commit landed although its answer
      // was lost (catalogue R11), so the retry changes nothing and is no re-authorization
      return before.get();
    }
    Installation toStore = authorized;
    if (before.isPresent()) {
      toStore = Owners.keep(before.get(), authorized);
      toStore =
          toStore.withHealth(
              Installation.Health.active(authorized.timestamps().updated(), "re-authorized"));
    }
    Installation stored = store.upsert(toStore);
    health.saved(stored, before.isPresent());
    before
        .filter(old -> old.status() != Installation.Status.ACTIVE)
        .ifPresent(old -> health.tell(stored, old.status(), stored.health()));
    return stored;
  }

  /**
   * The current access token of an active installation.
   *
   * @throws InstallationException when missing, needing re-authorization or revoked
   */
  public AccessToken accessToken(String botId) {
    return usable(botId).tokens().access();
  }

  /**
   * The installation, if it exists and is {@code ACTIVE} (its token pair usable).
   *
   * @throws InstallationException when missing, needing re-authorization or revoked
   */
  public Installation active(String botId) {
    return usable(botId);
  }

  /**
   * The installation for a call to Notion: as read within the last {@code rememberFor} (see {@link
   * RecentInstallations}), else {@link #usable}.
   */
  Installation forCall(String botId) {
    Optional<Installation> remembered = recent.get(botId);
    if (remembered.isPresent()) {
      return remembered.get();
    }
    Installation i = usable(botId);
    recent.put(i);
    return i;
  }

  /** The installation, if it exists and is {@code ACTIVE}. */
  Installation usable(String botId) {
    Installation i = store.find(botId).orElseThrow(() -> missing(botId));
    return switch (i.status()) {
      case ACTIVE -> i;
      case NEEDS_REAUTH ->
          throw new InstallationException(InstallationException.Reason.NEEDS_REAUTH, botId);
      case REVOKED -> throw new InstallationException(InstallationException.Reason.REVOKED, botId);
    };
  }

  /**
   * A usable token after Notion answered 401 to {@code rejected}: the stored token if another
   * thread or process already replaced it, else a refreshed one. An installation without a refresh
   * token cannot recover and is marked {@code NEEDS_REAUTH}.
   *
   * @throws InstallationException when it needs re-authorization (or is missing or revoked)
   */
  public AccessToken accessTokenAfterRejection(String botId, AccessToken rejected) {
    recent.forget(botId);
    Installation i = usable(botId);
    if (!i.tokens().access().sameAs(rejected)) {
      return i.tokens().access();
    }
    if (i.tokens().refresh() == null) {
      throw needsReauth(botId, "Notion answered 401 and there is no refresh token");
    }
    return refresher.refresh(botId, rejected).tokens().access();
  }

  /**
   * The installation with a usable token pair after Notion answered 401 to the access token of
   * version {@code rejectedVersion}: as stored when another thread or process already replaced that
   * version, else refreshed (one refresh at a time across all instances). For callers that hold a
   * token's version rather than the token, such as the HTTP API's apps.
   *
   * @throws InstallationException when it needs re-authorization (or is missing or revoked)
   */
  public Installation afterRejectedVersion(String botId, long rejectedVersion) {
    recent.forget(botId);
    Installation i = usable(botId);
    if (i.tokens().version() != rejectedVersion) {
      return i;
    }
    if (i.tokens().refresh() == null) {
      throw needsReauth(botId, "Notion answered 401 and there is no refresh token");
    }
    return refresher.refresh(botId, i.tokens().access());
  }

  /**
   * Refreshes an installation's token pair (one refresh at a time across all instances).
   *
   * @return the installation with its new pair, already stored
   * @throws InstallationException when missing, without refresh token, or refused by Notion (then
   *     it is {@code NEEDS_REAUTH})
   */
  public Installation refresh(String botId) {
    recent.forget(botId);
    return refresher.refresh(botId, null);
  }

  /**
   * Marks an installation {@code NEEDS_REAUTH} (telling the listeners once) and returns the
   * exception to throw.
   */
  InstallationException needsReauth(String botId, String reason) {
    recent.forget(botId);
    health.change(botId, Installation.Status.NEEDS_REAUTH, reason);
    LOG.warn("bot_id={} needs a new authorization: {}", botId, reason);
    return new InstallationException(InstallationException.Reason.NEEDS_REAUTH, botId);
  }

  /** How long marking a revocation Notion accepted is tried. */
  private static final Duration MARK_REVOKED_FOR = Duration.ofSeconds(15);

  /**
   * Revokes an installation at Notion and marks it {@code REVOKED}; the row stays (so the host app
   * can tell the user), {@link #delete} removes it. If Notion cannot be reached nothing changes and
   * the exception is thrown; marking is tried again for up to 15 s once Notion has revoked.
   */
  public void revoke(String botId) {
    recent.forget(botId);
    Installation i = store.find(botId).orElseThrow(() -> missing(botId));
    revokeAtNotion(botId, i.tokens().access());
    // marking ends any lease and moves the version on, so no refresh in flight completes after;
    // Notion has retired the tokens, so the mark must not be lost to a store briefly full, frozen
    // or restarting: tried again for up to 15 s (then thrown: a repeated revoke finds nothing left
    // at Notion and marks it)
    Retries.untilDeadline(
        () -> {
          health.change(botId, Installation.Status.REVOKED, "revoked");
          return botId;
        },
        ticker.nanoTime() + MARK_REVOKED_FOR.toNanos(),
        ticker,
        "the revocation of bot_id=" + botId);
    // a refresh that completed between the read above and the mark left a pair not yet revoked
    Optional<Installation> after = store.find(botId);
    if (after.isPresent() && !after.get().tokens().access().sameAs(i.tokens().access())) {
      revokeAtNotion(botId, after.get().tokens().access());
    }
    LOG.info("Revoked bot_id={}", botId);
  }

  private void revokeAtNotion(String botId, AccessToken token) {
    try {
      client.revoke(token);
    } catch (NotionApiException e) {
      if (e.status() != 400 && e.status() != 401) {
        throw e;
      }
      // Notion no longer knows the token: nothing left to revoke there
      LOG.info("Notion answered {} revoking bot_id={}", e.code(), botId);
    }
  }

  /** Forgets an installation (its row goes); false if there was none. Does not call Notion. */
  public boolean delete(String botId) {
    recent.forget(botId);
    // read first only when someone hears of deletions (one more query otherwise for nothing)
    Optional<Installation> gone = health.listening() ? store.find(botId) : Optional.empty();
    boolean deleted = store.delete(botId);
    if (deleted && gone.isPresent()) {
      health.deleted(gone.get());
    }
    return deleted;
  }

  /**
   * Asks Notion whether an installation still works, and records the answer: an active token keeps
   * (or makes) it {@code ACTIVE}; an inactive one is refreshed when it can be (success: {@code
   * ACTIVE}; refused: {@code NEEDS_REAUTH}). A {@code REVOKED} installation stays revoked.
   *
   * @return whether it is usable now
   */
  public boolean check(String botId) {
    recent.forget(botId);
    Installation i = store.find(botId).orElseThrow(() -> missing(botId));
    if (i.status() == Installation.Status.REVOKED) {
      return false;
    }
    if (client.introspect(i.tokens().access()).active()) {
      health.change(botId, Installation.Status.ACTIVE, "introspection: active");
      return true;
    }
    if (i.tokens().refresh() == null) {
      needsReauth(botId, "introspection: inactive, no refresh token");
      return false;
    }
    try {
      refresh(botId);
      health.change(botId, Installation.Status.ACTIVE, "introspection: inactive, refreshed");
      return true;
    } catch (InstallationException e) {
      if (e.reason() == InstallationException.Reason.NEEDS_REAUTH) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Links an unbound installation to the host app's context (after the host app has checked which
   * of its users may claim it).
   *
   * @return true if linked; false if there is no such installation or it is already linked (a claim
   *     never moves an installation from one account to another)
   */
  public boolean bind(String botId, FlowContext context) {
    recent.forget(botId);
    return store.bind(botId, context, clock.instant());
  }

  /** What became of a claim. */
  public enum ClaimResult {
    /** The installation is now linked to the claiming account. */
    CLAIMED,
    /** It was already linked (to this or another account): nothing changed. */
    ALREADY_CLAIMED,
    /** The claim link is not valid (tampered, an install link, another secret). */
    INVALID,
    /** The claim link has expired. */
    EXPIRED,
    /** The claim link was used before. */
    USED,
    /** No such installation. */
    NOT_FOUND
  }

  /**
   * Redeems a claim link (from the result page of an install that arrived unlinked) for the
   * logged-in account of the host app: checks its signature and purpose, consumes it (once, across
   * every instance), and links the installation only if it is still unlinked.
   *
   * @param rawClaimQuery the claim link's query string, as it arrived
   * @param owner the claiming account's context, from the host app's own session
   * @param links the signer shared with the server
   * @param used the single-use link ids shared with the server ({@link
   *     NotionOAuthFlow#singleUseLinks})
   */
  public ClaimResult claim(
      String rawClaimQuery, FlowContext owner, InstallLinks links, SingleUseLinks used) {
    InstallLinks.Verification v = links.verifyClaim(rawClaimQuery, clock.instant());
    if (v.verdict() == InstallLinks.Verdict.EXPIRED) {
      return ClaimResult.EXPIRED;
    }
    String id = v.linkId();
    Instant expires = v.expiresAt();
    Optional<String> botId = v.context().get("bot-id");
    if (v.verdict() != InstallLinks.Verdict.VALID
        || id == null
        || expires == null
        || botId.isEmpty()) {
      return ClaimResult.INVALID;
    }
    Optional<Installation> target = store.find(botId.get());
    if (target.isEmpty()) {
      return ClaimResult.NOT_FOUND;
    }
    if (target.get().bound()) {
      return ClaimResult.ALREADY_CLAIMED;
    }
    if (!used.consume(id, expires)) {
      return ClaimResult.USED;
    }
    return store.bind(botId.get(), owner, clock.instant())
        ? ClaimResult.CLAIMED
        : ClaimResult.ALREADY_CLAIMED;
  }

  /**
   * A single-use link that starts a new authorization carrying the installation's own context: send
   * it to a user whose installation {@code NEEDS_REAUTH}; when they allow access again, the same
   * bot id is stored with its new pair and is {@code ACTIVE} again.
   *
   * @param botId the installation
   * @param installUrl the install route, e.g. {@code https://app.example.com/notion/install}
   * @param links the signer shared with the install route
   * @param validity how long the link works (capped at the links' {@link InstallLinks#maxValidity})
   */
  public URI reconnectLink(String botId, URI installUrl, InstallLinks links, Duration validity) {
    Installation i = store.find(botId).orElseThrow(() -> missing(botId));
    Duration capped = validity.compareTo(links.maxValidity()) > 0 ? links.maxValidity() : validity;
    String query = links.signSingleUse(i.context(), clock.instant().plus(capped));
    String base = installUrl.toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + query);
  }

  static InstallationException missing(String botId) {
    return new InstallationException(InstallationException.Reason.NOT_FOUND, botId);
  }

  /** Configures {@link Installations}. */
  public static final class Builder {
    private final InstallationStore store;
    private final NotionOAuthClient client;
    private Clock clock = Clock.systemUTC();
    private final List<InstallationListener> listeners = new ArrayList<>();
    private ApiLimits limits = ApiLimits.defaults();
    private Ticker ticker = Ticker.system();
    private @Nullable RateLimitStore rateLimits;
    private Duration rememberFor = Duration.ZERO;

    private Builder(InstallationStore store, NotionOAuthClient client) {
      this.store = store;
      this.client = client;
    }

    /** The clock for timestamps and leases. Default: the system clock. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * How long an installation read for a call to Notion is used again without reading the store
     * (an installation under load is read once per period, not per call). Changes made through this
     * object are seen at once, another process's within the period; a replaced token is caught by
     * Notion's 401. Default zero: every call reads the store. The HTTP API's proxy uses 250 ms.
     */
    public Builder rememberFor(Duration value) {
      if (value.isNegative() || value.compareTo(Duration.ofSeconds(5)) > 0) {
        throw new IllegalArgumentException("rememberFor must be 0 to 5 seconds");
      }
      this.rememberFor = value;
      return this;
    }

    /**
     * Where Notion's per-installation and per-workspace buckets are kept. Default: in this process
     * (each instance keeps its own pace); a shared store keeps the limits across instances.
     */
    public Builder rateLimits(RateLimitStore value) {
      this.rateLimits = value;
      return this;
    }

    /**
     * Monotonic time and waiting (a refresh's wait for the lease). Default {@link Ticker#system()}.
     */
    public Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    /** Adds a listener told of every status change. */
    public Builder listener(InstallationListener value) {
      listeners.add(value);
      return this;
    }

    /** Adds listeners told of every status change. */
    public Builder listeners(List<InstallationListener> values) {
      listeners.addAll(values);
      return this;
    }

    /** How API calls are paced and bounded. Default {@link ApiLimits#defaults()}. */
    public Builder apiLimits(ApiLimits value) {
      this.limits = value;
      return this;
    }

    /** Builds the service. */
    public Installations build() {
      return new Installations(this);
    }
  }
}
