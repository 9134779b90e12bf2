package dev.notionoauth;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Deterministic mutation fuzzing for parsers, run in every {@code verify}: {@value #DEFAULT} inputs
 * per parser by default, each a valid seed input mutated one to four times (characters inserted,
 * deleted, replaced or doubled, seeds spliced, hostile tokens such as {@code %ZZ}, {@code %00},
 * control and bidi characters, lone surrogates, huge runs). A failure names the seed and the input,
 * so it can be replayed with {@code -Dfuzz.seed=…}. Longer runs: {@code -Dfuzz.iterations=1000000}.
 * Coverage-guided fuzzing with Jazzer ({@code JazzerFuzzTest}) adds to this for the JSON readers;
 * seeded mutation reaches every parser, including those that need a configured flow or server.
 */
public final class SeededFuzzer {
  /** Inputs per parser when {@code fuzz.iterations} is not set. */
  public static final int DEFAULT = 10_000;

  private static final String[] TOKENS = {
    "%ZZ",
    "%00",
    "%",
    "%2",
    "&&",
    "==",
    "&=",
    "=&",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "null",
    "-1",
    "1e309",
    "\\u0000",
    "\\",
    "\u0000",
    "\r\n",
    "\u202e",
    "\u009b",
    "\ud800",
    "\udc00",
    "é",
    "東",
    "<script>",
    "javascript:",
    "${X}",
    "$$",
    "#",
    "?",
    "/",
    "..",
    "\t",
    " ",
    "+",
    "%2B",
    "%E9",
    "%C3%A9",
    "%FF",
    "\u2028"
  };

  private SeededFuzzer() {}

  /** How many inputs one parser gets. */
  public static int iterations() {
    return Integer.getInteger("fuzz.iterations", DEFAULT);
  }

  /**
   * Feeds {@link #iterations()} mutated inputs to a property; a failure names seed and input.
   *
   * @param name the parser's name, for the report
   * @param seeds valid inputs to start from
   * @param property throws (an assertion) when the property does not hold
   * @return how many inputs were fed
   */
  public static int run(String name, List<String> seeds, Consumer<String> property) {
    long seed =
        Long.getLong("fuzz.seed", name.hashCode() * 31L + System.currentTimeMillis() / 86_400_000L);
    Random random = new Random(seed);
    int n = iterations();
    for (int i = 0; i < n; i++) {
      String input = i < seeds.size() ? seeds.get(i) : mutate(seeds, random);
      try {
        property.accept(input);
      } catch (Throwable t) {
        throw new AssertionError(
            name + " failed at input " + i + " (-Dfuzz.seed=" + seed + "): " + printable(input), t);
      }
    }
    System.out.println("fuzz " + name + ": " + n + " inputs, seed " + seed);
    return n;
  }

  static String mutate(List<String> seeds, Random r) {
    StringBuilder s = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
    int ops = 1 + r.nextInt(4);
    for (int k = 0; k < ops; k++) {
      int at = s.length() == 0 ? 0 : r.nextInt(s.length() + 1);
      switch (r.nextInt(8)) {
        case 0 -> s.insert(at, (char) r.nextInt(0x80));
        case 1 -> s.insert(at, (char) (0x80 + r.nextInt(0x3000)));
        case 2 -> {
          if (s.length() > 0) {
            int end = Math.min(s.length(), at + 1 + r.nextInt(8));
            s.delete(Math.min(at, s.length() - 1), end);
          }
        }
        case 3 -> {
          if (at < s.length()) {
            s.setCharAt(at, (char) r.nextInt(0x7f));
          }
        }
        case 4 -> s.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 5 -> {
          if (s.length() > 0) {
            int from = r.nextInt(s.length());
            int end = Math.min(s.length(), from + 1 + r.nextInt(16));
            s.insert(at, s.substring(from, end));
          }
        }
        case 6 -> {
          String other = seeds.get(r.nextInt(seeds.size()));
          s.setLength(Math.min(s.length(), at));
          s.append(other.substring(Math.min(other.length(), r.nextInt(other.length() + 1))));
        }
        default -> {
          if (r.nextInt(50) == 0) {
            s.insert(at, "A".repeat(1 + r.nextInt(5000)));
          } else {
            s.setLength(Math.min(s.length(), at));
          }
        }
      }
    }
    return s.toString();
  }

  private static String printable(String input) {
    StringBuilder out = new StringBuilder();
    for (char c : (input.length() > 300 ? input.substring(0, 300) + "…" : input).toCharArray()) {
      out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }
}
