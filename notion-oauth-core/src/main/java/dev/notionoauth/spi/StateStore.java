package dev.notionoauth.spi;

import dev.notionoauth.StoredState;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the states of flows in progress between {@code start} and the callback.
 *
 * <p>Called by {@link dev.notionoauth.NotionOAuthFlow}: {@link #save} when a flow starts, {@link
 * #find} then {@link #consume} when its callback arrives, {@link #purgeExpired} from time to time.
 * Implementations must be safe for concurrent use, and {@link #consume} must be atomic across every
 * instance sharing the store: of any number of concurrent calls for one state, exactly one returns
 * true. A store that cannot reach its backend throws any {@link RuntimeException}; the flow then
 * answers "try again later" and consumes nothing.
 *
 * <p>The built-in default is {@link dev.notionoauth.InMemoryStateStore} (one process only); a JDBC
 * store shares states between instances.
 */
public interface StateStore {

  /**
   * Stores a new pending state.
   *
   * @param state the state's record; its hash is new
   */
  void save(StoredState state);

  /**
   * Looks a state up by its hash, pending or consumed, expired or not (until purged).
   *
   * @param stateHash SHA-256 of the state, lower-case hex
   * @return the record, if present
   */
  Optional<StoredState> find(String stateHash);

  /**
   * Marks a state used, atomically, if it is pending and not expired at {@code now}.
   *
   * @param stateHash SHA-256 of the state, lower-case hex
   * @param now the current time
   * @return true for exactly one caller per state
   */
  boolean consume(String stateHash, Instant now);

  /**
   * Deletes states whose expiry is before {@code now}.
   *
   * @param now the current time
   * @return how many were deleted
   */
  int purgeExpired(Instant now);
}
