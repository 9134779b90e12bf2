package dev.notionoauth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host application's own context for one flow, for example its user id. It travels sealed in
 * the state (encrypted and authenticated under keys only the integration's servers hold, so nobody
 * else — Notion included, which sees the state — can read, forge or swap it; see {@link State}), or
 * is stored server-side with the state when too large to seal or when no state keys are set, and is
 * handed to the consumer with the token.
 *
 * <p>Limits: at most {@value #MAX_ENTRIES} entries; keys of 1–64 characters from {@code
 * [A-Za-z0-9_.-]}; values of at most {@value #MAX_VALUE_LENGTH} characters without control
 * characters.
 *
 * @param values the entries, in insertion order
 */
public record FlowContext(Map<String, String> values) {
  /** Most entries a context may have. */
  public static final int MAX_ENTRIES = 20;

  /** Longest value a context may hold. */
  public static final int MAX_VALUE_LENGTH = 1024;

  private static final FlowContext EMPTY = new FlowContext(Map.of());

  /** Validates and copies the entries. */
  public FlowContext {
    if (values.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "a flow context holds at most " + MAX_ENTRIES + " entries");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (!key.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException(
            "flow context keys are 1-64 characters of A-Z a-z 0-9 _ . -");
      }
      if (value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException(
            "flow context value for '" + key + "' is too long or has control characters");
      }
      copy.put(key, value);
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** The empty context. */
  public static FlowContext empty() {
    return EMPTY;
  }

  /** A context of one entry. */
  public static FlowContext of(String key, String value) {
    return new FlowContext(Map.of(key, value));
  }

  /** The value of a key, if present. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Whether there are no entries. */
  public boolean isEmpty() {
    return values.isEmpty();
  }
}
