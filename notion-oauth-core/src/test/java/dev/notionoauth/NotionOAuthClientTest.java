package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.ErrorShape;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.RecordedRequest;
import dev.notionoauth.emulator.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotionOAuthClientTest {
  static final String REDIRECT = "http://localhost:8080/notion/callback";

  @RegisterExtension
  static final EmulatedNotion NOTION = EmulatedNotion.configured(b -> b.autoApprove(true));

  private NotionOAuthClient client() {
    return client(UnaryOperator.identity());
  }

  private final RecordingTicker ticker = new RecordingTicker();

  private NotionOAuthClient client(UnaryOperator<NotionOAuthSettings.Builder> tweak) {
    return clientBuilder(tweak).build();
  }

  private NotionOAuthClient.Builder clientBuilder(
      UnaryOperator<NotionOAuthSettings.Builder> tweak) {
    return NotionOAuthClient.builder(tweak.apply(NOTION.settingsFor(REDIRECT)).build())
        .ticker(ticker);
  }

  /** A fresh code, obtained the way a browser would. */
  private static AuthorizationCode code(NotionOAuthClient client) {
    URI callback =
        NOTION.emulator().approve(client.authorizeUrl(State.generate(new SecureRandom())));
    NOTION.emulator().clearRequests();
    return new AuthorizationCode(NotionEmulator.codeOf(callback).orElseThrow());
  }

  private static int tokenCalls() {
    return NOTION.emulator().requests(Endpoint.TOKEN).size();
  }

  @Test
  void anObserverHearsEachAttemptByCallAndStatus() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    NotionOAuthClient client =
        clientBuilder(UnaryOperator.identity())
            .observer((call, status, nanos) -> heard.add(call + " " + status))
            .build();
    TokenResponse token = client.exchangeCode(code(client));
    RefreshToken refresh = Objects.requireNonNull(token.refreshToken());
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.error(400, "invalid_grant"));

    assertThatThrownBy(() -> client.refresh(refresh)).isInstanceOf(NotionOAuthException.class);
    client.introspect(token.accessToken());

    assertThat(heard).containsExactly("exchange 200", "refresh 400", "introspect 200");
  }

  @Test
  void sendsBasicCredentialsAJsonBodyNotionVersionAndItsUserAgent() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);

    client.exchangeCode(code);

    RecordedRequest r = NOTION.emulator().requests(Endpoint.TOKEN).get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.basicCredentials())
        .contains(NotionEmulator.DEFAULT_CLIENT_ID + ":" + NotionEmulator.DEFAULT_CLIENT_SECRET);
    assertThat(r.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.header("Notion-Version")).contains("2026-03-11");
    assertThat(r.header("User-Agent"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("notion-oauth-handler-java/"));
    JsonNode body = JsonMapper.builder().build().readTree(r.body());
    List<String> fields = new ArrayList<>(body.propertyNames());
    assertThat(fields).containsExactly("grant_type", "code", "redirect_uri");
    assertThat(body.get("grant_type").stringValue()).isEqualTo("authorization_code");
    assertThat(body.get("code").stringValue()).isEqualTo(code.value());
    assertThat(body.get("redirect_uri").stringValue()).isEqualTo(REDIRECT);
  }

  @Test
  void sendsTheConfiguredNotionVersion() {
    NotionOAuthClient client = client(b -> b.notionVersion("2025-09-03"));

    client.exchangeCode(code(client));

    assertThat(NOTION.emulator().requests(Endpoint.TOKEN).get(0).header("Notion-Version"))
        .contains("2025-09-03");
  }

  @Test
  void exchangesACodeForATokenPairWithEveryField() {
    NotionOAuthClient client = client();

    TokenResponse t = client.exchangeCode(code(client));

    assertThat(t.accessToken().value()).startsWith("ntn_");
    assertThat(t.refreshToken()).isNotNull();
    assertThat(t.botId()).isEqualTo(NOTION.emulator().botIdFor(NotionEmulator.DEFAULT_CLIENT_ID));
    assertThat(t.workspaceId()).isEqualTo(NOTION.emulator().workspaceId());
    assertThat(t.workspaceName()).isEqualTo("Emulated Workspace");
    assertThat(((Owner.User) t.owner()).user().email()).isEqualTo("ada@example.org");
    assertThat(t.requestId()).isNotBlank();
  }

  @Test
  void rejectsASecondExchangeOfTheSameCodeAndRevokesWhatTheFirstGave() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    TokenResponse first = client.exchangeCode(code);

    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOfSatisfying(
            NotionApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("invalid_grant");
              assertThat(e.requestId()).isPresent();
            });
    assertThat(client.introspect(first.accessToken()).active()).isFalse();
  }

  @Test
  void refreshRotatesBothTokensAndRetiresTheOldPair() {
    NotionOAuthClient client = client();
    TokenResponse first = client.exchangeCode(code(client));

    TokenResponse second = client.refresh(Objects.requireNonNull(first.refreshToken()));

    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(second.botId()).isEqualTo(first.botId());
    assertThat(client.introspect(first.accessToken()).active()).isFalse();
    assertThat(client.introspect(second.accessToken()).active()).isTrue();
    RefreshToken old = Objects.requireNonNull(first.refreshToken());
    assertThatThrownBy(() -> client.refresh(old))
        .isInstanceOfSatisfying(
            NotionApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_grant"));
    assertThat(
            JsonMapper.builder()
                .build()
                .readTree(NOTION.emulator().requests(Endpoint.TOKEN).get(1).body())
                .get("grant_type")
                .stringValue())
        .isEqualTo("refresh_token");
  }

  @Test
  void revokedTokensIntrospectAsInactive() {
    NotionOAuthClient client = client();
    TokenResponse t = client.exchangeCode(code(client));
    assertThat(client.introspect(t.accessToken()).active()).isTrue();
    assertThat(client.introspect(t.accessToken()).issuedAt()).isNotNull();

    client.revoke(t.accessToken());

    assertThat(client.introspect(t.accessToken()).active()).isFalse();
    assertThat(NOTION.emulator().isActive(t.accessToken().value())).isFalse();
    assertThat(NOTION.emulator().requests(Endpoint.REVOKE).get(0).body())
        .isEqualTo("{\"token\":\"" + t.accessToken().value() + "\"}");
  }

  @Test
  void waitsOutA429RetryAfterThenSucceeds() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.rateLimited(Duration.ofSeconds(1)));

    client.exchangeCode(code);

    assertThat(tokenCalls()).isEqualTo(2);
    assertThat(ticker.sleeps()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void failsAtOnceWhenNotionAsksToWaitLongerThanTheCap() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.rateLimited(Duration.ofSeconds(120)));

    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOfSatisfying(
            NotionRateLimitedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.code()).isEqualTo("rate_limited");
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
            });
    assertThat(ticker.sleeps()).as("nothing waited").isEmpty();
    assertThat(tokenCalls()).isEqualTo(1);
  }

  @Test
  void givesUpOn529AfterTheMaximumAttempts() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.overloaded(Duration.ZERO), 3);

    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOfSatisfying(
            NotionRateLimitedException.class, e -> assertThat(e.status()).isEqualTo(529));
    assertThat(tokenCalls()).isEqualTo(3);
  }

  @Test
  void fallsBackToABackoffWhenRetryAfterIsUnusable() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.rateLimited("abc"));
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.rateLimited((String) null));

    client.exchangeCode(code);

    assertThat(tokenCalls()).isEqualTo(3);
  }

  @Test
  void neverRepeatsACodeExchangeAfterAServerError() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.serverError());

    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOfSatisfying(
            NotionApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.code()).isEqualTo("internal_server_error");
            });
    assertThat(tokenCalls()).isEqualTo(1);
  }

  @Test
  void repeatsAnIntrospectionAfterAServerError() {
    NotionOAuthClient client = client();
    TokenResponse t = client.exchangeCode(code(client));
    NOTION.emulator().failNext(Endpoint.INTROSPECT, Fault.serverError());

    assertThat(client.introspect(t.accessToken()).active()).isTrue();
    assertThat(NOTION.emulator().requests(Endpoint.INTROSPECT)).hasSize(2);
  }

  @Test
  void timesOutOnAHangingNotionWithoutRepeatingTheExchange() {
    NotionOAuthClient client = client(b -> b.attemptTimeout(Duration.ofMillis(800)));
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.hang());

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOfSatisfying(
            NotionTransportException.class,
            e -> assertThat(e.kind()).isEqualTo(NotionTransportException.Kind.TIMEOUT));
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(700L);
    assertThat(tokenCalls()).isEqualTo(1);
  }

  @Test
  void aRefreshWaitsLongerThanAnExchangeSoASlowRotationIsNotLost() {
    // an exchange gives up after 500 ms; Notion takes 900 ms to rotate the pair. A refresh that
    // gave up as early would lose the new pair for good (Notion has already retired the old one)
    NotionOAuthClient client = client(b -> b.attemptTimeout(Duration.ofMillis(500)));
    TokenResponse first = client.exchangeCode(code(client));
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.delay(Duration.ofMillis(900)));

    TokenResponse second = client.refresh(Objects.requireNonNull(first.refreshToken()));

    assertThat(client.introspect(second.accessToken()).active()).isTrue();
    assertThat(tokenCalls()).isEqualTo(2);
  }

  @Test
  void theDeadlineCoversABodyThatDripsAfterTheHeaders() {
    NotionOAuthClient client = client(b -> b.attemptTimeout(Duration.ofMillis(800)));
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.drip(Duration.ofMillis(50)));

    // a drip of 50 ms a chunk would complete long after the deadline: only a deadline that covers
    // the body makes this a timeout
    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOfSatisfying(
            NotionTransportException.class,
            e -> assertThat(e.kind()).isEqualTo(NotionTransportException.Kind.TIMEOUT));
  }

  @Test
  void waitsForASlowButTimelyAnswer() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.delay(Duration.ofMillis(300)));

    long start = System.nanoTime();
    client.exchangeCode(code);

    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300L);
    assertThat(tokenCalls()).isEqualTo(1);
  }

  @Test
  void refusesAnAnswerLargerThanTheCap() {
    NotionOAuthClient client = client(b -> b.maxResponseBytes(16 * 1024));
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.largeBody(200_000));

    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessageContaining("larger than 16384 bytes");
  }

  @Test
  void reportsMalformedJsonAndHtmlAsUnusableAnswers() {
    NotionOAuthClient client = client();
    AuthorizationCode first = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.malformedJson());
    assertThatThrownBy(() -> client.exchangeCode(first))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessage("token response is not valid JSON");

    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.htmlBody(200));
    assertThatThrownBy(() -> client.exchangeCode(code(client)))
        .isInstanceOf(NotionInvalidResponseException.class);
  }

  @Test
  void refusesANotionWhoseCertificateIsNotTrustedAndNeverFallsBackToPlainHttp(@TempDir Path dir)
      throws Exception {
    SSLContext tls = SelfSignedCertificate.create(dir).serverContext();
    HttpsServer fake =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    fake.setHttpsConfigurator(new HttpsConfigurator(tls));
    AtomicInteger answered = new AtomicInteger();
    fake.createContext(
        "/",
        ex -> {
          answered.incrementAndGet();
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    fake.start();
    try {
      NotionOAuthClient client =
          client(b -> b.apiBaseUrl(URI.create("https://127.0.0.1:" + fake.getAddress().getPort())));

      assertThatThrownBy(() -> client.exchangeCode(new AuthorizationCode("c0de")))
          .isInstanceOfSatisfying(
              NotionTransportException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(NotionTransportException.Kind.IO);
                assertThat(e).hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
                assertThat(e.getMessage()).doesNotContain("c0de");
              });
      assertThat(answered).hasValue(0);
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void reportsAnHtmlErrorPageAsAnApiErrorWithItsStatus() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.htmlBody(502));

    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOfSatisfying(
            NotionApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(502);
              assertThat(e.code()).isEqualTo("http_502");
            });
    assertThat(tokenCalls()).isEqualTo(1);
  }

  @Test
  void doesNotFollowARedirect() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.raw(302, "text/html", "moved"));

    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOf(NotionInvalidResponseException.class)
        .hasMessageContaining("redirect");
  }

  @Test
  void aConnectionBrokenMidAnswerIsAnIoFailureNotRetried() {
    NotionOAuthClient client = client();
    AuthorizationCode code = code(client);
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.brokenConnection());

    assertThatThrownBy(() -> client.exchangeCode(code))
        .isInstanceOfSatisfying(
            NotionTransportException.class,
            e -> assertThat(e.kind()).isEqualTo(NotionTransportException.Kind.IO));
    assertThat(tokenCalls()).isEqualTo(1);
  }

  @Test
  void retriesAFailedConnectThenReportsNotionUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    NotionOAuthClient client =
        client(b -> b.apiBaseUrl(URI.create("http://127.0.0.1:" + closedPort)));

    assertThatThrownBy(() -> client.exchangeCode(new AuthorizationCode("any")))
        .isInstanceOfSatisfying(
            NotionTransportException.class,
            e -> assertThat(e.kind()).isEqualTo(NotionTransportException.Kind.CONNECT));
    // three attempts with a jittered backoff (125-250 ms, then 250-500 ms) in between
    assertThat(ticker.sleeps()).hasSize(2);
    assertThat(ticker.sleeps().get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
    assertThat(ticker.sleeps().get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void wrongClientCredentialsAre401InvalidClientAndTheSecretIsNowhereInTheError() {
    NotionOAuthClient client = client(b -> b.clientSecret("CANARY-wrong-secret"));

    assertThatThrownBy(() -> client.exchangeCode(new AuthorizationCode("CANARY-CODE")))
        .isInstanceOfSatisfying(
            NotionApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.code()).isEqualTo("invalid_client");
              assertThat(String.valueOf(e)).doesNotContain("CANARY");
            });
  }

  @Test
  void understandsTheOAuthErrorShapeToo() {
    try (NotionEmulator oauthShaped =
        NotionEmulator.builder().errorShape(ErrorShape.OAUTH).start()) {
      NotionOAuthClient client =
          NotionOAuthClient.create(EmulatedNotion.settingsFor(oauthShaped, REDIRECT).build());

      assertThatThrownBy(() -> client.exchangeCode(new AuthorizationCode("unknown")))
          .isInstanceOfSatisfying(
              NotionApiException.class,
              e -> {
                assertThat(e.code()).isEqualTo("invalid_grant");
                assertThat(e.notionMessage()).contains("Invalid code.");
                assertThat(e.requestId()).isPresent();
              });
    }
  }

  @Test
  void acceptsAConnectionWithoutRefreshTokens() {
    try (NotionEmulator legacy =
        NotionEmulator.builder().autoApprove(true).issueRefreshTokens(false).start()) {
      NotionOAuthClient client =
          NotionOAuthClient.create(EmulatedNotion.settingsFor(legacy, REDIRECT).build());
      URI callback = legacy.approve(client.authorizeUrl(State.generate(new SecureRandom())));

      TokenResponse t =
          client.exchangeCode(new AuthorizationCode(NotionEmulator.codeOf(callback).orElseThrow()));

      assertThat(t.refreshToken()).isNull();
    }
  }

  @Test
  void introspectingAnUnknownTokenSaysInactive() {
    assertThat(client().introspect(new AccessToken("ntn_unknown")).active()).isFalse();
  }

  @Test
  void eachWorkspaceTheUserPicksHasItsOwnBotWhichRefreshAndReauthorizationKeep() throws Exception {
    try (NotionEmulator notion =
        NotionEmulator.builder().moreWorkspaces("Team <B>").redirectUri(REDIRECT).start()) {
      NotionOAuthClient client =
          NotionOAuthClient.create(EmulatedNotion.settingsFor(notion, REDIRECT).build());

      TokenResponse first =
          exchange(client, notion.approve(client.authorizeUrl(State.generate(new SecureRandom()))));
      TokenResponse team =
          exchange(
              client,
              notion.approve(client.authorizeUrl(State.generate(new SecureRandom())), "Team <B>"));
      TokenResponse other =
          exchange(
              client,
              notion.approve(
                  client.authorizeUrl(State.generate(new SecureRandom())), "Side project"));
      TokenResponse teamAgain =
          exchange(
              client,
              notion.approve(client.authorizeUrl(State.generate(new SecureRandom())), "Team <B>"));
      TokenResponse refreshed =
          client.refresh(java.util.Objects.requireNonNull(team.refreshToken()));

      assertThat(first.botId()).isEqualTo(notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID));
      assertThat(first.workspaceId()).isEqualTo(notion.workspaceId());
      assertThat(team.workspaceName()).isEqualTo("Team <B>");
      assertThat(team.workspaceId()).isEqualTo(NotionEmulator.workspaceIdOf("Team <B>"));
      assertThat(java.util.Set.of(first.botId(), team.botId(), other.botId())).hasSize(3);
      assertThat(teamAgain.botId()).isEqualTo(team.botId());
      assertThat(refreshed.botId()).isEqualTo(team.botId());
      assertThat(refreshed.workspaceName()).isEqualTo("Team <B>");
    }
  }

  private static TokenResponse exchange(NotionOAuthClient client, URI callback) {
    return client.exchangeCode(
        new AuthorizationCode(NotionEmulator.codeOf(callback).orElseThrow()));
  }
}
