package dev.notionoauth.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private final MutableClock clock = new MutableClock();
  private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
  private final ApiKeys keys = new ApiKeys(store, clock);

  private String made(String name) {
    return keys.create(name, Set.of(ApiScope.NOTION_PROXY)).orElseThrow().secret().reveal();
  }

  @Test
  void aKeyRevokedHereIsRefusedAtOnceEvenJustAfterItWorked() {
    String secret = made("billing");
    assertThat(keys.authenticate(secret)).isPresent();
    assertThat(keys.revoke("billing")).isTrue();
    assertThat(keys.authenticate(secret)).isEmpty();
  }

  @Test
  void aKeyRevokedByAnotherProcessIsRefusedOnceTheSecondItIsRememberedForHasPassed() {
    String secret = made("billing");
    assertThat(keys.authenticate(secret)).isPresent();
    store.remove("billing"); // as `api-keys revoke` does, from its own process
    clock.advance(ApiKeys.REMEMBER_FOR.minusMillis(1));
    assertThat(keys.authenticate(secret)).as("still believed").isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(keys.authenticate(secret)).isEmpty();
  }

  @Test
  void aKeyNotYetUsedIsRefusedAtOnceAfterAnotherProcessRevokedIt() {
    String secret = made("billing");
    store.remove("billing");
    assertThat(keys.authenticate(secret)).isEmpty();
  }

  @Test
  void aValueWithoutAKeysShapeIsRefusedBeforeAnyLookup() {
    assertThat(keys.authenticate("nohk_" + "x".repeat(10))).isEmpty();
    assertThat(keys.authenticate("Bearer something")).isEmpty();
  }
}
