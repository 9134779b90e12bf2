package dev.notionoauth.apikey;

import dev.notionoauth.spi.ApiKeyStore;
import java.nio.ByteBuffer;
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

  /**
   * How long a key that authenticated is believed without asking the store again: a key revoked by
   * another process (or instance) is refused within this time; one revoked through this object at
   * once. Without it, the store lookup was a tenth of a proxied call's CPU.
   */
  public static final Duration REMEMBER_FOR = Duration.ofSeconds(1);

  private final ApiKeyStore store;
  private final Clock clock;
  private final Map<String, Instant> touched = new ConcurrentHashMap<>();
  private final Map<ByteBuffer, Remembered> recent = new ConcurrentHashMap<>();

  /** A key that authenticated, and until when (clock millis) it is believed. */
  private record Remembered(ApiKey key, long until) {}

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
    // the map is keyed by the SHA-256 of the presented value: a lookup's timing says nothing of
    // any stored secret
    ByteBuffer hash = ByteBuffer.wrap(ApiKeySecret.hash(presented));
    long now = clock.millis();
    Remembered known = recent.get(hash);
    if (known != null && now < known.until()) {
      touch(known.key());
      return Optional.of(known.key());
    }
    Optional<ApiKey> found = store.findByHash(hash.array());
    if (found.isPresent()) {
      if (recent.size() > 10_000) {
        recent.clear(); // only valid keys get here, so this is many keys, not an attack
      }
      recent.put(hash, new Remembered(found.get(), now + REMEMBER_FOR.toMillis()));
      touch(found.get());
    } else {
      recent.remove(hash);
    }
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
   * Revokes a key: the next request with it gets 401 here, and on every other instance within
   * {@link #REMEMBER_FOR}.
   *
   * @return whether there was a key with this name
   */
  public boolean revoke(String name) {
    touched.remove(name);
    recent.values().removeIf(r -> r.key().name().equals(name));
    return store.remove(name);
  }

  /** Constant-time equality of two hashes (for stores that compare after an index lookup). */
  public static boolean sameHash(byte[] a, byte[] b) {
    return dev.notionoauth.internal.Tokens.constantTimeEquals(a, b);
  }
}
