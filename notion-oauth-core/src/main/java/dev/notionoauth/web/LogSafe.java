package dev.notionoauth.web;

import org.jspecify.annotations.Nullable;

/** Makes untrusted text safe for one log line: control characters escaped, length capped. */
public final class LogSafe {
  private LogSafe() {}

  /** Escapes CR, LF and other control characters as {@code \\uXXXX} and caps at 200 chars. */
  public static String text(@Nullable String value) {
    if (value == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), 200) + 8);
    for (int i = 0; i < value.length() && out.length() < 200; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > 200) {
      out.append("…");
    }
    return out.toString();
  }
}
