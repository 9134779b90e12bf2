package dev.notionoauth;

import dev.notionoauth.spi.InstallationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an integration's own code uses to work with stored installations: find them, get a usable
 * access token, refresh, revoke, check with Notion, and link unbound ones. Thread-safe.
 *
 * <p>Refreshes are coordinated through the store, not the JVM: of any number of concurrent
 * refreshes of one installation, in any number of processes sharing the store, exactly one calls
 * Notion; the others wait for it and get the new pair. The new pair is stored before anyone gets
 * it. When Notion refuses a refresh ({@code invalid_grant}) the row is read again (another process
 * may have refreshed or the user re-authorized) before the installation is marked inactive.
 */
public final class Installations {
  private static final Logger LOG = LoggerFactory.getLogger(Installations.class);
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final InstallationStore store;
  private final NotionOAuthClient client;
  private final Clock clock;
  private final String instance = UUID.randomUUID().toString();

  /**
   * Creates the service.
   *
   * @param store where installations are kept
   * @param client the Notion client (the same integration's credentials)
   * @param clock the clock for timestamps and leases
   */
  public Installations(InstallationStore store, NotionOAuthClient client, Clock clock) {
    this.store = store;
    this.client = client;
    this.clock = clock;
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
   * The current access token of an active installation.
   *
   * @throws InstallationException when missing or inactive
   */
  public AccessToken accessToken(String botId) {
    Installation i = store.find(botId).orElseThrow(() -> missing(botId));
    if (i.status() != Installation.Status.ACTIVE) {
      throw new InstallationException(InstallationException.Reason.INACTIVE, botId);
    }
    return i.accessToken();
  }

  /**
   * A usable token after Notion answered 401 to {@code rejected}: the stored token if another
   * process already replaced it, else a refreshed one.
   */
  public AccessToken accessTokenAfterRejection(String botId, AccessToken rejected) {
    Installation i = store.find(botId).orElseThrow(() -> missing(botId));
    if (!i.accessToken().equals(rejected) && i.status() == Installation.Status.ACTIVE) {
      return i.accessToken();
    }
    return refresh(botId).accessToken();
  }

  /**
   * Refreshes an installation's token pair (one refresh at a time across all instances).
   *
   * @return the installation with its new pair, already stored
   * @throws InstallationException when missing, without refresh token, or refused by Notion
   */
  public Installation refresh(String botId) {
    Installation current = store.find(botId).orElseThrow(() -> missing(botId));
    RefreshToken refreshToken = current.refreshToken();
    if (refreshToken == null) {
      throw new InstallationException(InstallationException.Reason.NO_REFRESH_TOKEN, botId);
    }
    long version = current.tokenVersion();
    String owner = instance + "/" + Thread.currentThread().getId();
    long deadline = System.nanoTime() + LEASE.toNanos();
    while (!store.tryLease(botId, version, owner, clock.instant().plus(LEASE), clock.instant())) {
      Installation again = store.find(botId).orElseThrow(() -> missing(botId));
      if (again.tokenVersion() != version) {
        return again; // someone else refreshed (or the user re-authorized) meanwhile
      }
      if (System.nanoTime() > deadline) {
        throw new InstallationException(InstallationException.Reason.REFRESH_BUSY, botId);
      }
      sleep(Duration.ofMillis(40 + ThreadLocalRandom.current().nextInt(40)));
    }
    TokenResponse token;
    try {
      token = client.refresh(refreshToken);
    } catch (NotionApiException e) {
      store.releaseLease(botId, owner);
      if (e.code().equals("invalid_grant")) {
        Installation again = store.find(botId).orElseThrow(() -> missing(botId));
        if (again.tokenVersion() != version) {
          return again;
        }
        store.setStatus(botId, Installation.Status.INACTIVE, clock.instant());
        LOG.warn("Notion refused the refresh of bot_id={}: marked inactive", botId);
        throw new InstallationException(InstallationException.Reason.INACTIVE, botId);
      }
      throw e;
    } catch (RuntimeException e) {
      store.releaseLease(botId, owner);
      throw e;
    }
    Installation refreshed = current.withRefreshedTokens(token, clock.instant());
    if (!store.completeLease(refreshed, owner)) {
      // the lease lapsed during a very slow call; the new pair is the only valid one: keep it
      refreshed = store.upsert(refreshed);
    }
    LOG.info("Refreshed bot_id={} (token version {})", botId, refreshed.tokenVersion());
    return refreshed;
  }

  /**
   * Revokes an installation: Notion first, then the row is deleted. If Notion cannot be reached the
   * row stays and the exception is thrown.
   */
  public void revoke(String botId) {
    Installation i = store.find(botId).orElseThrow(() -> missing(botId));
    try {
      client.revoke(i.accessToken());
    } catch (NotionApiException e) {
      if (e.status() != 400 && e.status() != 401) {
        throw e;
      }
      // Notion no longer knows the token: nothing left to revoke there
      LOG.info("Notion answered {} revoking bot_id={}; deleting the row", e.code(), botId);
    }
    store.delete(botId);
    LOG.info("Revoked and deleted bot_id={}", botId);
  }

  /**
   * Asks Notion whether an installation's token is still active, and marks it inactive if not.
   *
   * @return whether it is active
   */
  public boolean check(String botId) {
    Installation i = store.find(botId).orElseThrow(() -> missing(botId));
    boolean active = client.introspect(i.accessToken()).active();
    Installation.Status status = active ? Installation.Status.ACTIVE : Installation.Status.INACTIVE;
    if (status != i.status()) {
      store.setStatus(botId, status, clock.instant());
    }
    return active;
  }

  /**
   * Links an unbound installation to the host app's context (after the host app has checked which
   * of its users may claim it).
   */
  public boolean bind(String botId, FlowContext context) {
    return store.bind(botId, context, clock.instant());
  }

  private static InstallationException missing(String botId) {
    return new InstallationException(InstallationException.Reason.NOT_FOUND, botId);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotionOAuthException("interrupted while waiting for a refresh");
    }
  }
}
