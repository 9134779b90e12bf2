package dev.notionoauth.servlet;

import dev.notionoauth.BrowserBinding;
import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.CallbackQuery;
import dev.notionoauth.CallbackResult;
import dev.notionoauth.ClaimHandoff;
import dev.notionoauth.FlowContext;
import dev.notionoauth.FlowStart;
import dev.notionoauth.HttpReply;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.ResultPage;
import dev.notionoauth.Ticker;
import dev.notionoauth.web.LogSafe;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link NotionOAuthFlow} over HTTP. Map it to the install path, the callback path and
 * {@code <result path>/*}; it tells them apart by path.
 *
 * <ul>
 *   <li>{@code GET install}: resolves the host app's context, starts a flow, sets the binding
 *       cookie and answers 302 to Notion's authorize URL. If the state store fails it answers 503
 *       and sends nobody to Notion.
 *   <li>{@code GET callback}: runs the callback and answers with the page the flow decided: a 303
 *       to {@code result/<id>} (so the code and state leave the address bar) or the page itself.
 *   <li>{@code GET result/<id>}: the flow's page of that id, or 404 once it has expired.
 *   <li>{@code GET result/claim}: with a {@link ClaimHandoff}, sends the browser that finished an
 *       unbound install (it holds the claim cookie) on to the host app's claim page; 403 otherwise.
 * </ul>
 *
 * One client address may start at most {@code installsPerMinute} installs a minute (429 otherwise),
 * so nobody can flood the state store. Install and callback accept only GET (a HEAD must not start
 * or consume anything); other methods get 405 with {@code Allow}. Every response carries {@link
 * SecurityHeaders}.
 */
public final class NotionOAuthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NotionOAuthServlet.class);

  private final transient NotionOAuthFlow flow;
  private final transient InstallContextResolver contexts;
  private final String installPath;
  private final String callbackPath;
  private final String resultPath;
  private final boolean secureCookie;
  private final transient @Nullable ClientRateLimiter limiter;
  private final transient @Nullable ClientRateLimiter unboundPerClient;
  private final transient ClientRateLimiter unboundOverall;
  private final transient FlowMetrics metrics;
  private final transient Ticker ticker;
  private final transient @Nullable ClaimHandoff claims;

  private NotionOAuthServlet(Builder b) {
    this.limiter = b.installsPerMinute > 0 ? new ClientRateLimiter(b.installsPerMinute) : null;
    this.unboundPerClient =
        b.installsPerMinute > 0 ? new ClientRateLimiter(b.installsPerMinute) : null;
    this.unboundOverall = new ClientRateLimiter(b.unboundPerMinute);
    this.metrics = b.metrics;
    this.ticker = b.ticker;
    this.claims = b.claims;
    this.flow = b.flow;
    this.contexts = b.contexts;
    this.installPath = b.installPath;
    this.callbackPath = b.callbackPath;
    this.resultPath = b.resultPath;
    this.secureCookie = b.secureCookie;
  }

  /** A builder around a flow. */
  public static Builder builder(NotionOAuthFlow flow) {
    return new Builder(flow);
  }

  /** A route's name for logs: install, callback, result or other. */
  private String route(String path) {
    if (path.equals(installPath)) {
      return "install";
    } else if (path.equals(callbackPath)) {
      return "callback";
    }
    if (path.equals(claimPath())) {
      return "claim";
    }
    return path.startsWith(resultPath + "/") ? "result" : "other";
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = Pages.path(request);
    String method = request.getMethod();
    try {
      if (path.equals(installPath)) {
        if (!method.equals("GET")) {
          Pages.methodNotAllowed(request, response, "GET");
        } else {
          install(request, response);
        }
      } else if (path.equals(callbackPath)) {
        if (!method.equals("GET")) {
          Pages.methodNotAllowed(request, response, "GET");
        } else {
          callback(request, response);
        }
      } else if (path.equals(claimPath())) {
        if (!method.equals("GET")) {
          Pages.methodNotAllowed(request, response, "GET");
        } else {
          claim(request, response);
        }
      } else if (path.startsWith(resultPath + "/")) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
          Pages.methodNotAllowed(request, response, "GET, HEAD");
        } else {
          result(request, response, path.substring(resultPath.length() + 1));
        }
      } else {
        Pages.notFound(request, response);
      }
    } catch (RuntimeException e) {
      // the route, never the path: a result page's id is a bearer reference to the page
      LOG.error("Unexpected failure on the {} route: {}", route(path), e.getClass().getName());
      if (!response.isCommitted()) {
        response.reset();
        Pages.message(
            request,
            response,
            500,
            "Something went wrong",
            "We could not complete this request. Please try again.");
      }
    }
  }

  private void install(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (limiter != null) {
      long wait = limiter.tryAcquire(request.getRemoteAddr(), ticker.nanoTime());
      if (wait > 0) {
        metrics.installRefused(FlowMetrics.Refusal.RATE_LIMITED);
        response.setHeader("Retry-After", Long.toString(wait));
        Pages.message(
            request,
            response,
            429,
            "Too many attempts",
            "Too many connection attempts from your network. Please wait a minute and try again.");
        return;
      }
    }
    Optional<FlowContext> context = contexts.resolve(request);
    if (context.isEmpty()) {
      metrics.installRefused(FlowMetrics.Refusal.INVALID_LINK);
      Pages.message(
          request,
          response,
          400,
          "Install request refused",
          "This install link is invalid or has expired, or you are not signed in. Go back to the"
              + " application, sign in if needed, and start again.");
      return;
    }
    FlowStart start;
    try {
      start = flow.start(context.get(), bindingCookie(request));
    } catch (NotionOAuthException e) {
      LOG.error("Could not start a flow: {}", LogSafe.text(e.getMessage()));
      metrics.installRefused(FlowMetrics.Refusal.UNAVAILABLE);
      response.setHeader("Retry-After", "30");
      Pages.message(
          request,
          response,
          503,
          "Temporarily unavailable",
          "We cannot start connecting to Notion right now. Please try again in a minute.");
      return;
    }
    metrics.installStarted();
    response.addHeader(
        "Set-Cookie", start.binding().setCookieHeader(secureCookie, flow.stateTtl()));
    redirect(request, response, 302, start.authorizeUrl().toString());
  }

  private void callback(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long started = ticker.nanoTime();
    if (CallbackQuery.isUnbound(request.getQueryString()) && !unboundAllowed(request, response)) {
      return;
    }
    CallbackResult result = flow.handleCallback(request.getQueryString(), bindingCookie(request));
    CallbackOutcome outcome = result.outcome();
    metrics.callbackHandled(outcome, ticker.nanoTime() - started);
    if (outcome instanceof CallbackOutcome.Failed f) {
      LOG.info("Callback failed: {}", f.reason());
    }
    if (claims != null && outcome instanceof CallbackOutcome.Authorized a && !a.bound()) {
      response.addHeader("Set-Cookie", claims.setCookieHeader(a.token().botId(), secureCookie));
    }
    if (result.page() instanceof ResultPage.Redirect r) {
      redirect(request, response, 303, request.getContextPath() + resultPath + "/" + r.id());
    } else {
      Pages.write(request, response, ((ResultPage.Show) result.page()).reply());
    }
  }

  /** The claim route, beside the result pages the claim button is on. */
  private String claimPath() {
    return resultPath + "/" + ClaimHandoff.ROUTE;
  }

  /**
   * The claim button: only the browser that finished the unbound install holds the cookie with the
   * claim link; it is cleared and the browser goes on to the host app's claim page.
   */
  private void claim(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Optional<String> target =
        claims == null
            ? Optional.empty()
            : claims.claimPageFor(cookie(request, ClaimHandoff.cookieName(secureCookie)));
    if (target.isEmpty()) {
      Pages.message(
          request,
          response,
          403,
          "Nothing to link here",
          "Linking a workspace to your account works only in the browser that connected it, within"
              + " minutes. Sign in to the application and connect the workspace from there.");
      return;
    }
    response.addHeader("Set-Cookie", ClaimHandoff.clearCookieHeader(secureCookie));
    redirect(request, response, 303, target.get());
  }

  /**
   * Unbound callbacks come from anyone (no state binds them to a browser of ours): each client
   * address and the server as a whole may send only so many a minute (429 beyond), and a failed one
   * stores nothing (its page is rendered on request).
   */
  private boolean unboundAllowed(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long now = ticker.nanoTime();
    long wait = unboundOverall.tryAcquire("*", now);
    ClientRateLimiter perClient = unboundPerClient;
    if (wait == 0 && perClient != null) {
      wait = perClient.tryAcquire(request.getRemoteAddr(), now);
    }
    if (wait == 0) {
      return true;
    }
    metrics.installRefused(FlowMetrics.Refusal.RATE_LIMITED);
    response.setHeader("Retry-After", Long.toString(wait));
    Pages.message(
        request,
        response,
        429,
        "Too many attempts",
        "Too many connections are arriving right now. Please wait a minute and try again.");
    return false;
  }

  private void result(HttpServletRequest request, HttpServletResponse response, String id)
      throws IOException {
    Optional<HttpReply> reply;
    try {
      reply = flow.resultPage(id);
    } catch (RuntimeException e) {
      // the store is down or frozen: the flow behind this page may well have succeeded, so the
      // user is asked to reload, never told that connecting failed (the id stays out of the log)
      LOG.warn("A result page could not be read (store failed): {}", e.getClass().getName());
      response.setHeader("Retry-After", "2");
      Pages.message(
          request,
          response,
          503,
          "Please reload",
          "We could not show the outcome of your connection just now. Reload this page in a few"
              + " seconds to see it.");
      return;
    }
    if (reply.isEmpty()) {
      Pages.message(
          request,
          response,
          404,
          "Page expired",
          "This result page has expired. If you were connecting to Notion, start again.");
      return;
    }
    Pages.write(request, response, reply.get());
  }

  private static void redirect(
      HttpServletRequest request, HttpServletResponse response, int status, String location) {
    response.setStatus(status);
    response.setHeader("Location", location);
    SecurityHeaders.noStore(response);
    SecurityHeaders.apply(response, request.isSecure());
    response.setContentLength(0);
  }

  private @Nullable String bindingCookie(HttpServletRequest request) {
    return cookie(request, BrowserBinding.cookieName(secureCookie));
  }

  private static @Nullable String cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }

  /** Builds a {@link NotionOAuthServlet}. */
  public static final class Builder {
    private final NotionOAuthFlow flow;
    private InstallContextResolver contexts = InstallContextResolver.none();
    private String installPath = "/notion/install";
    private String callbackPath = "/notion/callback";
    private String resultPath = "/notion/result";
    private boolean secureCookie = true;
    private int installsPerMinute = 60;
    private int unboundPerMinute = 120;
    private FlowMetrics metrics = new FlowMetrics();
    private Ticker ticker = Ticker.system();
    private @Nullable ClaimHandoff claims;

    private Builder(NotionOAuthFlow flow) {
      this.flow = flow;
    }

    /**
     * How many callbacks without our state (installs started from Notion's side, only exchanged
     * with {@code accept-unbound}) the whole server takes a minute. Default 120. Each client
     * address also gets at most the install limit.
     */
    public Builder unboundPerMinute(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("unboundPerMinute must be at least 1");
      }
      this.unboundPerMinute = value;
      return this;
    }

    /**
     * Lets unbound installs be claimed: their callback gives the browser a claim cookie, and {@code
     * <result-path>/claim} turns it into a redirect to the host app's claim page. Default: none
     * (the claim route answers 403). Use the view's handoff, {@link
     * dev.notionoauth.DefaultResponseView#claimHandoff}, so the button and the route agree.
     */
    public Builder claimHandoff(@Nullable ClaimHandoff value) {
      this.claims = value;
      return this;
    }

    /** Monotonic time, for the rate limits and timings. Default {@link Ticker#system()}. */
    public Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    /** Where the flow's counters go. Default: counters nobody reads. */
    public Builder metrics(FlowMetrics value) {
      this.metrics = value;
      return this;
    }

    /** How an install request's context is decided. Default: always empty. */
    public Builder contextResolver(InstallContextResolver value) {
      this.contexts = value;
      return this;
    }

    /** The install path within the servlet context. Default {@code /notion/install}. */
    public Builder installPath(String value) {
      this.installPath = value;
      return this;
    }

    /** The callback path within the servlet context. Default {@code /notion/callback}. */
    public Builder callbackPath(String value) {
      this.callbackPath = value;
      return this;
    }

    /** The result pages' path prefix within the servlet context. Default {@code /notion/result}. */
    public Builder resultPath(String value) {
      this.resultPath = value;
      return this;
    }

    /**
     * Whether the binding cookie is {@code Secure} with the {@code __Host-} prefix. True (the
     * default) whenever the public URL is HTTPS; false only for plain-HTTP local development.
     */
    public Builder secureCookie(boolean value) {
      this.secureCookie = value;
      return this;
    }

    /**
     * How many installs one client address may start per minute (also the burst); 0 turns the limit
     * off. Default 60. Behind a proxy, make the container report the client's address.
     */
    public Builder installsPerMinute(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("installsPerMinute must not be negative");
      }
      this.installsPerMinute = value;
      return this;
    }

    /** Builds the servlet. */
    public NotionOAuthServlet build() {
      return new NotionOAuthServlet(this);
    }
  }
}
