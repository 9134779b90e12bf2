package dev.notionoauth.server.internal;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT, so that the foreground commands can stop gracefully and exit 0 (a
 * plain JVM shutdown on SIGTERM would exit 143).
 */
final class Shutdown {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private Shutdown() {}

  /** Blocks until the process is asked to stop. */
  static void awaitSignal() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(
            new Signal(name),
            s -> {
              LOG.info("Received SIG{}; stopping", s.getName());
              stop.countDown();
            });
      } catch (IllegalArgumentException e) {
        // signal not available on this platform
      }
    }
    stop.await();
  }
}
