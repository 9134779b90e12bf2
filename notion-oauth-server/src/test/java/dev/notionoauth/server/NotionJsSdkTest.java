package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.MutableClock;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.PageAccess;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client nobody here wrote: Notion's official JavaScript SDK ({@code @notionhq/client}, from
 * npm), unchanged, with an API key as its {@code auth} and the proxy as its {@code baseUrl}, gets
 * the bot user, a search and a page from the emulator — after the installation's token expired,
 * through the coordinated refresh — and reads a Notion error the proxy passed back as Notion's.
 */
class NotionJsSdkTest {
  @Test
  void notionsJsSdkWorksUnchangedThroughTheProxyEvenAcrossAnExpiredToken() throws Exception {
    NodeChecks.require();
    MutableClock clock = new MutableClock();
    try (NotionEmulator notion =
        NotionEmulator.builder().accessTokenLifetime(Duration.ofMinutes(5)).clock(clock).start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .installLinkSecret(ServerFlowTest.LINK_SECRET)
              .apiEnabled(true)
              .build();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        URI base = URI.create("http://localhost:" + port);
        HttpBrowser browser = new HttpBrowser();
        URI authorize = HttpBrowser.location(browser.get(base.resolve("/notion/install")));
        assertThat(browser.follow(browser.get(notion.approve(authorize))).body())
            .contains("is now connected to");
        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID);
        String pageId = notion.createPage("Roadmap", PageAccess.SHARED);
        String key =
            server
                .components()
                .apiKeys()
                .orElseThrow()
                .create("node-app", Set.of(ApiScope.NOTION_PROXY))
                .orElseThrow()
                .secret()
                .reveal();

        clock.advance(Duration.ofMinutes(10)); // the stored access token has expired at Notion
        int tokenCalls = notion.requests(Endpoint.TOKEN).size();

        List<String> command = new ArrayList<>(List.of("node", "proxy-check.mjs"));
        command.addAll(List.of(base + "/api/v1/notion/" + botId, key, pageId));
        JsonNode got =
            JsonMapper.builder()
                .build()
                .readTree(NodeChecks.run(60, null, command.toArray(String[]::new)));

        assertThat(got.get("me").get("id").stringValue()).isEqualTo(botId);
        assertThat(got.get("me").get("type").stringValue()).isEqualTo("bot");
        assertThat(got.get("search").get("object").stringValue()).isEqualTo("list");
        assertThat(got.get("search").get("results").toString()).contains(pageId);
        assertThat(got.get("page").get("id").stringValue()).isEqualTo(pageId);
        assertThat(got.get("missing").get("status").asInt()).isEqualTo(404);
        assertThat(got.get("missing").get("code").stringValue()).isEqualTo("object_not_found");
        // exactly one refresh for the expired token, however many calls followed
        assertThat(notion.requests(Endpoint.TOKEN)).hasSize(tokenCalls + 1);
        // the SDK's own Notion-Version went through
        assertThat(notion.requests(Endpoint.USERS_ME).get(0).header("notion-version"))
            .contains("2025-09-03");
      }
    }
  }
}
