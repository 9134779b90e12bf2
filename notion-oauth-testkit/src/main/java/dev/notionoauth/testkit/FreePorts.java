package dev.notionoauth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** The one free-port helper of the tests: a port nothing listens on right now. */
public final class FreePorts {
  private FreePorts() {}

  /** A port the operating system had free a moment ago. */
  public static int any() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
