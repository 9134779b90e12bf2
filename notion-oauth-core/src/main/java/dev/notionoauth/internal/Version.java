package dev.notionoauth.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This library's version, from a resource written by the build. */
public final class Version {
  /** The version, e.g. {@code 0.1.0}; {@code dev} when run outside a build. */
  public static final String VERSION = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
