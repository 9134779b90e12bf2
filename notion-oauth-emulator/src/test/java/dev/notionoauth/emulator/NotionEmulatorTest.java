package dev.notionoauth.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotionEmulatorTest {
  static final String REDIRECT = "http://localhost:8080/notion/callback";
  private NotionEmulator notion;

  @BeforeEach
  void start() {
    notion = NotionEmulator.start();
  }

  @AfterEach
  void stop() {
    notion.close();
  }

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postToken(
      NotionEmulator notion, String contentType, String body, boolean version, String secret)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(notion.baseUrl().resolve("/v1/oauth/token"))
            .header("Authorization", basic(secret))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (version) {
      b.header("Notion-Version", "2026-03-11");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** HTTP Basic credentials of the default client with {@code secret}. */
  private static String basic(String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (NotionEmulator.DEFAULT_CLIENT_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static URI authorize(NotionEmulator notion, String redirectUri) {
    return URI.create(
        notion.baseUrl()
            + "/v1/oauth/authorize?client_id="
            + NotionEmulator.DEFAULT_CLIENT_ID
            + "&response_type=code&owner=user&redirect_uri="
            + java.net.URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
            + "&state=s1");
  }

  @Test
  void listensOnLoopbackOnAFreePort() {
    assertThat(notion.baseUrl().getHost()).isEqualTo("127.0.0.1");
    assertThat(notion.port()).isPositive();
  }

  @Test
  void showsAConsentPageWithAllowAndCancel() throws Exception {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, REDIRECT);

    HttpResponse<String> page = get(authorize(notion, REDIRECT));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Allow access")
        .contains("Cancel")
        .contains("<form method=\"post\"");
  }

  @Test
  void aUserOfSeveralWorkspacesPicksOneOnTheConsentPage() throws Exception {
    try (NotionEmulator several =
        NotionEmulator.builder().moreWorkspaces("Team <B>").redirectUri(REDIRECT).start()) {
      assertThat(get(authorize(several, REDIRECT)).body())
          .contains("<select id=\"workspace\" name=\"workspace\">")
          .contains("<option>Emulated Workspace</option><option>Team &lt;B&gt;</option>");
    }
  }

  @Test
  void refusesAnUnregisteredRedirectUriWithAnErrorPageAndNoRedirect() throws Exception {
    HttpResponse<String> page = get(authorize(notion, "https://evil.example/callback"));

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.headers().firstValue("location")).isEmpty();
    assertThat(page.body()).contains("Missing or invalid redirect_uri");
  }

  @Test
  void redirectsBackWithCodeAndStateOrAccessDenied() {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, REDIRECT);

    assertThat(notion.approve(authorize(notion, REDIRECT)).toString())
        .matches("http://localhost:8080/notion/callback\\?code=cnry7q-[0-9a-f-]{36}&state=s1");
    assertThat(notion.deny(authorize(notion, REDIRECT)).toString())
        .isEqualTo("http://localhost:8080/notion/callback?error=access_denied&state=s1");
  }

  @Test
  void autoApproveModeRedirectsAtOnce() throws Exception {
    try (NotionEmulator notion =
        NotionEmulator.builder().autoApprove(true).redirectUri(REDIRECT).start()) {
      HttpResponse<String> r = get(authorize(notion, REDIRECT));

      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("location").orElseThrow()).startsWith(REDIRECT + "?code=");
    }
  }

  @Test
  void tokenEndpointDemandsTheClientsBasicCredentials() throws Exception {
    HttpResponse<String> r = postToken(notion, "application/json", "{}", true, "wrong");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"code\":\"invalid_client\"");
  }

  @Test
  void tokenEndpointDemandsNotionVersion() throws Exception {
    HttpResponse<String> r =
        postToken(notion, "application/json", "{}", false, NotionEmulator.DEFAULT_CLIENT_SECRET);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("missing_version");
  }

  @Test
  void tokenEndpointRefusesAFormEncodedBodyLikeThePythonOriginalSent() throws Exception {
    HttpResponse<String> r =
        postToken(
            notion,
            "application/x-www-form-urlencoded",
            "grant_type=authorization_code&code=abc&redirect_uri=x",
            true,
            NotionEmulator.DEFAULT_CLIENT_SECRET);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("invalid_request");
  }

  @Test
  void tokenEndpointRefusesUnknownGrantTypesAndSecretsInTheBody() throws Exception {
    assertThat(
            postToken(
                    notion,
                    "application/json",
                    "{\"grant_type\":\"password\"}",
                    true,
                    NotionEmulator.DEFAULT_CLIENT_SECRET)
                .body())
        .contains("unsupported_grant_type");
    assertThat(
            postToken(
                    notion,
                    "application/json",
                    "{\"grant_type\":\"authorization_code\",\"client_secret\":\"x\"}",
                    true,
                    NotionEmulator.DEFAULT_CLIENT_SECRET)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            postToken(
                    notion,
                    "application/json",
                    "not json",
                    true,
                    NotionEmulator.DEFAULT_CLIENT_SECRET)
                .body())
        .contains("invalid_json");
  }

  @Test
  void aCodeMustBeExchangedWithTheSameRedirectUriAndBeforeItExpires() throws Exception {
    MutableClock clock = new MutableClock();
    try (NotionEmulator notion =
        NotionEmulator.builder()
            .clock(clock)
            .redirectUri(REDIRECT)
            .redirectUri(REDIRECT + "2")
            .start()) {
      String mismatched = codeOf(notion.approve(authorize(notion, REDIRECT)));
      String late = codeOf(notion.approve(authorize(notion, REDIRECT)));

      HttpResponse<String> wrongUri =
          postToken(
              notion,
              "application/json",
              "{\"grant_type\":\"authorization_code\",\"code\":\""
                  + mismatched
                  + "\",\"redirect_uri\":\""
                  + REDIRECT
                  + "2\"}",
              true,
              NotionEmulator.DEFAULT_CLIENT_SECRET);
      clock.advance(Duration.ofMinutes(11));
      HttpResponse<String> expired =
          postToken(
              notion,
              "application/json",
              "{\"grant_type\":\"authorization_code\",\"code\":\""
                  + late
                  + "\",\"redirect_uri\":\""
                  + REDIRECT
                  + "\"}",
              true,
              NotionEmulator.DEFAULT_CLIENT_SECRET);

      assertThat(wrongUri.statusCode()).isEqualTo(400);
      assertThat(wrongUri.body()).contains("invalid_grant").contains("redirect_uri");
      assertThat(expired.body()).contains("invalid_grant").contains("expired");
    }
  }

  @Test
  void recordsEveryRequestAndClearsBetweenTests() throws Exception {
    assertThat(notion.requests()).isEmpty();

    postToken(notion, "application/json", "{}", true, "x");

    assertThat(notion.requests(Endpoint.TOKEN)).hasSize(1);
    assertThat(notion.requests(Endpoint.TOKEN).get(0).basicCredentials())
        .contains(NotionEmulator.DEFAULT_CLIENT_ID + ":x");
  }

  private static String codeOf(URI callback) {
    return NotionEmulator.codeOf(callback).orElseThrow();
  }

  private HttpResponse<String> api(NotionEmulator on, String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(on.baseUrl().resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Notion-Version", "2026-03-11")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String accessToken(NotionEmulator on) throws Exception {
    String code = codeOf(on.approve(authorize(on, REDIRECT)));
    HttpResponse<String> r =
        postToken(
            on,
            "application/json",
            "{\"grant_type\":\"authorization_code\",\"code\":\""
                + code
                + "\",\"redirect_uri\":\""
                + REDIRECT
                + "\"}",
            true,
            NotionEmulator.DEFAULT_CLIENT_SECRET);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void itsGrantsRouteCountsLiveRefreshTokensPerWorkspaceAndNeverShowsOne() throws Exception {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, REDIRECT);
    String code = codeOf(notion.approve(authorize(notion, REDIRECT)));
    String pair =
        postToken(
                notion,
                "application/json",
                "{\"grant_type\":\"authorization_code\",\"code\":\""
                    + code
                    + "\",\"redirect_uri\":\""
                    + REDIRECT
                    + "\"}",
                true,
                NotionEmulator.DEFAULT_CLIENT_SECRET)
            .body();
    String refresh = pair.replaceAll("(?s).*\"refresh_token\":\"([^\"]+)\".*", "$1");
    URI grants = notion.baseUrl().resolve("/_emulator/grants");
    assertThat(get(grants).body())
        .contains("\"refresh_tokens_issued\":1,\"live_refresh_tokens\":1")
        .doesNotContain(refresh);

    String rotated =
        postToken(
                notion,
                "application/json",
                "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refresh + "\"}",
                true,
                NotionEmulator.DEFAULT_CLIENT_SECRET)
            .body();
    assertThat(get(grants).body())
        .contains("\"refresh_tokens_issued\":2,\"live_refresh_tokens\":1");

    String access = rotated.replaceAll("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");
    http.send(
        HttpRequest.newBuilder(notion.baseUrl().resolve("/v1/oauth/revoke"))
            .header("Authorization", basic(NotionEmulator.DEFAULT_CLIENT_SECRET))
            .header("Content-Type", "application/json")
            .header("Notion-Version", "2026-03-11")
            .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + access + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get(grants).body())
        .contains("\"workspace_id\":\"" + OAuthServer.workspaceIdOf("Emulated Workspace") + "\"")
        .contains("\"refresh_tokens_issued\":2,\"live_refresh_tokens\":0");
  }

  @Test
  void theApiAnswersAKnownTokenAndRefusesAnUnknownOneWith401() throws Exception {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, REDIRECT);
    String token = accessToken(notion);

    HttpResponse<String> me = api(notion, "/v1/users/me", token);
    HttpResponse<String> unknown = api(notion, "/v1/users/me", "ntn_unknown");

    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"type\":\"bot\"");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).contains("\"code\":\"unauthorized\"");
  }

  @Test
  void anAccessTokenOlderThanItsLifetimeIs401() throws Exception {
    MutableClock clock = new MutableClock();
    try (NotionEmulator expiring =
        NotionEmulator.builder()
            .clock(clock)
            .accessTokenLifetime(Duration.ofMinutes(60))
            .redirectUri(REDIRECT)
            .start()) {
      String token = accessToken(expiring);
      assertThat(api(expiring, "/v1/users/me", token).statusCode()).isEqualTo(200);

      clock.advance(Duration.ofMinutes(60));

      assertThat(api(expiring, "/v1/users/me", token).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void theWorkspaceLimitAnswers429WithRetryAfterAndTheReason() throws Exception {
    try (NotionEmulator limited =
        NotionEmulator.builder()
            .apiLimitPerWorkspace(2, Duration.ofMinutes(1))
            .redirectUri(REDIRECT)
            .start()) {
      String token = accessToken(limited);
      api(limited, "/v1/users/me", token);
      api(limited, "/v1/users/me", token);

      HttpResponse<String> third = api(limited, "/v1/users/me", token);

      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(third.headers().firstValue("retry-after").orElseThrow()))
          .isBetween(1L, 60L);
      assertThat(third.body())
          .contains("\"code\":\"rate_limited\"")
          .contains("\"rate_limit_reason\":\"workspace_rate_limit\"");
    }
  }

  @Test
  void pagesAreReadableOnlyWhenShared() throws Exception {
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, REDIRECT);
    String token = accessToken(notion);
    String shared = notion.createPage("Shared", PageAccess.SHARED);
    String hidden = notion.createPage("Hidden", PageAccess.NOT_SHARED);
    String locked = notion.createPage("Locked", PageAccess.RESTRICTED);

    assertThat(api(notion, "/v1/pages/" + shared, token).statusCode()).isEqualTo(200);
    assertThat(api(notion, "/v1/pages/" + hidden, token).statusCode()).isEqualTo(404);
    assertThat(api(notion, "/v1/pages/" + locked, token).statusCode()).isEqualTo(403);
  }
}
