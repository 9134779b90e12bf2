package dev.notionoauth.server.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Lets a long walk over installations stop cleanly between rows on Ctrl-C or SIGTERM, so it can be
 * run again to finish.
 */
final class Interruption {
  private final AtomicBoolean stop = new AtomicBoolean();

  private Interruption() {}

  static Interruption listen() {
    Interruption i = new Interruption();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), s -> i.stop.set(true));
      } catch (IllegalArgumentException e) {
        // signal not available here
      }
    }
    return i;
  }

  boolean keepGoing() {
    return !stop.get();
  }
}
