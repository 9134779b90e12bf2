package dev.notionoauth.spi;

import dev.notionoauth.apikey.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps API keys: each key's name, scopes and times with the SHA-256 hash of its secret, never the
 * secret. Called by {@link dev.notionoauth.apikey.ApiKeys} (the {@code api-keys} commands and every
 * API request). Implementations must be safe for concurrent use across processes.
 *
 * <p>Built in: {@link dev.notionoauth.apikey.InMemoryApiKeyStore}; the JDBC store (SQLite or
 * PostgreSQL) is in {@code notion-oauth-store-jdbc}.
 */
public interface ApiKeyStore {

  /**
   * Adds a key.
   *
   * @return false, changing nothing, when a key with this name exists
   */
  boolean add(ApiKey key, byte[] secretHash);

  /** The key whose secret hashes to {@code secretHash}, if there is one. */
  Optional<ApiKey> findByHash(byte[] secretHash);

  /** Every key, by name. */
  List<ApiKey> list();

  /**
   * Removes a key: it authenticates nothing from then on.
   *
   * @return whether there was one
   */
  boolean remove(String name);

  /** Records that the key authenticated a request at {@code at}. */
  void touch(String name, Instant at);
}
