package dev.notionoauth.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Notion's OAuth side, so the whole install flow runs on a laptop, in tests
 * and in a real browser. It listens on 127.0.0.1 only, uses nothing but the JDK's HTTP server and
 * Jackson, and shares no code with the client it is used to test, so it cannot mirror its bugs.
 *
 * <p>It behaves like Notion where Notion's behaviour is documented:
 *
 * <ul>
 *   <li>{@code GET /v1/oauth/authorize} checks {@code client_id}, the exact registered {@code
 *       redirect_uri}, {@code response_type=code} and {@code owner=user}; a bad request gets an
 *       error page and no redirect. Otherwise it shows a consent page with <em>Allow access</em>
 *       and <em>Cancel</em> (or, in auto-approve mode, redirects at once) and sends the browser
 *       back with {@code code} and {@code state}, or {@code error=access_denied}.
 *   <li>{@code POST /v1/oauth/token} requires HTTP Basic credentials of a registered client, a JSON
 *       body, a {@code Notion-Version} header and a known {@code grant_type}. Codes are single-use
 *       and expire; {@code redirect_uri} must equal the authorize request's; reusing a code also
 *       revokes the tokens it produced (RFC 6749 §4.1.2). Refreshing rotates both tokens and
 *       retires the old pair.
 *   <li>{@code POST /v1/oauth/revoke} and {@code /v1/oauth/introspect} take {@code {"token"}}.
 *   <li>The emulated user belongs to one workspace, or to several ({@link Builder#moreWorkspaces}):
 *       the consent page then offers a choice, and each workspace gets its own {@code workspace_id}
 *       and, per client, its own {@code bot_id}, which re-authorizations and refreshes keep.
 * </ul>
 *
 * <p>Script failures with {@link #failNext}, and check what arrived with {@link #requests}. It
 * never calls out anywhere.
 *
 * <pre>{@code
 * try (NotionEmulator notion = NotionEmulator.builder().redirectUri(callback).start()) {
 *   URI apiBaseUrl = notion.baseUrl();   // configure it as Notion's API base URL
 *   URI back = notion.approve(authorizeUrl);
 * }
 * }</pre>
 */
public final class NotionEmulator implements AutoCloseable {
  /** Client id registered by default. */
  public static final String DEFAULT_CLIENT_ID = "00000000-0000-4000-8000-00000000c11e";

  /**
   * A marker in every secret the emulator hands out (the default client secret, codes, access and
   * refresh tokens), so a scan of logs, pages and output for it proves that none leaked ({@code
   * .ci/canary-scan} runs one after the whole suite).
   */
  public static final String CANARY = "cnry7q";

  /** Client secret of the default client. */
  public static final String DEFAULT_CLIENT_SECRET = "emulator-secret-" + CANARY;

  private static final Pattern CODE = Pattern.compile("(?:^|&)code=([^&]*)");

  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final OAuthServer oauth;
  private final EmulatedApi api;
  private final EmulatorHttp http;
  private final WebhookSender webhooks;

  private NotionEmulator(Builder b) throws IOException {
    this.oauth =
        new OAuthServer(
            b.clock,
            b.autoApprove,
            b.codeTtl,
            b.issueRefreshTokens,
            b.workspaceNames,
            OAuthServer.EmulatedUser.of(b.userName, b.userEmail));
    b.clients.forEach((id, client) -> oauth.registerClient(id, client.secret, client.redirects));
    this.api = new EmulatedApi(oauth, b.tokenLifetime, b.perToken, b.perWorkspace);
    this.http = new EmulatorHttp(oauth, api, b.errorShape, b.clock, closed);
    this.webhooks = new WebhookSender(b.clock, oauth::installed);
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "notion-emulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", http::dispatch);
    server.start();
  }

  /** What Notion sends to a webhook subscription: the handshake and signed deliveries. */
  public WebhookSender webhooks() {
    return webhooks;
  }

  /** A builder: port 0 (random), the default client, consent page on. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts an emulator with every default. */
  public static NotionEmulator start() {
    return builder().start();
  }

  /** The base URL to configure as Notion's API base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Registers (or replaces) a client with its redirect URIs. */
  public void registerClient(String clientId, String clientSecret, String... redirectUris) {
    oauth.registerClient(clientId, clientSecret, new LinkedHashSet<>(List.of(redirectUris)));
  }

  /** Adds a redirect URI to a registered client. */
  public void registerRedirectUri(String clientId, String redirectUri) {
    oauth.registerRedirectUri(clientId, redirectUri);
  }

  /** Queues a fault for the next request to an endpoint. */
  public void failNext(Endpoint endpoint, Fault fault) {
    failNext(endpoint, fault, 1);
  }

  /** Queues a fault for the next {@code times} requests to an endpoint. */
  public void failNext(Endpoint endpoint, Fault fault, int times) {
    for (int i = 0; i < times; i++) {
      http.faults(endpoint).add(fault);
    }
  }

  /** Drops all queued faults. */
  public void clearFaults() {
    http.clearFaults();
  }

  /** Every request received (the latest 10,000), oldest first. */
  public List<RecordedRequest> requests() {
    return http.recorded();
  }

  /** The requests received by one endpoint (of the latest 10,000), oldest first. */
  public List<RecordedRequest> requests(Endpoint endpoint) {
    return http.recorded().stream().filter(r -> r.endpoint() == endpoint).toList();
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    http.clearRecorded();
  }

  /** Clears faults and recorded requests (issued tokens stay valid). */
  public void reset() {
    clearFaults();
    clearRequests();
  }

  /** Whether an access token is known and active. */
  public boolean isActive(String accessToken) {
    return oauth.isActive(accessToken);
  }

  /** The bot id the emulator uses for a client in the default workspace. */
  public String botIdFor(String clientId) {
    return botIdFor(clientId, oauth.workspaceNames().get(0));
  }

  /**
   * The bot id the emulator uses for a client in a workspace: one per client and workspace, the
   * same on every re-authorization.
   */
  public String botIdFor(String clientId, String workspaceName) {
    return oauth.botIdFor(clientId, workspaceName);
  }

  /** The default workspace's id. */
  public String workspaceId() {
    return workspaceIdOf(oauth.workspaceNames().get(0));
  }

  /** The id of a workspace, derived from its name (stable across runs). */
  public static String workspaceIdOf(String workspaceName) {
    return OAuthServer.workspaceIdOf(workspaceName);
  }

  /**
   * Plays a user who opens the authorize URL and clicks <em>Allow access</em>, over HTTP, and
   * returns where Notion sends the browser back (the callback URL with {@code code} and {@code
   * state}).
   */
  public URI approve(URI authorizeUrl) {
    return ConsentClicker.allow(authorizeUrl);
  }

  /**
   * Like {@link #approve(URI)}, choosing the workspace on the consent page. A name the user does
   * not belong to yet is created on the fly, so a test can play as many workspaces as it needs.
   */
  public URI approve(URI authorizeUrl, String workspaceName) {
    return ConsentClicker.allow(authorizeUrl, workspaceName);
  }

  /** Plays a user who clicks <em>Cancel</em>; returns the callback URL with {@code error}. */
  public URI deny(URI authorizeUrl) {
    return ConsentClicker.cancel(authorizeUrl);
  }

  /**
   * Creates a page in a workspace for the emulated API ({@code GET /v1/pages/{id}}, {@code POST
   * /v1/search}).
   *
   * @return the page's id
   */
  public String createPage(String workspaceName, String title, PageAccess access) {
    return api.createPage(workspaceName, title, access).id();
  }

  /** Creates a page in the default workspace; returns its id. */
  public String createPage(String title, PageAccess access) {
    return createPage(oauth.workspaceNames().get(0), title, access);
  }

  /** The raw {@code code} of a callback URL the emulator sent the browser to, if it has one. */
  public static Optional<String> codeOf(URI callback) {
    String query = callback.getRawQuery();
    Matcher m = CODE.matcher(query == null ? "" : query);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Stops listening and releases hanging requests. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  /** Configures and starts a {@link NotionEmulator}. */
  public static final class Builder {
    private int port;
    private boolean autoApprove;
    private Duration codeTtl = Duration.ofMinutes(10);
    private ErrorShape errorShape = ErrorShape.NOTION;
    private boolean issueRefreshTokens = true;
    private final List<String> workspaceNames = new ArrayList<>(List.of("Emulated Workspace"));
    private String userName = "Ada Lovelace";
    private String userEmail = "ada@example.org";
    private Clock clock = Clock.systemUTC();
    private final Map<String, ClientSpec> clients = new LinkedHashMap<>();
    private @org.jspecify.annotations.Nullable Duration tokenLifetime;
    private EmulatedApi.@org.jspecify.annotations.Nullable Limit perToken;
    private EmulatedApi.@org.jspecify.annotations.Nullable Limit perWorkspace;

    private record ClientSpec(String secret, Set<String> redirects) {}

    private Builder() {
      clients.put(DEFAULT_CLIENT_ID, new ClientSpec(DEFAULT_CLIENT_SECRET, new LinkedHashSet<>()));
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** Skip the consent page: the authorize URL redirects back with a code at once. */
    public Builder autoApprove(boolean value) {
      this.autoApprove = value;
      return this;
    }

    /** How long a code can be exchanged. Default 10 minutes. */
    public Builder codeTtl(Duration value) {
      this.codeTtl = value;
      return this;
    }

    /** The error body shape. Default {@link ErrorShape#NOTION}. */
    public Builder errorShape(ErrorShape value) {
      this.errorShape = value;
      return this;
    }

    /**
     * Whether token responses carry a refresh token (false: {@code null}, like older connections).
     */
    public Builder issueRefreshTokens(boolean value) {
      this.issueRefreshTokens = value;
      return this;
    }

    /** The default workspace's name (default "Emulated Workspace"). */
    public Builder workspaceName(String value) {
      workspaceNames.set(0, value);
      return this;
    }

    /**
     * More workspaces the emulated user belongs to: the consent page then offers a choice, and each
     * workspace gets its own bot id and workspace id.
     */
    public Builder moreWorkspaces(String... names) {
      workspaceNames.addAll(List.of(names));
      return this;
    }

    /** The emulated user's name and email. */
    public Builder user(String name, String email) {
      this.userName = name;
      this.userEmail = email;
      return this;
    }

    /**
     * How long an access token works for the API (older: 401 {@code unauthorized}, as an expired
     * token would). Default: no expiry.
     */
    public Builder accessTokenLifetime(Duration value) {
      this.tokenLifetime = value;
      return this;
    }

    /**
     * The API's per-token limit: {@code requests} per {@code window}, then 429 with {@code
     * Retry-After} and {@code rate_limit_reason = connection_rate_limit}. Default: none.
     */
    public Builder apiLimitPerToken(int requests, Duration window) {
      this.perToken = new EmulatedApi.Limit(requests, window);
      return this;
    }

    /**
     * The API's per-workspace limit, shared by every token of a workspace: {@code requests} per
     * {@code window}, then 429 with {@code rate_limit_reason = workspace_rate_limit}. Default:
     * none.
     */
    public Builder apiLimitPerWorkspace(int requests, Duration window) {
      this.perWorkspace = new EmulatedApi.Limit(requests, window);
      return this;
    }

    /** The clock for code and token expiry, and the API's limits. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Registers a client (the default client is always registered). */
    public Builder client(String clientId, String clientSecret, String... redirectUris) {
      clients.put(
          clientId, new ClientSpec(clientSecret, new LinkedHashSet<>(List.of(redirectUris))));
      return this;
    }

    /** Registers a redirect URI for the default client. */
    public Builder redirectUri(String uri) {
      java.util.Objects.requireNonNull(clients.get(DEFAULT_CLIENT_ID)).redirects.add(uri);
      return this;
    }

    /** Starts the emulator. */
    public NotionEmulator start() {
      try {
        return new NotionEmulator(this);
      } catch (IOException e) {
        throw new IllegalStateException("could not start the Notion emulator on port " + port, e);
      }
    }
  }
}
