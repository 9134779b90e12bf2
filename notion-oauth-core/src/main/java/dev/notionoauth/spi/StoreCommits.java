package dev.notionoauth.spi;

import java.util.function.Supplier;

/**
 * Groups the store writes of one step into one commit. The flow runs each authorization's consumers
 * and what its adapter keeps alongside (the servlet's result page) inside {@link #inOneCommit}, so
 * a store that can commits the installation and its result page together: the callback then commits
 * twice (the state's use, before Notion is called; then the installation with its page) instead of
 * three times.
 *
 * <p>Within {@code work}, the writes this implementation's stores make on the calling thread join
 * one transaction, and its reads see them. A write that fails is undone alone, so {@code work} may
 * go on (the {@code store} consumer retries); when {@code work} returns, everything commits; if
 * that commit fails, {@code inOneCommit} throws and none of it is stored; if {@code work} throws,
 * none of it is stored either. Nested calls join the outer one.
 *
 * <p>The price of one commit: a commit that fails (the connection drops at that moment) fails the
 * callback as a whole, where the {@code store} consumer would have retried its own write; the user
 * starts again, and if that commit had landed after all, the new authorization replaces it.
 *
 * <p>Built in: {@link #separate()} (each write commits on its own; the flow's default) and the JDBC
 * stores' {@code commits()} (joins on PostgreSQL, where every commit waits for a WAL flush; on
 * SQLite, where a commit in WAL mode is no flush, each write commits alone and no writer waits on a
 * consumer).
 */
public interface StoreCommits {

  /**
   * Runs {@code work} with its store writes grouped into one commit.
   *
   * @return what {@code work} returned, once committed
   * @throws RuntimeException what {@code work} threw, or the store's failure to commit
   */
  <T> T inOneCommit(Supplier<T> work);

  /** Each write commits on its own: {@link #inOneCommit} just runs the work. */
  static StoreCommits separate() {
    return Separate.INSTANCE;
  }

  /** The implementation of {@link #separate()}. */
  final class Separate implements StoreCommits {
    private static final Separate INSTANCE = new Separate();

    private Separate() {}

    @Override
    public <T> T inOneCommit(Supplier<T> work) {
      return work.get();
    }

    @Override
    public String toString() {
      return "StoreCommits.separate()";
    }
  }
}
