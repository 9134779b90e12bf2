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
 * The code blocks of the README and of {@code docs/*.md} marked {@code <!-- snippet: path#name -->}
 * are exactly the region between {@code // snippet:name} and {@code // end-snippet} in that
 * compiled, tested source (or the whole file without {@code #name}), so they cannot drift from code
 * that builds and passes on Java 17; and every Java block is marked so. The README stays a front
 * door of at most 150 lines whose reference lives in {@code docs/}.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern SNIPPET =
      Pattern.compile(
          "<!-- snippet: ([^#\\s]+)(?:#(\\S+))? -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);

  private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java$");

  /** The README and every page under {@code docs/}. */
  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (var pages = Files.list(ROOT.resolve("docs"))) {
      pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  @Test
  void everyMarkedSnippetIsCutFromItsSource() throws IOException {
    int found = 0;
    for (Path doc : documents()) {
      Matcher m = SNIPPET.matcher(Files.readString(doc, StandardCharsets.UTF_8));
      while (m.find()) {
        found++;
        Path source = ROOT.resolve(m.group(1));
        String expected =
            m.group(2) == null
                ? Files.readString(source, StandardCharsets.UTF_8).stripTrailing()
                : region(source, m.group(2));
        assertThat(m.group(3))
            .as("%s: snippet from %s#%s", ROOT.relativize(doc), m.group(1), m.group(2))
            .isEqualTo(expected);
      }
    }
    assertThat(found).as("snippets in the README and docs").isGreaterThanOrEqualTo(8);
  }

  @Test
  void everyJavaBlockIsASnippetOfATestedSource() throws IOException {
    for (Path doc : documents()) {
      String text = Files.readString(doc, StandardCharsets.UTF_8);
      Matcher java = JAVA_BLOCK.matcher(text);
      while (java.find()) {
        String before = text.substring(0, java.start()).stripTrailing();
        String previousLine = before.substring(before.lastIndexOf('\n') + 1);
        assertThat(previousLine)
            .as("%s: the Java block at offset %d", ROOT.relativize(doc), java.start())
            .startsWith("<!-- snippet: ");
      }
    }
  }

  @Test
  void theReadmeIsAFrontDoorThatLinksItsReference() throws IOException {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    assertThat(readme.size()).as("README lines").isLessThanOrEqualTo(150);
    String text = String.join("\n", readme);
    for (String page :
        List.of(
            "configuration",
            "embedding",
            "operating",
            "webhooks",
            "calling-notion",
            "testing",
            "security",
            "performance")) {
      assertThat(text).contains("](docs/" + page + ".md");
      assertThat(ROOT.resolve("docs/" + page + ".md")).exists();
    }
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
