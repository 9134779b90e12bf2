package dev.notionoauth.server.internal;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Catches SIGTERM and SIGINT so the foreground commands stop gracefully and exit 0 (a plain JVM
 * shutdown on SIGTERM would exit 143). Listen first, then start serving, then wait.
 */
final class Shutdown {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private final CountDownLatch stop = new CountDownLatch(1);

  private Shutdown() {}

  /** Starts listening for the signals. */
  static Shutdown listen() {
    Shutdown s = new Shutdown();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(
            new Signal(name),
            sig -> {
              LOG.info("Received SIG{}; stopping", sig.getName());
              s.stop.countDown();
            });
      } catch (IllegalArgumentException e) {
        // signal not available on this platform
      }
    }
    return s;
  }

  /** Blocks until a signal arrives. */
  void await() throws InterruptedException {
    stop.await();
  }
}
