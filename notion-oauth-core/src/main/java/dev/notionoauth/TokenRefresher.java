package dev.notionoauth;

import dev.notionoauth.spi.InstallationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes an installation's token pair, one refresh at a time across every process sharing the
 * store: a lease on the row decides who calls Notion; the others wait for it and take its pair. The
 * new pair is stored only over the version the refresh started from while the installation is still
 * active, so a revoke, delete or re-authorization that landed meanwhile stands and the pair nobody
 * will use is revoked at Notion (review 2026-12b, M2). Behind {@link Installations#refresh}.
 */
final class TokenRefresher {
  private static final Logger LOG = LoggerFactory.getLogger(Installations.class);

  /** The shortest lease; a slow Notion call gets its whole deadline and a margin. */
  private static final Duration MIN_LEASE = Duration.ofSeconds(30);

  private final InstallationStore store;
  private final NotionOAuthClient client;
  private final Clock clock;
  private final Ticker ticker;
  private final Installations installations;
  private final String instance = UUID.randomUUID().toString();
  private final Duration lease;

  TokenRefresher(
      InstallationStore store,
      NotionOAuthClient client,
      Clock clock,
      Ticker ticker,
      Installations installations) {
    this.ticker = ticker;
    this.store = store;
    this.client = client;
    this.clock = clock;
    this.installations = installations;
    Duration callAndMargin = client.settings().calls().forRefresh().callDeadline().plusSeconds(5);
    this.lease = callAndMargin.compareTo(MIN_LEASE) > 0 ? callAndMargin : MIN_LEASE;
  }

  /**
   * Refreshes unless the stored token is no longer {@code rejected} (another thread or process
   * refreshed meanwhile, between our reading the row and now): then the stored pair is the answer.
   */
  Installation refresh(String botId, @Nullable AccessToken rejected) {
    Installation current = store.find(botId).orElseThrow(() -> Installations.missing(botId));
    if (rejected != null && !current.tokens().access().sameAs(rejected)) {
      return current;
    }
    if (current.tokens().refresh() == null) {
      throw new InstallationException(InstallationException.Reason.NO_REFRESH_TOKEN, botId);
    }
    long version = current.tokens().version();
    String owner = instance + "/" + Thread.currentThread().getId();
    long deadline = ticker.nanoTime() + lease.toNanos();
    while (!store.tryLease(botId, version, owner, clock.instant().plus(lease), clock.instant())) {
      Installation again = store.find(botId).orElseThrow(() -> Installations.missing(botId));
      if (again.tokens().version() != version) {
        return again; // someone else refreshed (or the user re-authorized) meanwhile
      }
      if (ticker.nanoTime() > deadline) {
        throw new InstallationException(InstallationException.Reason.REFRESH_BUSY, botId);
      }
      sleep(Duration.ofMillis(40 + ThreadLocalRandom.current().nextInt(40)));
    }
    long leaseEnds = ticker.nanoTime() + lease.toNanos() - Duration.ofSeconds(1).toNanos();
    Installation leased = store.find(botId).orElseThrow(() -> Installations.missing(botId));
    if (leased.status() != Installation.Status.ACTIVE || leased.tokens().version() != version) {
      // marked while we waited for the lease: a dead pair is not sent to Notion again
      store.releaseLease(botId, owner);
      throw new InstallationException(
          leased.status() == Installation.Status.REVOKED
              ? InstallationException.Reason.REVOKED
              : InstallationException.Reason.NEEDS_REAUTH,
          botId);
    }
    RefreshToken refreshToken = leased.tokens().refresh();
    if (refreshToken == null) {
      store.releaseLease(botId, owner);
      throw new InstallationException(InstallationException.Reason.NO_REFRESH_TOKEN, botId);
    }
    TokenResponse token;
    try {
      token = client.refresh(refreshToken);
    } catch (NotionApiException e) {
      if (e.code().equals("invalid_grant")) {
        Installation again = store.find(botId).orElseThrow(() -> Installations.missing(botId));
        if (again.tokens().version() != version) {
          store.releaseLease(botId, owner);
          return again;
        }
        // marked while the lease is still held, so no waiting thread sends the dead pair again
        InstallationException refused =
            installations.needsReauth(botId, "refresh refused: invalid_grant");
        store.releaseLease(botId, owner);
        throw refused;
      }
      store.releaseLease(botId, owner);
      throw e;
    } catch (RuntimeException e) {
      store.releaseLease(botId, owner);
      throw e;
    }
    Installation refreshed = leased.withRefreshedTokens(token, clock.instant());
    if (!completeLease(refreshed, version, leaseEnds)) {
      // revoked, deleted, re-authorized or marked while Notion answered: that change stands, and
      // the pair it produced must not stay live at Notion (review 2026-12b, M2)
      revokeQuietly(botId, refreshed.tokens().access());
      Installation now = store.find(botId).orElseThrow(() -> Installations.missing(botId));
      if (now.status() == Installation.Status.ACTIVE) {
        return now; // re-authorized meanwhile: its own pair is the one to use
      }
      throw new InstallationException(
          now.status() == Installation.Status.REVOKED
              ? InstallationException.Reason.REVOKED
              : InstallationException.Reason.NEEDS_REAUTH,
          botId);
    }
    LOG.info("Refreshed bot_id={} (token version {})", botId, refreshed.tokens().version());
    return refreshed;
  }

  /**
   * Stores the pair Notion just rotated. Notion has retired the old pair, so this one must not be
   * lost to a database that is briefly frozen or restarting: the write is tried again, waiting 100
   * ms and doubling up to 2 s, for as long as the lease lasts (no other thread or instance
   * refreshes meanwhile), then the failure is thrown.
   */
  private boolean completeLease(Installation refreshed, long version, long leaseEnds) {
    return Retries.untilDeadline(
        () -> store.completeLease(refreshed, version),
        leaseEnds,
        ticker,
        "the refreshed pair of bot_id=" + refreshed.botId());
  }

  /** Revokes a pair nobody will use; a failure is logged, never thrown. */
  private void revokeQuietly(String botId, AccessToken token) {
    try {
      client.revoke(token);
      LOG.info("Revoked the unused new pair of bot_id={}", botId);
    } catch (NotionOAuthException e) {
      LOG.warn(
          "Could not revoke the unused new pair of bot_id={}: {}",
          botId,
          e.getClass().getSimpleName());
    }
  }

  private void sleep(Duration d) {
    try {
      ticker.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotionOAuthException("interrupted while waiting for a refresh");
    }
  }
}
