package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.appevent.StandardWebhooksSigner;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.RequiredServices;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Python blocks of {@code docs/api.md}, run as they are written (standard library only) with
 * python3 against the built server and the emulator: the API client makes an install link, finds
 * the installation and calls Notion through the proxy; the verifier accepts a signed app event and
 * refuses an altered one.
 */
class PythonSnippetsTest {
  static final Path DOC = Path.of("../docs/api.md");

  static List<String> pythonBlocks() throws IOException {
    Matcher m =
        Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(DOC, StandardCharsets.UTF_8));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String python(String program, String... env) throws Exception {
    Path file = Files.createTempFile("snippet", ".py");
    Files.writeString(file, program);
    ProcessBuilder pb = new ProcessBuilder("python3", file.toString()).redirectErrorStream(true);
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      RequiredServices.missing("python", "python3 is not installed");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void theApiClientBlockRunsAgainstTheServerAsWritten() throws Exception {
    String block = pythonBlocks().get(0);
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .installLinkSecret(ServerFlowTest.LINK_SECRET)
              .apiEnabled(true)
              .build();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        String key =
            server
                .components()
                .apiKeys()
                .orElseThrow()
                .create("python", EnumSet.allOf(ApiScope.class))
                .orElseThrow()
                .secret()
                .reveal();
        // the user u-42 connected a workspace earlier, through a link the API made
        String program =
            block.replace(
                "https://oauth.example.com/api/v1", "http://localhost:" + port + "/api/v1");
        String linkOnly = program.substring(0, program.indexOf("\nmine ="));
        String first = python(linkOnly + "\nprint(link)\n", "NOTION_OAUTH_API_KEY", key);
        URI link =
            URI.create(first.lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow());
        HttpBrowser browser = new HttpBrowser();
        browser.follow(browser.get(notion.approve(HttpBrowser.location(browser.get(link)))));
        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);

        String out =
            python(
                program + "\nprint(mine[0]['bot_id'], me['id'], me['type'])\n",
                "NOTION_OAUTH_API_KEY",
                key);
        assertThat(out.strip()).endsWith(botId + " " + botId + " bot");
      }
    }
  }

  @Test
  void theVerifierBlockAcceptsASignedEventAndRefusesAnAlteredOne() throws Exception {
    String block = pythonBlocks().get(1);
    String secret = StandardWebhooksSigner.generateSecret();
    String id = "msg_abc";
    long ts = Instant.now().getEpochSecond();
    String body = "{\"type\":\"installation.created\",\"data\":{\"bot_id\":\"b-1\"}}";
    String sig = StandardWebhooksSigner.of(secret).sign(id, ts, body);
    String call =
        "\nimport os\nh = {'webhook-id': os.environ['ID'], 'webhook-timestamp': os.environ['TS'],"
            + " 'webhook-signature': os.environ['SIG']}\n"
            + "verify(os.environ['SECRET'], h, os.environ['BODY'].encode())\nprint('verified')\n"
            + "try:\n    verify(os.environ['SECRET'], h, os.environ['BODY'].replace('b-1', 'b-2').encode())\n"
            + "    print('forgery accepted')\nexcept ValueError:\n    print('forgery refused')\n";
    String out =
        python(
            block + call,
            "ID",
            id,
            "TS",
            Long.toString(ts),
            "SIG",
            sig,
            "SECRET",
            secret,
            "BODY",
            body);
    assertThat(out).contains("verified").contains("forgery refused").doesNotContain("accepted");
  }
}
