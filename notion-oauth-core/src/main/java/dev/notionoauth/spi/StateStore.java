package dev.notionoauth.spi;

import dev.notionoauth.StoredState;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the states of flows in progress between {@code start} and the callback.
 *
 * <p>Called by {@link dev.notionoauth.NotionOAuthFlow}: {@link #save} when a flow starts, {@link
 * #find} then {@link #consume} when its callback arrives, {@link #recordUse} when the callback of a
 * sealed state (one that was never saved) arrives, {@link #purgeExpired} from time to time.
 * Implementations must be safe for concurrent use, and {@link #consume} and {@link #recordUse} must
 * be atomic across every instance sharing the store: of any number of concurrent calls for one
 * state, exactly one returns true. A store that cannot reach its backend throws any {@link
 * RuntimeException}; the flow then answers "try again later" and consumes nothing.
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
   * Records a state (or single-use id) as used, atomically, unless a record of its hash exists: how
   * a callback spends a sealed state, which was never saved. Of any number of concurrent calls for
   * one hash, across every instance sharing the store, exactly one returns true. The record is kept
   * until {@code used.expiresAt()} (then {@link #purgeExpired} may drop it: a sealed state past its
   * expiry is refused without asking the store).
   *
   * <p>The default does {@link #find}, {@link #save} and {@link #consume}, which is correct for a
   * store whose {@code save} refuses or ignores a duplicate hash, but costs three round trips;
   * stores should override it with one conditional insert.
   *
   * @param used the record, with {@code consumedAt} set
   * @return true for exactly one caller per hash
   */
  default boolean recordUse(StoredState used) {
    Instant now = java.util.Objects.requireNonNull(used.consumedAt(), "consumedAt");
    if (find(used.stateHash()).isPresent()) {
      return false;
    }
    save(
        new StoredState(
            used.stateHash(),
            used.bindingHash(),
            used.context(),
            used.createdAt(),
            used.expiresAt(),
            null));
    return consume(used.stateHash(), now);
  }

  /**
   * Remembers the result page showing the outcome of the flow that used this state; called in the
   * commit that stores the installation (so either both land or neither). A repeat of the callback
   * by the same browser — a reload, or a load balancer retrying it on another instance after the
   * first died before answering — then shows that page instead of "already used". Kept as long as
   * the state's record. Default: nothing is remembered (a repeat shows "already used").
   *
   * @param stateHash SHA-256 of the state, lower-case hex, of a used state
   * @param resultPageId the id of the kept result page
   */
  default void linkResult(String stateHash, String resultPageId) {}

  /** The result page {@link #linkResult linked} to a used state, if any. */
  default Optional<String> linkedResult(String stateHash) {
    return Optional.empty();
  }

  /**
   * Deletes states whose expiry is before {@code now}.
   *
   * @param now the current time
   * @return how many were deleted
   */
  int purgeExpired(Instant now);
}
