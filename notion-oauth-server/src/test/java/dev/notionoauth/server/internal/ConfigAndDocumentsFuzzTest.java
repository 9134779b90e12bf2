package dev.notionoauth.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.Plugins;
import dev.notionoauth.SeededFuzzer;
import dev.notionoauth.server.ConfigException;
import dev.notionoauth.server.ConfigLoader;
import dev.notionoauth.server.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration loader and the Markdown documents, fed {@link SeededFuzzer#iterations()}
 * mutated inputs each: the loader throws nothing but {@link ConfigException} and never echoes a
 * secret; a document never renders a script, an event handler or a {@code javascript:} link.
 */
class ConfigAndDocumentsFuzzTest {
  static final String SECRET = "CANARYsecret5b1e";
  static final String KEY = "Q0FOQVJZa2V5LTAxMjM0NTY3ODlhYmNkZWYwMTIzNDU=";

  @Test
  void theConfigLoaderReportsProblemsAndNeverASecret() {
    Plugins plugins = Plugins.discover();
    String valid =
        "notion:\n  client-id: abc\n  client-secret: "
            + SECRET
            + "\n  redirect-uri: https://example.org/notion/callback\nserver:\n  port: 8080\n"
            + "  trusted-proxies: [10.0.0.0/8]\n  idle-timeout: 30s\nstore:\n  encryption-key: "
            + KEY
            + "\nlisteners: [log]\nsettings: {a: 1}\n";
    SeededFuzzer.run(
        "yaml config",
        List.of(valid, "notion: {client-id: x}\n", "[1, 2]\n", "server:\n  port: ${PORT:-80}\n"),
        yaml -> {
          try {
            ConfigLoader.parse(yaml, Path.of("."), Map.of("PORT", "81"), plugins, "fuzz");
          } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
              assertThat(p.toString()).doesNotContain(SECRET).doesNotContain(KEY);
            }
          }
        });
  }

  @Test
  void aMarkdownDocumentNeverRendersActiveContent() {
    DocumentServlet docs = new DocumentServlet(Map.of(), "Acme");
    SeededFuzzer.run(
        "markdown documents",
        List.of(
            "# Terms\n\n[link](https://example.org) and <b>bold</b>\n",
            "[x](javascript:alert(1)) <script>alert(1)</script> <img src=x onerror=alert(1)>",
            "[y](JaVaScRiPt:alert(1)) [z](java%0ascript:x) ![i](data:text/html,<script>)",
            "<a href=\"javascript:x\">a</a> <svg onload=alert(1)>"),
        text -> {
          String html = docs.renderMarkdown(text).toLowerCase(Locale.ROOT);
          assertThat(html)
              .doesNotContain("<script")
              .doesNotContain("<svg")
              .doesNotContain("<img src=x");
          assertThat(html).doesNotContainPattern("href=\"\\s*javascript:");
          assertThat(html).doesNotContainPattern("<[a-z][^>]*\\son[a-z]+=");
        });
  }
}
