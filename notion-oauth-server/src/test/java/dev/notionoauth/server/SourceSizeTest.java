package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every main source file of every module reads in one sitting: at most 500 lines. */
class SourceSizeTest {
  @Test
  void noMainSourceFileIsOver500Lines() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(root)) {
      tooLong =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().contains("/src/main/java/"))
              .filter(p -> !p.toString().contains("/node_modules/"))
              .filter(p -> lines(p) > 500)
              .map(p -> root.relativize(p) + " (" + lines(p) + " lines)")
              .toList();
    }
    assertThat(tooLong).isEmpty();
  }

  private static long lines(Path p) {
    try (Stream<String> l = Files.lines(p)) {
      return l.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
