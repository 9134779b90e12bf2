package dev.notionoauth.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Strict {@code application/x-www-form-urlencoded} query handling: bad percent-encoding, invalid
 * UTF-8 (including overlong forms) and control characters make the whole query invalid instead of
 * being replaced or ignored.
 */
public final class QueryString {
  private QueryString() {}

  /** Percent-encodes a value for a query (space as {@code %20}). */
  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * Parses a raw (still encoded) query string.
   *
   * @param rawQuery the part after {@code ?}, or null for none
   * @return names to values in order of appearance, or empty if anything is malformed
   */
  public static Optional<Map<String, List<String>>> parse(@Nullable String rawQuery) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Optional.of(result);
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
      String name = decode(rawName);
      String value = decode(rawValue);
      if (name == null || value == null || name.isEmpty()) {
        return Optional.empty();
      }
      result.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }
    return Optional.of(result);
  }

  /** The value of a parameter that occurs exactly once. */
  public static Optional<String> single(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values != null && values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }

  /** Decodes one component; null when malformed or holding control characters. */
  static @Nullable String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write((hi << 4) | lo);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c > 0x7e || c < 0x21) {
        return null;
      } else {
        bytes.write(c);
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        return null;
      }
    }
    return text;
  }
}
