package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpFuzzer;
import dev.notionoauth.testkit.HttpFuzzer.Route;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API's own listener ({@code api.port}) under the same hostile input as every other route: no
 * 5xx, no stack trace, the security headers; and only {@code /api/v1} answers there.
 */
class ApiPortFuzzTest {

  @Test
  void theApiOnItsOwnPortHoldsUnderFuzzedRequests() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      int apiPort = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.withApiPort(
                          TestServers.config(notion, port)
                              .installLinkSecret(ServerFlowTest.LINK_SECRET)
                              .apiEnabled(true),
                          apiPort)
                      .build())
              .build()
              .start()) {
        String key =
            "Authorization: Bearer "
                + server
                    .components()
                    .apiKeys()
                    .orElseThrow()
                    .create("fuzz", EnumSet.allOf(ApiScope.class))
                    .orElseThrow()
                    .secret()
                    .reveal();
        HttpFuzzer fuzzer = new HttpFuzzer("127.0.0.1", apiPort);
        int minimum = Math.min(2000, HttpFuzzer.iterations());
        for (Route route :
            List.of(
                new Route(
                    "api-port-installations",
                    "/api/v1/installations",
                    List.of("", "status=active&context.user-id=u-1"),
                    List.of(),
                    List.of(key),
                    true),
                new Route(
                    "api-port-links",
                    "/api/v1/install-links",
                    List.of(""),
                    List.of("{\"context\":{\"user-id\":\"u\"}}"),
                    List.of(key),
                    true),
                new Route(
                    "api-port-proxy",
                    "/api/v1/notion/b-1/v1/users/me",
                    List.of("", "page_size=2"),
                    List.of("{\"query\":\"x\"}"),
                    List.of(key),
                    true),
                new Route(
                    "api-port-elsewhere",
                    "/notion/install",
                    List.of(""),
                    List.of(),
                    List.of(),
                    true))) {
          assertThat(fuzzer.run(route, r -> "", HttpFuzzer::assertSafe))
              .isGreaterThanOrEqualTo(minimum);
        }
      }
    }
  }
}
