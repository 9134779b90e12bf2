package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpFuzzer;
import dev.notionoauth.testkit.HttpFuzzer.Route;
import dev.notionoauth.webhook.WebhookVerification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the standalone server fuzzed over real HTTP ({@link HttpFuzzer}, seeded and
 * replayable): no answer is a 5xx but a documented 503, none shows a stack trace, each carries the
 * same security headers, and nothing is logged at ERROR while it runs. The requests come through a
 * trusted proxy naming a random client, so the per-client limits spread over many buckets and the
 * fuzzing reaches past them.
 */
class HttpFuzzTest {
  private static final String SIGNATURE = "X-Notion-Signature: sha256=" + "ab".repeat(32);
  private static final String STATE =
      "AgAAAZN" + "x".repeat(110) + "Q"; // the shape of a sealed state, not one of ours

  private static NotionEmulator notion;
  private static NotionOAuthServer server;
  private static HttpFuzzer fuzzer;
  private static long logBefore;
  private static String apiKey;

  @BeforeAll
  static void start() throws Exception {
    notion = NotionEmulator.start();
    int port = TestServers.freePort();
    server =
        NotionOAuthServer.builder(
                TestServers.config(notion, port)
                    .webhooksEnabled(true)
                    .webhookReadTimeout(Duration.ofSeconds(1))
                    .trustedProxies(List.of("127.0.0.1/32"))
                    .document("/terms", TestServers.document("terms.md"))
                    .installLinkSecret(ServerFlowTest.LINK_SECRET)
                    .apiEnabled(true)
                    .consoleEnabled(true)
                    .build())
            .build()
            .start();
    // a capture window, so verification requests reach the store too
    new WebhookVerification(server.webhookStore().orElseThrow()).open(Duration.ofMinutes(30));
    apiKey =
        "Authorization: Bearer "
            + server
                .components()
                .apiKeys()
                .orElseThrow()
                .create("fuzz", java.util.EnumSet.allOf(dev.notionoauth.apikey.ApiScope.class))
                .orElseThrow()
                .secret()
                .reveal();
    fuzzer = new HttpFuzzer("127.0.0.1", port);
    logBefore = Files.size(TestServers.logFile());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    notion.close();
    String log = Files.readString(TestServers.logFile(), StandardCharsets.UTF_8);
    String during = log.substring((int) Math.min(logBefore, log.length()));
    assertThat(during.lines().filter(l -> l.contains(" ERROR ")).toList())
        .as("ERROR lines logged while fuzzing")
        .isEmpty();
  }

  /** A random client behind the trusted proxy, now and then a malformed header instead. */
  private static final Function<Random, String> CLIENT =
      r ->
          switch (r.nextInt(20)) {
            case 0 -> "X-Forwarded-For: not-an-address, 300.1.1.1";
            case 1 -> "Forwarded: for=\"[::1\";proto=http";
            case 2 -> "";
            default ->
                "X-Forwarded-For: 10."
                    + r.nextInt(256)
                    + "."
                    + r.nextInt(256)
                    + "."
                    + r.nextInt(256);
          };

  private static void fuzz(Route route) {
    assertThat(fuzzer.run(route, CLIENT, HttpFuzzer::assertSafe))
        .isGreaterThanOrEqualTo(Math.min(2000, HttpFuzzer.iterations()));
  }

  @Test
  void theInstallRoute() {
    fuzz(
        new Route(
            "install",
            "/notion/install",
            List.of("", "link=abc&sig=def", "user-id=42"),
            List.of(),
            List.of("Cookie: noh_bind=" + "a".repeat(43)),
            true));
  }

  @Test
  void theCallbackRoute() {
    fuzz(
        new Route(
            "callback",
            "/notion/callback",
            List.of(
                "code=abc-123&state=" + STATE,
                "error=access_denied&state=" + STATE,
                "code=abc-123",
                "code=%zz&state=" + STATE,
                "state=" + STATE + "&state=" + STATE),
            List.of(),
            List.of("Cookie: noh_bind=" + "a".repeat(43), "Cookie: __Host-noh_bind=x"),
            true));
  }

  @Test
  void theResultPages() {
    fuzz(
        new Route(
            "result",
            "/notion/result/" + "r".repeat(43),
            List.of("", "x=1"),
            List.of(),
            List.of(),
            true));
  }

