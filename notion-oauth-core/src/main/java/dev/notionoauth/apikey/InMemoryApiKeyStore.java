package dev.notionoauth.apikey;

import dev.notionoauth.spi.ApiKeyStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** API keys in this process's memory (tests, a single instance that may forget its keys). */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private record Entry(ApiKey key, byte[] hash) {}

  private final Map<String, Entry> byName = new ConcurrentHashMap<>();

  @Override
  public boolean add(ApiKey key, byte[] secretHash) {
    return byName.putIfAbsent(key.name(), new Entry(key, secretHash.clone())) == null;
  }

  @Override
  public Optional<ApiKey> findByHash(byte[] secretHash) {
    return byName.values().stream()
        .filter(e -> ApiKeys.sameHash(e.hash(), secretHash))
        .map(Entry::key)
        .findFirst();
  }

  @Override
  public List<ApiKey> list() {
    return byName.values().stream()
        .map(Entry::key)
        .sorted(Comparator.comparing(ApiKey::name))
        .toList();
  }

  @Override
  public boolean remove(String name) {
    return byName.remove(name) != null;
  }

  @Override
  public void touch(String name, Instant at) {
    byName.computeIfPresent(name, (n, e) -> new Entry(e.key().usedAt(at), e.hash()));
  }

  @Override
  public String toString() {
    return "InMemoryApiKeyStore[" + byName.size() + " keys]";
  }
}
