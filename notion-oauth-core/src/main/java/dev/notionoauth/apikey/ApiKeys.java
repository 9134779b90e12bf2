package dev.notionoauth.apikey;

import dev.notionoauth.spi.ApiKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys of the server's HTTP API: created by an operator ({@code api-keys create}, the
 * secret shown once), checked on every API request ({@link #authenticate}), listed and revoked.
 * Only a hash of each secret is stored.
 *
 * <pre>{@code
 * ApiKeys keys = new ApiKeys(store, Clock.systemUTC());
 * ApiKeys.Created made = keys.create("billing-backend", Set.of(ApiScope.INSTALLATIONS_READ)).orElseThrow();
 * System.out.println(made.secret().reveal()); // once; never stored
 * Optional<ApiKey> who = keys.authenticate(presentedBearerToken);
 * }</pre>
 */
public final class ApiKeys {
  /** How often a key's "last used" time is written at most. */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final ApiKeyStore store;
  private final Clock clock;
  private final Map<String, Instant> touched = new ConcurrentHashMap<>();

  /** Keys kept in {@code store}, timed by {@code clock}. */
  public ApiKeys(ApiKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * A new key and its secret.
   *
   * @param created the key as stored
   * @param secret its secret, to show once
   */
  public record Created(ApiKey key, ApiKeySecret secret) {}

  /**
   * Creates a key.
   *
   * @return the key and its secret, or empty when a key with this name exists
   * @throws IllegalArgumentException a bad name or no scope
   */
  public Optional<Created> create(String name, Set<ApiScope> scopes) {
    ApiKey key = new ApiKey(name, scopes, clock.instant(), null);
    ApiKeySecret secret = ApiKeySecret.generate();
    return store.add(key, secret.hash()) ? Optional.of(new Created(key, secret)) : Optional.empty();
  }

  /**
   * The key a request presented, if it is one of ours. A value without a key's shape is refused
   * before it is hashed; the lookup is by the SHA-256 of the presented value (stores compare the
   * hashes with {@link #sameHash}), so an answer's timing reveals nothing about stored secrets.
   */
  public Optional<ApiKey> authenticate(String presented) {
    if (!ApiKeySecret.wellFormed(presented)) {
      return Optional.empty();
    }
    byte[] hash = ApiKeySecret.hash(presented);
    Optional<ApiKey> found = store.findByHash(hash);
    found.ifPresent(this::touch);
    return found;
  }

  /** Records the use at most once a minute per key (a write per request would cost too much). */
  private void touch(ApiKey key) {
    Instant now = clock.instant();
    Instant last = touched.get(key.name());
    if (last == null || !now.isBefore(last.plus(TOUCH_EVERY))) {
      touched.put(key.name(), now);
      store.touch(key.name(), now);
    }
  }

  /** Every key, by name (never a secret). */
  public List<ApiKey> list() {
    return store.list();
  }

  /**
   * Revokes a key: the next request with it gets 401, on every instance.
   *
   * @return whether there was a key with this name
   */
  public boolean revoke(String name) {
    touched.remove(name);
    return store.remove(name);
  }

  /** Constant-time equality of two hashes (for stores that compare after an index lookup). */
  public static boolean sameHash(byte[] a, byte[] b) {
    return dev.notionoauth.internal.Tokens.constantTimeEquals(a, b);
  }
}