  @Test
  void theClaimRoute() {
    fuzz(
        new Route(
            "claim",
            "/notion/result/claim",
            List.of("", "x=%zz"),
            List.of(),
            List.of("Cookie: noh_claim=abc.def"),
            true));
  }

  @Test
  void theDocuments() {
    fuzz(new Route("documents", "/terms", List.of("", "v=2"), List.of(), List.of(), true));
  }

  @Test
  void theWebhookRoute() {
    String event =
        "{\"id\":\"e-1\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"workspace_id\":\"w\","
            + "\"type\":\"page.created\",\"entity\":{\"id\":\"p\",\"type\":\"page\"},"
            + "\"accessible_by\":[],\"data\":{}}";
    fuzz(
        new Route(
            "webhooks",
            "/notion/webhooks",
            List.of(),
            List.of("{\"verification_token\":\"secret_fuzz\"}", event, "{}", "[]"),
            List.of(SIGNATURE, "Content-Type: application/json"),
            true));
  }

  @Test
  void theApiInstallationRoutes() {
    fuzz(
        new Route(
            "api-installations",
            "/api/v1/installations",
            List.of("", "status=active&limit=2", "context.user-id=u-1", "cursor=zz&limit=0"),
            List.of(),
            List.of(apiKey, "Authorization: Bearer nohk_" + "x".repeat(43)),
            true));
    fuzz(
        new Route(
            "api-installation",
            "/api/v1/installations/b-1/access-token",
            List.of(""),
            List.of(
                "{\"rejected_token_version\":1}", "{}", "[]", "{\"rejected_token_version\":1e99}"),
            List.of(apiKey, "Content-Type: application/json"),
            true));
  }

  @Test
  void theApiLinkRoutes() {
    fuzz(
        new Route(
            "api-install-links",
            "/api/v1/install-links",
            List.of(""),
            List.of(
                "{\"context\":{\"user-id\":\"u-1\"},\"valid_for\":60}",
                "{\"context\":[1]}",
                "{\"account_label\":\"<b>x</b>\"}"),
            List.of(apiKey, "Content-Type: application/json"),
            true));
  }

  @Test
  void theNotionProxyAndTheOpenApiDocument() {
    fuzz(
        new Route(
            "api-proxy",
            "/api/v1/notion/b-1/v1/users/me",
            List.of("", "page_size=2"),
            List.of("{\"query\":\"x\"}"),
            List.of(apiKey, "Notion-Version: 2022-06-28"),
            true));
    fuzz(new Route("api-openapi", "/api/v1/openapi.json", List.of(""), List.of(), List.of(), true));
  }

  @Test
  void theOperatorConsole() {
    fuzz(new Route("console", "/console", List.of("", "x=1"), List.of(), List.of(), true));
    fuzz(
        new Route(
            "console-sign-in",
            "/console/sign-in",
            List.of(""),
            List.of("csrf=abc&name=alice&password=correct+horse+battery"),
            List.of("Origin: http://localhost", "Cookie: noh_console_signin=abc"),
            true));
    fuzz(
        new Route(
            "console-installations",
            "/console/installations",
            List.of("", "q=acme&status=ACTIVE&after=b-1"),
            List.of(),
            List.of("Cookie: noh_console=" + "a".repeat(43)),
            true));
    fuzz(
        new Route(
            "console-action",
            "/console/installations/b-1/revoke",
            List.of(""),
            List.of("csrf=abc"),
            List.of("Origin: http://localhost", "Cookie: noh_console=" + "a".repeat(43)),
            true));
    fuzz(
        new Route(
            "console-capture",
            "/console/webhooks/verification/candidates/1/reveal",
            List.of("", "minutes=10"),
            List.of("csrf=abc&minutes=10"),
            List.of("Origin: http://localhost", "Cookie: noh_console=" + "a".repeat(43)),
            true));
  }

  @Test
  void healthAndReadiness() {
    fuzz(new Route("health", "/healthz", List.of("", "full=1"), List.of(), List.of(), true));
    fuzz(new Route("ready", "/readyz", List.of(""), List.of(), List.of(), true));
  }

  @Test
  void theMetrics() {
    fuzz(new Route("metrics", "/metrics", List.of("", "name[]=x"), List.of(), List.of(), true));
  }

  @Test
  void unknownPaths() {
    fuzz(new Route("unknown", "/WEB-INF/web.xml", List.of("", "a=b"), List.of(), List.of(), true));
  }
}
