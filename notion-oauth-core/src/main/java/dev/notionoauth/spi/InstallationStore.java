package dev.notionoauth.spi;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps installations, keyed by {@code bot_id}. Every method is required: no half-implemented
 * store. Implementations must be safe for concurrent use, and the lease methods must be atomic
 * across every process sharing the store: they are how one refresh at a time is guaranteed.
 *
 * <p>Called by the {@code store} consumer ({@link #upsert} after each authorization) and by {@link
 * dev.notionoauth.Installations} (lookups, refresh, revoke, checks). Stores throw any {@link
 * RuntimeException} when their backend fails; a failed write changes nothing.
 *
 * <p>Built in: {@link dev.notionoauth.InMemoryInstallationStore}; the JDBC store (SQLite or
 * PostgreSQL, tokens encrypted) is in {@code notion-oauth-store-jdbc}.
 */
public interface InstallationStore {

  /**
   * Inserts an installation, or replaces an existing one with the same bot id (a re-authorization):
   * its token pair, details, context and status are replaced, {@code createdAt} is kept, {@code
   * tokenVersion} becomes one more than before, and any lease is cleared.
   *
   * @param installation the installation as received
   * @return what is now stored
   */
  Installation upsert(Installation installation);

  /** The installation of a bot id. */
  Optional<Installation> find(String botId);

  /** The installations in a workspace (one per authorizing user or connection). */
  List<Installation> findByWorkspace(String workspaceId);

  /** The installations whose context maps {@code key} to {@code value}. */
  List<Installation> findByContext(String key, String value);

  /**
   * A page of installations in bot id order, for walking all of them.
   *
   * @param afterBotId start after this bot id, or null for the first page
   * @param limit the page size
   */
  List<Installation> list(@Nullable String afterBotId, int limit);

  /** How many installations there are. */
  long count();

  /**
   * Claims the right to refresh an installation, if its token version is still {@code
   * expectedVersion} and nobody else holds an unexpired lease.
   *
   * @param botId the installation
   * @param expectedVersion the token version the caller found stale
   * @param owner a unique name of the claimant
   * @param until when the lease lapses if never released
   * @param now the current time
   * @return true if the caller now holds the lease
   */
  boolean tryLease(String botId, long expectedVersion, String owner, Instant until, Instant now);

  /**
   * Stores a refresh's new token pair and clears the lease, atomically, only if the installation is
   * still {@code ACTIVE} at {@code expectedVersion} (the version the refresh started from): a
   * revoke, delete or re-authorization that landed meanwhile is never written over (review
   * 2026-12b, M2). Only the token columns change — the pair, the workspace's name and icon, the
   * version ({@code expectedVersion + 1}) and the refresh time — so a claim that linked it
   * meanwhile stays.
   *
   * @param refreshed the installation with its new pair and version
   * @param expectedVersion the token version the refresh started from
   * @return true if stored; false means the caller must not use the pair (and should revoke it)
   */
  boolean completeLease(Installation refreshed, long expectedVersion);

  /** Releases a lease without changing anything else, if {@code owner} holds it. */
  void releaseLease(String botId, String owner);

  /**
   * Changes an installation's health, if its stored status differs from {@code health.status()}: a
   * conditional write, so of any number of callers racing to make the same change, exactly one gets
   * {@code true} (and reports the change to listeners). A change to {@code REVOKED} also clears any
   * lease and increments the token version, so a refresh in flight cannot complete over it. A
   * {@code REVOKED} installation keeps that status (a refresh failing after the revoke must not
   * turn it into {@code NEEDS_REAUTH}): only a new authorization ({@link #upsert}) changes it.
   *
   * @return true if the status changed; false if it already had that status or there is no such
   *     installation
   */
  boolean setHealth(String botId, Installation.Health health);

  /**
   * Links an unbound installation to the host app's context (marks it bound), atomically: false if
   * there is none or it is already bound, so a replayed claim never moves an installation from one
   * account to another.
   */
  boolean bind(String botId, FlowContext context, Instant now);

  /** Deletes an installation; false if there was none. */
  boolean delete(String botId);
}
