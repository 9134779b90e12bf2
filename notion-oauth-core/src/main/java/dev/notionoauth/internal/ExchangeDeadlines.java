package dev.notionoauth.internal;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadlines of {@link Http1Client}'s exchanges: one daemon thread, every {@link #SWEEP}, closes
 * the socket of any exchange past its deadline, which ends its blocked write or read at once.
 *
 * <p>Why not the socket's read timeout: on JDK 17 a socket with a timeout reads in non-blocking
 * mode and polls (a read, a poll and a read again where a blocking read is one system call), and a
 * blocking write has no timeout at all. Here each exchange costs two set operations, and a Notion
 * that stops reading our body or drips its answer cannot hold a thread past the deadline (plus at
 * most one sweep).
 */
final class ExchangeDeadlines {
  /** How often running exchanges are checked. */
  static final Duration SWEEP = Duration.ofMillis(20);

  private static final Set<Watched> RUNNING = ConcurrentHashMap.newKeySet();

  private ExchangeDeadlines() {}

  /** One exchange: settled once, either by its end or by the sweeper cutting it. */
  static final class Watched {
    private final Socket socket;
    private final long deadline;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Watched(Socket socket, long deadline) {
      this.socket = socket;
      this.deadline = deadline;
    }
  }

  /** Watches an exchange on {@code socket} until {@link #end}; {@code deadline} is nanoTime. */
  static Watched watch(Socket socket, long deadline) {
    Sweeper.start();
    Watched w = new Watched(socket, deadline);
    RUNNING.add(w);
    return w;
  }

  /**
   * Ends the watch.
   *
   * @return false when the sweeper cut the exchange (its socket is closed: a timeout)
   */
  static boolean end(Watched w) {
    RUNNING.remove(w);
    return w.settled.compareAndSet(false, true);
  }

  private static void sweep(long now) {
    for (Watched w : RUNNING) {
      if (now - w.deadline >= 0 && w.settled.compareAndSet(false, true)) {
        RUNNING.remove(w);
        try {
          w.socket.close();
        } catch (IOException ignored) {
          // closing is all we wanted
        }
      }
    }
  }

  /** The sweeping thread, started with the first exchange. */
  private static final class Sweeper {
    private static final Thread THREAD = thread();

    static void start() {
      // loading this class started the thread
    }

    private static Thread thread() {
      Thread t =
          new Thread(
              () -> {
                while (true) {
                  LockSupport.parkNanos(SWEEP.toNanos());
                  sweep(System.nanoTime());
                }
              },
              "notion-api-deadlines");
      t.setDaemon(true);
      t.start();
      return t;
    }
  }
}
