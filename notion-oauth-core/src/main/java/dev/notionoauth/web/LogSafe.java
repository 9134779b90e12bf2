package dev.notionoauth.web;

import org.jspecify.annotations.Nullable;

/**
 * Makes untrusted text (a workspace name, a context value, Notion's message) safe for one log line
 * or terminal line: control characters, C1 controls (which terminals read as escape sequences) and
 * bidirectional overrides (which reorder what a reader sees) escaped; length capped.
 */
public final class LogSafe {
  private LogSafe() {}

  /**
   * Escapes C0 controls, DEL, C1 controls (U+0080–U+009F), line and paragraph separators and the
   * bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) as {@code \\uXXXX}; caps
   * at 200 characters.
   */
  public static String text(@Nullable String value) {
    if (value == null) {
      return "-";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), 200) + 8);
    for (int i = 0; i < value.length() && out.length() < 200; i++) {
      char c = value.charAt(i);
      if (unsafe(c)) {
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

  /**
   * Escapes like {@link #text} but keeps line breaks ({@code \n}) and the whole length: for a
   * multi-line document printed to a terminal, such as Notion's answer in the {@code api} command
   * (JSON escapes only U+0000–U+001F, so C1 controls and bidi overrides in a page title would reach
   * the terminal as they are).
   */
  public static String lines(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\n' && unsafe(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean unsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
