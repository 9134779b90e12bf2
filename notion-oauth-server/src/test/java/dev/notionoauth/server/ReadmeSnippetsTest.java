package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code blocks marked {@code <!-- snippet: path#name -->} are exactly the region
 * between {@code // snippet:name} and {@code // end-snippet} in that compiled, tested source (or
 * the whole file without {@code #name}), so they cannot drift from code that builds and passes.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern SNIPPET =
      Pattern.compile(
          "<!-- snippet: ([^#\\s]+)(?:#(\\S+))? -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everyMarkedSnippetIsCutFromItsSource() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher m = SNIPPET.matcher(readme);
    int found = 0;
    while (m.find()) {
      found++;
      Path source = ROOT.resolve(m.group(1));
      String expected =
          m.group(2) == null
              ? Files.readString(source, StandardCharsets.UTF_8).stripTrailing()
              : region(source, m.group(2));
      assertThat(m.group(3))
          .as("README snippet from %s#%s", m.group(1), m.group(2))
          .isEqualTo(expected);
    }
    assertThat(found).as("snippets in the README").isGreaterThanOrEqualTo(4);
  }

  /** The lines between the markers, their common indentation removed. */
  static String region(Path source, String name) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
      if (line.strip().equals("// snippet:" + name)) {
        inside = true;
      } else if (inside && line.strip().equals("// end-snippet")) {
        return dedent(lines);
      } else if (inside) {
        lines.add(line);
      }
    }
    throw new AssertionError("no region '" + name + "' in " + source);
  }

  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return String.join(
        "\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
  }
}
