package dev.notionoauth.server.internal;

import java.util.Collection;

/** "Did you mean" for an unknown configuration key: the known key within three edits, if any. */
final class Suggestion {
  private Suggestion() {}

  /** {@code " (did you mean 'x'?)"}, or the known keys when none is close. */
  static String of(String name, Collection<String> known) {
    String best = null;
    int bestDistance = 4;
    for (String k : known) {
      int d = distance(name, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best == null
        ? " (known: " + String.join(", ", known.stream().sorted().toList()) + ")"
        : " (did you mean '" + best + "'?)";
  }

  /** Levenshtein distance (small enough not to be worth a dependency). */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
