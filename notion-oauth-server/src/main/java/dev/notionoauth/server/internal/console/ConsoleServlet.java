package dev.notionoauth.server.internal.console;

import dev.notionoauth.InstallLinks;
import dev.notionoauth.Installation;
import dev.notionoauth.Installations;
import dev.notionoauth.apikey.ApiKeys;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.web.Html;
import dev.notionoauth.webhook.WebhookVerification;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console under {@code /console}: sign-in, then pages over the installations, webhook
 * events, app events, API keys and the audit, and the actions on them (revoke, delete after a
 * confirmation, reconnect link, replay, create and revoke a key). Server-rendered, no script; every
 * state-changing request needs the session's CSRF token and the console's own {@code Origin}, and
 * every operator action is audited with the operator's name and address. Mounted by the server when
 * {@code console.enabled}.
 */
public final class ConsoleServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);

  private final transient ConsoleSessions sessions;
  private final transient ConsoleViews views;
  private final transient ConsoleCapture capture;
  private final transient Installations installations;
  private final transient @Nullable InstallLinks links;
  private final transient URI installUrl;
  private final transient ConsoleAudit audit;
  private final transient ApiKeys keys;
  private final transient JdbcStores stores;
  private final transient Clock clock;
  private final String base;
  private final @Nullable String trustedHeader;
  private final transient Runnable countCallbacks;

  /**
   * @param base the console's path as browsers see it, e.g. {@code /console}
   * @param stores the server's stores (operators, sessions, listings, audit)
   * @param keys the API keys (the API's own object when it is on, so a revoke here is seen at once)
   * @param installations for revoke, delete and reconnect links
   * @param links signs reconnect links, when install links are configured
   * @param installUrl the install route as users reach it
   * @param idle a session's idle timeout
   * @param max a session's absolute timeout
   * @param trustedHeader the header an authenticating proxy names the operator in, believed only on
   *     requests from a trusted proxy; null for passwords only
   * @param countCallbacks writes this instance's latest callback counts, before the overview reads
   *     them
   */
  public ConsoleServlet(
      String base,
      JdbcStores stores,
      ApiKeys keys,
      Installations installations,
      @Nullable InstallLinks links,
      URI installUrl,
      Clock clock,
      dev.notionoauth.Ticker ticker,
      Duration idle,
      Duration max,
      @Nullable String trustedHeader,
      Runnable countCallbacks) {
    this.base = base;
    this.trustedHeader = trustedHeader;
    this.countCallbacks = countCallbacks;
    this.stores = stores;
    this.installations = installations;
    this.links = links;
    this.installUrl = installUrl;
    this.clock = clock;
    this.audit = new ConsoleAudit(stores.auditStore(), clock);
    this.keys = keys;
    this.sessions = new ConsoleSessions(stores.operators(), clock, ticker, idle, max, base);
    this.views = new ConsoleViews(base, stores, clock);
    this.capture = new ConsoleCapture(base, new WebhookVerification(stores.webhookStore(), clock));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      route(request, response);
    } catch (RuntimeException e) {
      LOG.error("Unexpected failure on a console page: {}", e.getClass().getName());
      if (!response.isCommitted()) {
        response.reset();
        message(
            request, response, 500, "Something went wrong", "The page could not be shown.", null);
      }
    }
  }

  private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String uri = request.getRequestURI();
    String path = uri.startsWith(base) ? uri.substring(base.length()) : "/?";
    if (path.equals("/")) {
      path = "";
    }
    String method = request.getMethod();
    boolean post = method.equals("POST");
    if (!post && !method.equals("GET") && !method.equals("HEAD")) {
      response.setHeader("Allow", "GET, POST");
      message(request, response, 405, "Method not allowed", "Use GET or POST.", null);
      return;
    }
    try {
      request.getParameterMap(); // a malformed or oversized query or form is refused here, once
    } catch (RuntimeException malformed) {
      message(
          request, response, 400, "Bad request", "The form or address could not be read.", null);
      return;
    }
    if (path.equals("/sign-in")) {
      if (post) {
        signIn(request, response);
      } else {
        signInPage(request, response, 200, null);
      }
      return;
    }
    Optional<ConsoleSessions.Signed> signed = sessions.current(request);
    if (signed.isEmpty() && !post) {
      signed = fromProxy(request, response);
    }
    if (signed.isEmpty()) {
      if (post) {
        message(request, response, 403, "Signed out", "Sign in again to do this.", null);
      } else {
        redirect(request, response, base + "/sign-in");
      }
      return;
    }
    ConsoleSessions.Signed who = signed.get();
    if (post
        && (!ConsoleSessions.sameOrigin(request)
            || !ConsoleSessions.csrfMatches(who, request.getParameter("csrf")))) {
      message(
          request,
          response,
          403,
          "Refused",
          "This form is stale or not from the console: reload the page and try again.",
          who);
      return;
    }
    String[] s = path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
    if (post) {
      act(request, response, who, path, s);
    } else {
      show(request, response, who, path, s);
    }
  }

  /**
   * The operator an authenticating proxy named, as a new session, when the console trusts such a
   * header and the request came through one of {@code server.trusted-proxies}.
   */
  private Optional<ConsoleSessions.Signed> fromProxy(
      HttpServletRequest request, HttpServletResponse response) {
    if (trustedHeader == null
        || !Boolean.TRUE.equals(
            request.getAttribute(
                dev.notionoauth.server.internal.TrustedProxyCustomizer.FROM_TRUSTED_PROXY))) {
      return Optional.empty();
    }
    String name = request.getHeader(trustedHeader);
    if (name == null || !Passwords.validName(name.strip())) {
      return Optional.empty();
    }
    ConsoleSessions.Signed who = sessions.startFor(request, response, name.strip());
    audit.record(
        "GET",
        who.operator(),
        request.getRemoteAddr(),
        "/console (signed in by the proxy's " + trustedHeader + ")",
        null,
        200);
    return Optional.of(who);
  }

  private void show(
      HttpServletRequest request,
      HttpServletResponse response,
      ConsoleSessions.Signed who,
      String path,
      String[] s)
      throws IOException {
    if (path.isEmpty()) {
      countCallbacks.run();
      page(request, response, 200, "Overview", views.overview(), who);
    } else if (path.equals("/installations")) {
      page(request, response, 200, "Installations", views.installations(request), who);
    } else if (s.length == 2 && s[0].equals("installations")) {
      Optional<String> body = views.installation(s[1], who.csrf());
      if (body.isEmpty()) {
        message(request, response, 404, "Not found", "No installation has this bot id.", who);
      } else {
        page(request, response, 200, "Installation", body.get(), who);
      }
    } else if (s.length == 3 && s[0].equals("installations") && s[2].equals("delete")) {
      page(
          request,
          response,
          200,
          "Delete installation",
          views.confirmDelete(s[1], who.csrf()),
          who);
    } else if (path.equals("/webhooks")) {
      page(request, response, 200, "Webhook events", views.webhooks(request, who.csrf()), who);
    } else if (path.equals(ConsoleCapture.PATH)) {
      page(request, response, 200, "Webhook verification", capture.page(who.csrf()), who);
    } else if (s.length == 5 && path.startsWith(ConsoleCapture.PATH) && s[4].equals("confirm")) {
      Optional<String> body = capture.confirmStep(s[3], who.csrf());
      if (body.isEmpty()) {
        message(request, response, 404, "Not found", "There is no such candidate.", who);
      } else {
        page(request, response, 200, "Confirm a verification token", body.get(), who);
      }
    } else if (path.equals("/app-events")) {
      page(request, response, 200, "App events", views.appEvents(request, who.csrf()), who);
    } else if (path.equals("/api-keys")) {
      page(request, response, 200, "API keys", views.apiKeys(keys.list(), who.csrf(), null), who);
    } else if (path.equals("/audit")) {
      page(request, response, 200, "Audit", views.audit(request), who);
    } else {
      message(request, response, 404, "Not found", "There is no console page here.", who);
    }
  }

  private void act(
      HttpServletRequest request,
      HttpServletResponse response,
      ConsoleSessions.Signed who,
      String path,
      String[] s)
      throws IOException {
    if (path.equals("/sign-out")) {
      sessions.signOut(request, response);
      audited(request, who, "/console/sign-out", null, 303);
      redirect(request, response, base + "/sign-in");
    } else if (s.length == 3 && s[0].equals("installations")) {
      installationAction(request, response, who, s[1], s[2]);
    } else if (s.length == 3 && s[0].equals("webhooks") && s[2].equals("replay")) {
      boolean done = stores.webhookStore().requeue(s[1], clock.instant());
      audited(request, who, "/console/webhooks/{id}/replay", null, done ? 303 : 404);
      redirect(request, response, base + "/webhooks");
    } else if (path.startsWith(ConsoleCapture.PATH + "/")) {
      captureAction(request, response, who, s);
    } else if (s.length == 3 && s[0].equals("app-events") && s[2].equals("replay")) {
      boolean done = stores.appEventStore().requeue(s[1], clock.instant());
      audited(request, who, "/console/app-events/{id}/replay", null, done ? 303 : 404);
      redirect(request, response, base + "/app-events");
    } else if (path.equals("/api-keys")) {
      createKey(request, response, who);
    } else if (s.length == 3 && s[0].equals("api-keys") && s[2].equals("revoke")) {
      boolean done = keys.revoke(s[1]);
      audited(request, who, "/console/api-keys/{name}/revoke", null, done ? 303 : 404);
      redirect(request, response, base + "/api-keys");
    } else {
      message(request, response, 404, "Not found", "There is no console action here.", who);
    }
  }

  private void installationAction(
      HttpServletRequest request,
      HttpServletResponse response,
      ConsoleSessions.Signed who,
      String botId,
      String action)
      throws IOException {
    Optional<Installation> found = installations.find(botId);
    if (found.isEmpty()) {
      message(request, response, 404, "Not found", "No installation has this bot id.", who);
      return;
    }
    String route = "/console/installations/{bot_id}/" + action;
    switch (action) {
      case "revoke" -> {
        installations.revoke(botId);
        audited(request, who, route, botId, 303);
        redirect(request, response, base + "/installations/" + botId);
      }
      case "delete" -> {
        installations.delete(botId);
        audited(request, who, route, botId, 303);
        redirect(request, response, base + "/installations");
      }
      case "reconnect-link" -> {
        if (links == null) {
          message(
              request,
              response,
              409,
              "No install links",
              "Set server.install-link-secret to make reconnect links.",
              who);
          return;
        }
        URI link = installations.reconnectLink(botId, installUrl, links, links.maxValidity());
        audited(request, who, route, botId, 200);
        page(
            request,
            response,
            200,
            "Reconnect link",
            views.reconnectLink(botId, link, links.maxValidity()),
            who);
      }
      default -> message(request, response, 404, "Not found", "There is no such action.", who);
    }
  }

  /** The capture window's actions: open, close, show a candidate's token, confirm one. */
  private void captureAction(
      HttpServletRequest request,
      HttpServletResponse response,
      ConsoleSessions.Signed who,
      String[] s)
      throws IOException {
    String route = "/console" + ConsoleCapture.PATH + "/";
    if (s.length == 3 && s[2].equals("open")) {
      boolean done = capture.open(String.valueOf(request.getParameter("minutes")));
      audited(request, who, route + "open", null, done ? 303 : 400);
      redirect(request, response, base + ConsoleCapture.PATH);
    } else if (s.length == 3 && s[2].equals("close")) {
      capture.close();
      audited(request, who, route + "close", null, 303);
      redirect(request, response, base + ConsoleCapture.PATH);
    } else if (s.length == 5 && s[2].equals("candidates") && s[4].equals("reveal")) {
      Optional<String> body = capture.reveal(s[3], who.csrf());
      audited(
          request, who, route + "candidates/{number}/reveal", null, body.isPresent() ? 200 : 404);
      if (body.isEmpty()) {
        message(request, response, 404, "Not found", "There is no such candidate.", who);
      } else {
        page(request, response, 200, "Verification token", body.get(), who);
      }
    } else if (s.length == 5 && s[2].equals("candidates") && s[4].equals("confirm")) {
      boolean done = capture.confirm(s[3]);
      audited(request, who, route + "candidates/{number}/confirm", null, done ? 303 : 404);
      if (done) {
        redirect(request, response, base + ConsoleCapture.PATH);
      } else {
        message(request, response, 404, "Not found", "There is no such candidate.", who);
      }
    } else {
      message(request, response, 404, "Not found", "There is no console action here.", who);
    }
  }

  private void createKey(
      HttpServletRequest request, HttpServletResponse response, ConsoleSessions.Signed who)
      throws IOException {
    String name = request.getParameter("name");
    String[] scopeValues = request.getParameterValues("scope");
    java.util.Set<dev.notionoauth.apikey.ApiScope> scopes =
        java.util.EnumSet.noneOf(dev.notionoauth.apikey.ApiScope.class);
    if (scopeValues != null) {
      for (String v : scopeValues) {
        dev.notionoauth.apikey.ApiScope.parse(v).ifPresent(scopes::add);
      }
    }
    String problem;
    Optional<ApiKeys.Created> made = Optional.empty();
    try {
      made = keys.create(name == null ? "" : name.strip(), scopes);
      problem = made.isEmpty() ? "A key with this name exists." : null;
    } catch (IllegalArgumentException e) {
      problem = "A key needs a name (letters, digits, '.', '_', '-') and at least one scope.";
    }
    audited(request, who, "/console/api-keys", null, made.isPresent() ? 201 : 400);
    page(
        request,
        response,
        made.isPresent() ? 201 : 400,
        "API keys",
        views.apiKeys(keys.list(), who.csrf(), made.map(m -> m.secret().reveal()).orElse(null))
            + (problem == null
                ? ""
                : "<p class=\"error\" role=\"alert\">" + Html.escape(problem) + "</p>"),
        who);
  }

  private void signInPage(
      HttpServletRequest request, HttpServletResponse response, int status, @Nullable String error)
      throws IOException {
    String token = sessions.signInToken(request, response);
    page(request, response, status, "Sign in", views.signIn(token, error), null);
  }

  private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String name = String.valueOf(request.getParameter("name"));
    if (!ConsoleSessions.sameOrigin(request)
        || !sessions.signInTokenMatches(request, request.getParameter("csrf"))) {
      signInPage(request, response, 403, "The form was stale: try again.");
      return;
    }
    long wait = sessions.attempt(request.getRemoteAddr(), name);
    if (wait > 0) {
      response.setHeader("Retry-After", Long.toString(wait));
      signInPage(request, response, 429, "Too many attempts: wait a minute and try again.");
      return;
    }
    String password = request.getParameter("password");
    char[] chars = password == null ? new char[0] : password.toCharArray();
    boolean ok = sessions.signIn(request, response, name, chars);
    java.util.Arrays.fill(chars, '\0');
    audit.operator(
        ok ? name : "-", request.getRemoteAddr(), "/console/sign-in", null, ok ? 303 : 401);
    if (ok) {
      redirect(request, response, base);
    } else {
      signInPage(request, response, 401, "Wrong name or password.");
    }
  }

  private void audited(
      HttpServletRequest request,
      ConsoleSessions.Signed who,
      String route,
      @Nullable String botId,
      int status) {
    audit.operator(who.operator(), request.getRemoteAddr(), route, botId, status);
  }

  private static void redirect(
      HttpServletRequest request, HttpServletResponse response, String location) {
    response.setStatus(303);
    response.setHeader("Location", location);
    headers(response, request.isSecure());
  }

  /** The console's headers: its CSP, no caching, the common security headers. */
  private static void headers(HttpServletResponse response, boolean secure) {
    response.setHeader("Content-Security-Policy", ConsolePage.CONTENT_SECURITY_POLICY);
    dev.notionoauth.servlet.SecurityHeaders.noStore(response);
    dev.notionoauth.servlet.SecurityHeaders.apply(response, secure);
    // browsers send Origin as "null" under no-referrer: same-origin keeps the console's own Origin
    // (checked on every POST) and still sends nothing to another site
    response.setHeader("Referrer-Policy", "same-origin");
  }

  private void message(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String text,
      ConsoleSessions.@Nullable Signed who)
      throws IOException {
    page(request, response, status, title, "<p>" + Html.escape(text) + "</p>", who);
  }

  private void page(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String body,
      ConsoleSessions.@Nullable Signed who)
      throws IOException {
    String html =
        ConsolePage.render(
            base,
            title,
            body,
            who == null ? null : who.operator(),
            who == null ? null : who.csrf());
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/html; charset=utf-8");
    headers(response, request.isSecure());
    response.setContentLength(bytes.length);
    if (!request.getMethod().equals("HEAD")) {
      response.getOutputStream().write(bytes);
    }
  }
}
