package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installation;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many people installing at the same moment, each in their own workspace and signed in as their own
 * user of the host app: every installation must end up with its own user's context.
 */
class ConcurrentUsersTest {
  static final int USERS = 50;

  @Test
  void fiftyUsersCompletingAtOnceEachGetTheirOwnInstallationAndNoOneElses() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .installLinkSecret(ServerFlowTest.LINK_SECRET)
              .installRateLimit(1000)
              .build();
      InstallLinks links = new InstallLinks(Base64.getDecoder().decode(ServerFlowTest.LINK_SECRET));
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        URI base = URI.create("http://localhost:" + port);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long started = System.nanoTime();
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
          String user = "u-" + i;
          String workspace = "Workspace " + i;
          results.add(
              pool.submit(
                  () -> {
                    HttpBrowser browser = new HttpBrowser();
                    String link =
                        links.sign(FlowContext.of("user", user), Instant.now().plusSeconds(300));
                    HttpResponse<String> install =
                        browser.get(base.resolve("/notion/install?" + link));
                    URI authorize =
                        URI.create(install.headers().firstValue("location").orElseThrow());
                    return browser.follow(browser.get(notion.approve(authorize, workspace)));
                  }));
        }
        List<HttpResponse<String>> pages = new ArrayList<>();
        for (Future<HttpResponse<String>> f : results) {
          pages.add(f.get(60, TimeUnit.SECONDS));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        pool.shutdown();
        System.out.printf(
            "%d users completed the flow concurrently (16 at a time) in %d ms%n", USERS, millis);

        for (int i = 0; i < USERS; i++) {
          assertThat(pages.get(i).statusCode()).isEqualTo(200);
          assertThat(pages.get(i).body()).contains("Workspace " + i + "<");
        }
        assertThat(notion.requests(Endpoint.TOKEN)).hasSize(USERS);
        assertThat(server.installations().findByWorkspace(notion.workspaceId())).isEmpty();
        Set<String> accessTokens = new HashSet<>();
        for (int i = 0; i < USERS; i++) {
          List<Installation> mine = server.installations().findByContext("user", "u-" + i);
          assertThat(mine).as("installations of u-" + i).hasSize(1);
          Installation installation = mine.get(0);
          assertThat(installation.workspace().name()).isEqualTo("Workspace " + i);
          assertThat(installation.botId())
              .isEqualTo(notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID, "Workspace " + i));
          assertThat(notion.isActive(installation.tokens().access().value())).isTrue();
          accessTokens.add(installation.tokens().access().value());
        }
        assertThat(accessTokens).hasSize(USERS);
      }
    }
  }
}
