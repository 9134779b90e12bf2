package dev.notionoauth.server;

import dev.notionoauth.testkit.RequiredServices;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js checks in {@code src/test/node} (clients and tools nobody here wrote: Notion's
 * JS SDK, the standardwebhooks package, Redocly's OpenAPI linter), installing their npm packages
 * from the lock file when missing.
 */
final class NodeChecks {
  static final Path DIR = Path.of("src/test/node");

  private NodeChecks() {}

  /** Node and the packages; a missing Node.js fails where required (CI), else skips. */
  static void require() throws Exception {
    try {
      run(30, null, "node", "--version");
    } catch (IOException e) {
      RequiredServices.missing(
          "node", "Node.js is not installed: install nodejs and npm to run the Node.js checks");
    }
    if (!Files.isDirectory(DIR.resolve("node_modules/standardwebhooks"))
        || !Files.isDirectory(DIR.resolve("node_modules/@notionhq/client"))
        || !Files.isDirectory(DIR.resolve("node_modules/@redocly/cli"))
        || !Files.isDirectory(DIR.resolve("node_modules/axe-core"))) {
      run(300, null, "npm", "ci", "--no-audit", "--no-fund");
    }
  }

  /** Runs a command in the directory, with {@code stdin} as its input; its standard output. */
  static String run(long timeoutSeconds, String stdin, String... command) throws Exception {
    return runIn(DIR, timeoutSeconds, stdin, command);
  }

  /** Runs a command in {@code dir} (e.g. {@code npm ci} for an example); its standard output. */
  static String runIn(Path dir, long timeoutSeconds, String... command) throws Exception {
    return runIn(dir, timeoutSeconds, null, command);
  }

  private static String runIn(Path dir, long timeoutSeconds, String stdin, String... command)
      throws Exception {
    Path log = Files.createTempFile("node", ".log");
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectError(log.toFile()).start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " failed: " + Files.readString(log) + "\n" + out);
    }
    return out;
  }
}
