package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DocumentsTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();
  @TempDir static Path dir;
  static NotionOAuthServer server;
  static URI base;
  private final HttpBrowser browser = new HttpBrowser();

  @BeforeAll
  static void start() throws IOException {
    Files.writeString(
        dir.resolve("terms.md"),
        "# Terms of Use\n\nBe *kind*.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n");
    Files.writeString(dir.resolve("privacy.html"), "<html><body><h1>Privacy</h1></body></html>");
    Files.writeString(dir.resolve("notice.txt"), "plain notice");
    Files.writeString(dir.resolve("secret.txt"), "not published");
    int port = TestServers.freePort();
    server =
        NotionOAuthServer.builder(
                TestServers.config(NOTION.emulator(), port)
                    .document("/terms", ServerConfig.Document.of(dir.resolve("terms.md"), null))
                    .document(
                        "/legal/privacy",
                        ServerConfig.Document.of(dir.resolve("privacy.html"), null))
                    .document(
                        "/notice",
                        ServerConfig.Document.of(dir.resolve("notice.txt"), "text/plain"))
                    .build())
            .build()
            .start();
    base = URI.create("http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void rendersMarkdownToACleanEscapedPage() {
    HttpResponse<String> r = browser.get(base.resolve("/terms"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElseThrow().replace(" ", ""))
        .isEqualToIgnoringCase("text/html;charset=utf-8");
    assertThat(r.body())
        .contains("<title>Terms of Use")
        .contains("<h1>Terms of Use</h1>")
        .contains("<em>kind</em>")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>")
        .doesNotContain("javascript:");
    assertThat(r.headers().firstValue("content-security-policy").orElseThrow())
        .startsWith("default-src 'none'");
  }

  @Test
  void servesHtmlAndTextAsTheyAreWithTheirCharset() {
    HttpResponse<String> html = browser.get(base.resolve("/legal/privacy"));
    HttpResponse<String> text = browser.get(base.resolve("/notice"));

    assertThat(html.body()).isEqualTo("<html><body><h1>Privacy</h1></body></html>");
    assertThat(html.headers().firstValue("content-type").orElseThrow().replace(" ", ""))
        .isEqualToIgnoringCase("text/html;charset=utf-8");
    assertThat(html.headers().firstValue("content-security-policy").orElseThrow())
        .contains("script-src 'none'");
    assertThat(text.body()).isEqualTo("plain notice");
    assertThat(text.headers().firstValue("content-type").orElseThrow().replace(" ", ""))
        .isEqualToIgnoringCase("text/plain;charset=utf-8");
  }

  @Test
  void answersConditionalRequestsWith304() {
    HttpResponse<String> first = browser.get(base.resolve("/terms"));
    String etag = first.headers().firstValue("etag").orElseThrow();
    String lastModified = first.headers().firstValue("last-modified").orElseThrow();

    assertThat(browser.get(base.resolve("/terms"), "If-None-Match", etag).statusCode())
        .isEqualTo(304);
    assertThat(browser.get(base.resolve("/terms"), "If-Modified-Since", lastModified).statusCode())
        .isEqualTo(304);
    assertThat(browser.get(base.resolve("/terms"), "If-None-Match", "\"other\"").statusCode())
        .isEqualTo(200);
    assertThat(browser.send("HEAD", base.resolve("/terms")).headers().firstValue("etag"))
        .contains(etag);
  }

  @Test
  void picksUpAnEditedFileWithANewEtag() throws IOException {
    String before = browser.get(base.resolve("/notice")).headers().firstValue("etag").orElseThrow();
    Files.writeString(dir.resolve("notice.txt"), "edited notice");
    Files.setLastModifiedTime(
        dir.resolve("notice.txt"), FileTime.from(Instant.now().plusSeconds(5)));

    HttpResponse<String> after = browser.get(base.resolve("/notice"));

    assertThat(after.body()).isEqualTo("edited notice");
    assertThat(after.headers().firstValue("etag").orElseThrow()).isNotEqualTo(before);
  }

  @Test
  void noOtherFileCanBeReached() {
    for (String path :
        new String[] {
          "/secret.txt",
          "/terms/../secret.txt",
          "/legal/",
          "/legal/privacy/../../secret.txt",
          "/terms.md",
          "/legal/%2e%2e/secret.txt",
          "/terms/x",
          "/" + dir.resolve("secret.txt")
        }) {
      HttpResponse<String> r = browser.get(URI.create(base + path));
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(r.body()).as(path).doesNotContain("not published");
    }
  }
}
