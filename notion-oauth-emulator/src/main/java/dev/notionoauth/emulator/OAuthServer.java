package dev.notionoauth.emulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulated Notion's OAuth state and rules, without HTTP: registered clients, pending consents,
 * codes, token pairs and bot ids. Each operation either returns its answer or throws a {@link
 * Refusal} carrying the status, Notion error code and message Notion would send. Thread-safe.
 */
final class OAuthServer {
  static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Who a bearer token belongs to.
   *
   * @param clientId the integration
   * @param workspaceName the workspace
   * @param botId the bot
   */
  record Bearer(String clientId, String workspaceName, String botId) {}

  /**
   * The owner of an access token, if it is active and younger than {@code lifetime} (null: no
   * expiry); else 401 {@code unauthorized}, as Notion answers.
   */
  Bearer bearer(@Nullable String authorization, @Nullable Duration lifetime) throws Refusal {
    String token =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).trim()
            : null;
    TokenInfo info = token == null ? null : accessTokens.get(token);
    if (info == null
        || !info.active
        || (lifetime != null && !clock.instant().isBefore(info.issuedAt.plus(lifetime)))) {
      throw new Refusal(401, "unauthorized", "API token is invalid.");
    }
    return new Bearer(
        info.clientId, info.workspaceName, botIdFor(info.clientId, info.workspaceName));
  }

  Clock clock() {
    return clock;
  }

  /** What the authorize page does with a valid request. */
  sealed interface AuthorizeAnswer {
    /** Redirect at once (auto-approve). */
    record Redirect(String location) implements AuthorizeAnswer {}

    /** Show the consent page for this pending consent. */
    record Consent(String consentId, String clientId, String redirectUri)
        implements AuthorizeAnswer {}
  }

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final boolean autoApprove;
  private final Duration codeTtl;
  private final boolean issueRefreshTokens;
  private final List<String> workspaceNames;
  private final EmulatedUser user;

  private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();
  private final Map<String, PendingConsent> consents = new ConcurrentHashMap<>();
  private final Map<String, CodeGrant> codes = new ConcurrentHashMap<>();
  private final Map<String, TokenInfo> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, TokenInfo> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, String> botIds = new ConcurrentHashMap<>();

  /** The emulated user: their id is derived from the email so it is stable across runs. */
  record EmulatedUser(String id, String name, String email) {
    static EmulatedUser of(String name, String email) {
      return new EmulatedUser(
          UUID.nameUUIDFromBytes(("user:" + email).getBytes(StandardCharsets.UTF_8)).toString(),
          name,
          email);
    }
  }

  OAuthServer(
      Clock clock,
      boolean autoApprove,
      Duration codeTtl,
      boolean issueRefreshTokens,
      List<String> workspaceNames,
      EmulatedUser user) {
    this.clock = clock;
    this.autoApprove = autoApprove;
    this.codeTtl = codeTtl;
    this.issueRefreshTokens = issueRefreshTokens;
    this.workspaceNames = List.copyOf(workspaceNames);
    this.user = user;
  }

  List<String> workspaceNames() {
    return workspaceNames;
  }

  EmulatedUser user() {
    return user;
  }

  // ---------------------------------------------------------------- clients

  void registerClient(String clientId, String clientSecret, Set<String> redirectUris) {
    clients.put(clientId, new RegisteredClient(clientId, clientSecret, redirectUris));
  }

  void registerRedirectUri(String clientId, String redirectUri) {
    RegisteredClient c = clients.get(clientId);
    if (c == null) {
      throw new IllegalArgumentException("no client registered with that id");
    }
    c.redirectUris.add(redirectUri);
  }

  /** The client whose HTTP Basic {@code Authorization} header this is. */
  RegisteredClient authenticate(@Nullable String authorization) throws Refusal {
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon > 0) {
          RegisteredClient c = clients.get(pair.substring(0, colon));
          if (c != null && c.clientSecret.equals(pair.substring(colon + 1))) {
            return c;
          }
        }
      } catch (IllegalArgumentException e) {
        // not base64: refused below
      }
    }
    throw new Refusal(401, "invalid_client", "Client authentication failed.");
  }

  // ---------------------------------------------------------------- authorize and consent

  /** Checks an authorize request's query parameters, as Notion's authorize page does. */
  AuthorizeAnswer authorize(Map<String, String> query) throws BadAuthorizeRequest {
    String clientId = query.get("client_id");
    RegisteredClient client = clientId == null ? null : clients.get(clientId);
    String redirectUri = query.get("redirect_uri");
    if (client == null) {
      throw new BadAuthorizeRequest("Missing or invalid client_id");
    }
    if (redirectUri == null || !client.redirectUris.contains(redirectUri)) {
      throw new BadAuthorizeRequest("Missing or invalid redirect_uri");
    }
    if (!"code".equals(query.get("response_type")) || !"user".equals(query.get("owner"))) {
      throw new BadAuthorizeRequest(
          "Invalid request: response_type must be code and owner must be user");
    }
    String state = query.getOrDefault("state", "");
    if (autoApprove) {
      String code = issueCode(client.clientId, redirectUri, workspaceNames.get(0));
      return new AuthorizeAnswer.Redirect(callback(redirectUri, "code=" + enc(code), state));
    }
    String consentId = token(24);
    consents.put(
        consentId,
        new PendingConsent(
            client.clientId, redirectUri, state, clock.instant().plus(Duration.ofMinutes(30))));
    return new AuthorizeAnswer.Consent(consentId, client.clientId, redirectUri);
  }

  /**
   * The user's answer on the consent page; returns where the browser is sent back.
   *
   * @param workspace the chosen workspace's name, or null for the default one
   */
  String decide(@Nullable String consentId, boolean allow, @Nullable String workspace)
      throws BadAuthorizeRequest {
    PendingConsent consent = consentId == null ? null : consents.remove(consentId);
    if (consent == null || clock.instant().isAfter(consent.expiresAt)) {
      throw new BadAuthorizeRequest(
          "This authorization request has expired. Start again from the integration.");
    }
    String chosen = (workspace == null ? workspaceNames.get(0) : workspace).strip();
    if (chosen.isEmpty() || chosen.length() > 100) {
      throw new BadAuthorizeRequest("Choose a workspace (a name of 1 to 100 characters).");
    }
    if (!allow) {
      return callback(consent.redirectUri, "error=access_denied", consent.state);
    }
    String code = issueCode(consent.clientId, consent.redirectUri, chosen);
    return callback(consent.redirectUri, "code=" + enc(code), consent.state);
  }

  private static String callback(String redirectUri, String first, String state) {
    return redirectUri + (redirectUri.contains("?") ? "&" : "?") + first + "&state=" + enc(state);
  }

  private String issueCode(String clientId, String redirectUri, String workspaceName) {
    String code = NotionEmulator.CANARY + "-" + UUID.randomUUID();
    codes.put(
        code, new CodeGrant(clientId, redirectUri, workspaceName, clock.instant().plus(codeTtl)));
    return code;
  }

  // ---------------------------------------------------------------- token endpoints

  /** {@code POST /v1/oauth/token}: a code exchange or a refresh; returns the token response. */
  ObjectNode token(RegisteredClient client, ObjectNode body) throws Refusal {
    if (body.has("client_secret") || body.has("client_id")) {
      throw invalidRequest("Client credentials belong in the Authorization header.");
    }
    String grantType = text(body, "grant_type");
    if ("authorization_code".equals(grantType)) {
      return exchange(client, text(body, "code"), text(body, "redirect_uri"));
    } else if ("refresh_token".equals(grantType)) {
      return refresh(client, text(body, "refresh_token"));
    } else if (grantType == null) {
      throw invalidRequest("body.grant_type should be defined.");
    }
    throw new Refusal(400, "unsupported_grant_type", "Unsupported grant_type.");
  }

  private ObjectNode exchange(
      RegisteredClient client, @Nullable String code, @Nullable String redirectUri) throws Refusal {
    if (code == null) {
      throw invalidRequest("body.code should be defined.");
    }
    CodeGrant grant = codes.get(code);
    if (grant == null || !grant.clientId.equals(client.clientId)) {
      throw invalidGrant("Invalid code.");
    }
    synchronized (grant) {
      if (grant.used) {
        // a code used twice revokes what it produced (RFC 6749 §4.1.2)
        grant.issued.forEach(this::retire);
        throw invalidGrant("Invalid code: this code has been revoked.");
      }
      if (clock.instant().isAfter(grant.expiresAt)) {
        throw invalidGrant("Invalid code: this code has expired.");
      }
      if (!grant.redirectUri.equals(redirectUri)) {
        throw invalidGrant("Invalid redirect_uri: it does not match the authorization request.");
      }
      grant.used = true;
      String access = issuePair(client.clientId, grant.workspaceName);
      grant.issued.add(access);
      return tokenResponse(client.clientId, access);
    }
  }

  private ObjectNode refresh(RegisteredClient client, @Nullable String refresh) throws Refusal {
    TokenInfo old = refresh == null ? null : refreshTokens.get(refresh);
    if (old == null || !old.active || !old.clientId.equals(client.clientId)) {
      throw invalidGrant("Invalid refresh token.");
    }
    synchronized (old) {
      if (!old.active) {
        throw invalidGrant("Invalid refresh token.");
      }
      retire(Objects.requireNonNull(old.paired));
      return tokenResponse(client.clientId, issuePair(client.clientId, old.workspaceName));
    }
  }

  /** {@code POST /v1/oauth/revoke}: retires the token and the other half of its pair. */
  ObjectNode revoke(ObjectNode body) throws Refusal {
    retire(tokenField(body));
    ObjectNode out = JSON.createObjectNode();
    out.put("request_id", UUID.randomUUID().toString());
    return out;
  }

  /** {@code POST /v1/oauth/introspect}. */
  ObjectNode introspect(ObjectNode body) throws Refusal {
    String token = tokenField(body);
    TokenInfo info = accessTokens.get(token);
    if (info == null) {
      info = refreshTokens.get(token);
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("active", info != null && info.active);
    if (info != null && info.active) {
      out.put("scope", "read_content update_content insert_content");
      out.put("iat", info.issuedAt.getEpochSecond());
    }
    out.put("request_id", UUID.randomUUID().toString());
    return out;
  }

  private static String tokenField(ObjectNode body) throws Refusal {
    String token = text(body, "token");
    if (token == null) {
      throw invalidRequest("body.token should be defined.");
    }
    return token;
  }

  boolean isActive(String accessToken) {
    TokenInfo t = accessTokens.get(accessToken);
    return t != null && t.active;
  }

  /**
   * One installation the emulator has an active access token for.
   *
   * @param workspaceId its workspace
   * @param botId its bot
   * @param userId the user who installed it
   */
  record Installed(String workspaceId, String botId, String userId) {}

  /** Every installation with an active access token, once each. */
  List<Installed> installed() {
    Set<Installed> out = new LinkedHashSet<>();
    for (TokenInfo t : accessTokens.values()) {
      if (t.active) {
        out.add(
            new Installed(
                workspaceIdOf(t.workspaceName), botIdFor(t.clientId, t.workspaceName), user.id()));
      }
    }
    return List.copyOf(out);
  }

  /** {@code GET /_emulator/grants}: refresh tokens issued and live per workspace, never one. */
  ObjectNode grants() {
    Map<String, int[]> counts = new java.util.TreeMap<>();
    for (TokenInfo t : refreshTokens.values()) {
      int[] c = counts.computeIfAbsent(workspaceIdOf(t.workspaceName), k -> new int[2]);
      c[t.active ? 1 : 0]++;
    }
    ObjectNode out = JSON.createObjectNode();
    var results = out.putArray("results");
    counts.forEach(
        (ws, c) ->
            results
                .addObject()
                .put("workspace_id", ws)
                .put("refresh_tokens_issued", c[0] + c[1])
                .put("live_refresh_tokens", c[1]));
    return out;
  }

  String botIdFor(String clientId, String workspaceName) {
    return botIds.computeIfAbsent(
        clientId + "|" + workspaceIdOf(workspaceName), k -> UUID.randomUUID().toString());
  }

  static String workspaceIdOf(String workspaceName) {
    return UUID.nameUUIDFromBytes(("ws:" + workspaceName).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private String issuePair(String clientId, String workspaceName) {
    Instant now = clock.instant();
    String access = "ntn_" + NotionEmulator.CANARY + token(28);
    String refresh = issueRefreshTokens ? "nrt_" + NotionEmulator.CANARY + token(28) : null;
    accessTokens.put(access, new TokenInfo(clientId, workspaceName, now, refresh));
    if (refresh != null) {
      refreshTokens.put(refresh, new TokenInfo(clientId, workspaceName, now, access));
    }
    return access;
  }

  /** Deactivates a token and the other half of its pair. */
  private void retire(String token) {
    deactivate(accessTokens.get(token), refreshTokens);
    deactivate(refreshTokens.get(token), accessTokens);
  }

  private static void deactivate(@Nullable TokenInfo info, Map<String, TokenInfo> otherHalves) {
    if (info == null) {
      return;
    }
    info.active = false;
    TokenInfo other = info.paired == null ? null : otherHalves.get(info.paired);
    if (other != null) {
      other.active = false;
    }
  }

  private ObjectNode tokenResponse(String clientId, String access) {
    TokenInfo info = Objects.requireNonNull(accessTokens.get(access));
    ObjectNode out = JSON.createObjectNode();
    out.put("access_token", access);
    out.put("token_type", "bearer");
    if (info.paired != null) {
      out.put("refresh_token", info.paired);
    } else {
      out.putNull("refresh_token");
    }
    out.put("bot_id", botIdFor(clientId, info.workspaceName));
    out.put("workspace_name", info.workspaceName);
    out.put("workspace_icon", "🧪");
    out.put("workspace_id", workspaceIdOf(info.workspaceName));
    ObjectNode owner = out.putObject("owner");
    owner.put("type", "user");
    ObjectNode u = owner.putObject("user");
    u.put("object", "user");
    u.put("id", user.id());
    u.put("name", user.name());
    u.putNull("avatar_url");
    u.put("type", "person");
    ObjectNode person = u.putObject("person");
    person.put("email", user.email());
    person.put("email_verified", true);
    out.putNull("duplicated_template_id");
    out.put("request_id", UUID.randomUUID().toString());
    return out;
  }

  private static Refusal invalidRequest(String message) {
    return new Refusal(400, "invalid_request", message);
  }

  private static Refusal invalidGrant(String message) {
    return new Refusal(400, "invalid_grant", message);
  }

  static @Nullable String text(JsonNode json, String field) {
    JsonNode n = json.get(field);
    return n != null && n.isString() ? n.stringValue() : null;
  }

  static String enc(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String token(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  // ---------------------------------------------------------------- state

  static final class RegisteredClient {
    final String clientId;
    final String clientSecret;
    final Set<String> redirectUris = ConcurrentHashMap.newKeySet();

    RegisteredClient(String clientId, String clientSecret, Set<String> redirectUris) {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.redirectUris.addAll(new LinkedHashSet<>(redirectUris));
    }
  }

  private record PendingConsent(
      String clientId, String redirectUri, String state, Instant expiresAt) {}

  private static final class CodeGrant {
    final String clientId;
    final String redirectUri;
    final String workspaceName;
    final Instant expiresAt;
    final List<String> issued = new CopyOnWriteArrayList<>();
    boolean used;

    CodeGrant(String clientId, String redirectUri, String workspaceName, Instant expiresAt) {
      this.clientId = clientId;
      this.redirectUri = redirectUri;
      this.workspaceName = workspaceName;
      this.expiresAt = expiresAt;
    }
  }

  private static final class TokenInfo {
    final String clientId;
    final String workspaceName;
    final Instant issuedAt;

    /** For an access token: its refresh token; for a refresh token: its access token. */
    final @Nullable String paired;

    volatile boolean active = true;

    TokenInfo(String clientId, String workspaceName, Instant issuedAt, @Nullable String paired) {
      this.clientId = clientId;
      this.workspaceName = workspaceName;
      this.issuedAt = issuedAt;
      this.paired = paired;
    }
  }
}
