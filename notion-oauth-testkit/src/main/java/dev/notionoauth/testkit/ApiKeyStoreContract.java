package dev.notionoauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notionoauth.apikey.ApiKey;
import dev.notionoauth.apikey.ApiKeySecret;
import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.spi.ApiKeyStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ApiKeyStore} must pass. Extend it and create an empty store in {@link
 * #newStore}.
 */
public abstract class ApiKeyStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private ApiKeyStore store;

  /** Creates an empty store. */
  protected abstract ApiKeyStore newStore();

  @BeforeEach
  void create() {
    store = newStore();
  }

  private static ApiKey key(String name, ApiScope... scopes) {
    return new ApiKey(name, EnumSet.of(scopes[0], scopes), T0, null);
  }

  @Test
  void anAddedKeyIsFoundByItsSecretsHashWithItsScopes() {
    ApiKeySecret secret = ApiKeySecret.generate();
    assertTrue(
        store.add(key("backend", ApiScope.TOKENS_READ, ApiScope.NOTION_PROXY), secret.hash()));
    ApiKey found = store.findByHash(secret.hash()).orElseThrow();
    assertEquals("backend", found.name());
    assertEquals(Set.of(ApiScope.TOKENS_READ, ApiScope.NOTION_PROXY), found.scopes());
    assertEquals(T0, found.createdAt());
    assertTrue(found.lastUsed().isEmpty());
  }

  @Test
  void anotherSecretFindsNothing() {
    store.add(key("backend", ApiScope.TOKENS_READ), ApiKeySecret.generate().hash());
    assertTrue(store.findByHash(ApiKeySecret.generate().hash()).isEmpty());
  }

  @Test
  void aSecondKeyWithTheSameNameIsRefusedAndTheFirstStillWorks() {
    ApiKeySecret first = ApiKeySecret.generate();
    assertTrue(store.add(key("backend", ApiScope.TOKENS_READ), first.hash()));
    ApiKeySecret second = ApiKeySecret.generate();
    assertFalse(store.add(key("backend", ApiScope.INSTALLATIONS_WRITE), second.hash()));
    assertTrue(store.findByHash(first.hash()).isPresent());
    assertTrue(store.findByHash(second.hash()).isEmpty());
  }

  @Test
  void aRemovedKeyAuthenticatesNothingAndIsNotListed() {
    ApiKeySecret secret = ApiKeySecret.generate();
    store.add(key("old", ApiScope.TOKENS_READ), secret.hash());
    store.add(key("kept", ApiScope.TOKENS_READ), ApiKeySecret.generate().hash());
    assertTrue(store.remove("old"));
    assertFalse(store.remove("old"));
    assertTrue(store.findByHash(secret.hash()).isEmpty());
    assertEquals(List.of("kept"), store.list().stream().map(ApiKey::name).toList());
  }

  @Test
  void keysAreListedByNameWithWhenTheyWereLastUsed() {
    store.add(key("zeta", ApiScope.TOKENS_READ), ApiKeySecret.generate().hash());
    store.add(key("alpha", ApiScope.INSTALL_LINKS_CREATE), ApiKeySecret.generate().hash());
    store.touch("zeta", T0.plusSeconds(90));
    List<ApiKey> keys = store.list();
    assertEquals(List.of("alpha", "zeta"), keys.stream().map(ApiKey::name).toList());
    assertTrue(keys.get(0).lastUsed().isEmpty());
    assertEquals(T0.plusSeconds(90), keys.get(1).lastUsed().orElseThrow());
  }
}
