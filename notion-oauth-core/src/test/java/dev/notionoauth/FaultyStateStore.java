package dev.notionoauth;

import dev.notionoauth.spi.StateStore;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link StateStore} decorator for failure tests: switch it {@linkplain #down(boolean) down} and
 * every call throws as a database outage would; it also counts lookups, so a test can prove that
 * malformed input never reached the store. (A copy of the testkit's, which core's tests cannot use:
 * the testkit depends on core.)
 */
final class FaultyStateStore implements StateStore {
  private final StateStore delegate;
  private final AtomicInteger finds = new AtomicInteger();
  private volatile boolean down;

  /** Wraps a working store. */
  FaultyStateStore(StateStore delegate) {
    this.delegate = delegate;
  }

  /** Makes every call fail (true) or work again (false). */
  void down(boolean value) {
    this.down = value;
  }

  /** Whether it is switched down. */
  boolean isDown() {
    return down;
  }

  /** How many lookups were asked for so far. */
  int finds() {
    return finds.get();
  }

  private void check() {
    if (down) {
      throw new IllegalStateException("state store unreachable (injected fault)");
    }
  }

  @Override
  public void save(StoredState state) {
    check();
    delegate.save(state);
  }

  @Override
  public Optional<StoredState> find(String stateHash) {
    finds.incrementAndGet();
    check();
    return delegate.find(stateHash);
  }

  @Override
  public boolean consume(String stateHash, Instant now) {
    check();
    return delegate.consume(stateHash, now);
  }

  @Override
  public boolean recordUse(StoredState used) {
    check();
    return delegate.recordUse(used);
  }

  @Override
  public void linkResult(String stateHash, String resultPageId) {
    check();
    delegate.linkResult(stateHash, resultPageId);
  }

  @Override
  public Optional<String> linkedResult(String stateHash) {
    check();
    return delegate.linkedResult(stateHash);
  }

  @Override
  public int purgeExpired(Instant now) {
    check();
    return delegate.purgeExpired(now);
  }
}
