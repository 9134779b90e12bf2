package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandsTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommand() {
    Run r = run("--help");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "serve",
            "check",
            "plugins",
            "emulator",
            "demo",
            "init",
            "tokens",
            "migrate",
            "rotate-key",
            "api-keys");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "serve",
        "check",
        "plugins",
        "emulator",
        "demo",
        "init",
        "tokens",
        "migrate",
        "rotate-key"
      })
  void everyCommandHasHelp(String command) {
    Run r = run(command, "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: notion-oauth-handler " + command);
  }

  @Test
  void noCommandOrAnUnknownOneIsAUsageError() {
    assertThat(run().code()).isEqualTo(2);
    assertThat(run().err()).contains("Missing required subcommand");
    assertThat(run("launch").code()).isEqualTo(2);
  }

  @Test
  void versionNamesTheProgram() {
    Run r = run("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("notion-oauth-handler ");
  }

  @Test
  void checkPassesAValidFileAndTellsTheRedirectUriToRegister() {
    Run r = run("check", "--config", ConfigLoaderTest.fixture("valid-minimal.yaml").toString());

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("OK: ")
        .contains("redirect URI to register in Notion: https://example.com/notion/callback");
  }

  @Test
  void checkReportsEveryProblemWithItsKeyPathAndFails() {
    Run r = run("check", "-c", ConfigLoaderTest.fixture("many-mistakes.yaml").toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: ")
        .contains("  server.port: must be a whole number")
        .contains("  consumer: no consumer named 'nope'");
    assertThat(r.err().lines().count()).isGreaterThanOrEqualTo(15);
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aMissingConfigFileIsOneLineForServeAndCheck() {
    for (String command : new String[] {"serve", "check"}) {
      Run r = run(command, "--config", "/nonexistent/notion.yaml");

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .isEqualTo(
              "error: configuration file /nonexistent/notion.yaml (from --config) does not exist;"
                  + " create one with `init`, or try `demo`\n");
    }
  }

  @Test
  void pluginsListsTheBuiltInsWithDescriptions() {
    Run r = run("plugins");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .containsPattern("(?m)^  log +Logs each installation")
        .containsPattern("(?m)^  default +Small")
        .contains("Webhook consumers (webhooks: consumers: [NAME, …]):")
        .containsPattern("(?m)^  store +Keeps each webhook event");
  }

  @Test
  void initWritesAStarterAndRefusesToOverwrite(@TempDir Path dir) throws Exception {
    Run first = run("init", dir.toString());

    assertThat(first.code()).isZero();
    assertThat(Files.readString(dir.resolve("notion-oauth-handler.yaml")))
        .contains("client-id: ${NOTION_CLIENT_ID}");
    assertThat(dir.resolve("docs/terms-of-use.md")).exists();
    assertThat(dir.resolve("docs/privacy-policy.md")).exists();

    Run second = run("init", dir.toString());
    assertThat(second.code()).isEqualTo(1);
    assertThat(second.err()).contains("exists; use --force to overwrite");
    assertThat(run("init", "--force", dir.toString()).code()).isZero();
  }
}
