package dev.notionoauth;

import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.PluginSettings;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.web.Html;
import dev.notionoauth.web.PageTemplate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code default} view: small self-contained HTML pages (one inline style allowed by its hash
 * in the page's Content-Security-Policy, no scripts, no external resources). Only our own texts and
 * escaped values from Notion appear; nothing from the request is reflected.
 *
 * <p>Settings: {@code product-name} (the page title's suffix, default "Notion integration"), {@code
 * start-url} (a same-site path such as {@code /notion/install} for a "Start again" link), {@code
 * claim-url} (the host app's page that links an unbound install to its user; see {@link
 * ClaimHandoff}).
 */
public final class DefaultResponseView implements ResponseView {
  /** The page's Content-Security-Policy: no scripts, only our inline style by hash. */
  public static final String CONTENT_SECURITY_POLICY = PageTemplate.CONTENT_SECURITY_POLICY;

  private final String productName;
  private final @Nullable String startUrl;
  private final @Nullable ClaimHandoff claims;

  /**
   * Creates the view.
   *
   * @param productName shown in page titles
   * @param startUrl a same-site path for the "Start again" link, or null for none
   */
  public DefaultResponseView(String productName, @Nullable String startUrl) {
    this(productName, startUrl, null);
  }

  /**
   * Creates the view with claim buttons for unbound installs.
   *
   * @param productName shown in page titles
   * @param startUrl a same-site path for the "Start again" link, or null for none
   * @param claims when set, an unbound install's page offers the {@link ClaimHandoff#ROUTE} button
   *     (the link itself goes to the browser in a cookie, never into the page)
   */
  public DefaultResponseView(
      String productName, @Nullable String startUrl, @Nullable ClaimHandoff claims) {
    this.claims = claims;
    if (startUrl != null && !isSameSitePath(startUrl)) {
      throw new NotionConfigException(
          "view setting start-url must be a path starting with a single '/', e.g. /notion/install");
    }
    this.productName = productName;
    this.startUrl = startUrl;
  }

  @Override
  public HttpReply authorized(CallbackOutcome.Authorized outcome) {
    TokenResponse t = outcome.token();
    String workspace = t.workspaceName() == null ? "Your Notion workspace" : t.workspaceName();
    return page(
        200,
        "ok",
        "Connected to Notion",
        account(outcome.context())
            + "<p><strong>"
            + Html.escape(workspace)
            + (outcome.reconnected()
                ? "</strong> is reconnected to " + Html.escape(productName) + ": it works again"
                : "</strong> is now connected to " + Html.escape(productName))
            + ".</p>"
            + (outcome.bound() ? "<p>You can close this tab.</p>" : claim()),
        false);
  }

  /**
   * "Connected workspace W to account A", when the signed install link named the account ({@link
   * InstallLinks#ACCOUNT_LABEL}): whoever connects sees whose account gets the workspace.
   */
  private static String account(FlowContext context) {
    return context
        .get(InstallLinks.ACCOUNT_LABEL)
        .map(a -> "<p class=\"account\">To account <strong>" + Html.escape(a) + "</strong>.</p>")
        .orElse("");
  }

  private String claim() {
    String text =
        "<p>This connection was started from Notion and is not linked to an account yet.</p>";
    if (claims == null) {
      return text + "<p>Sign in to " + Html.escape(productName) + " to link it.</p>";
    }
    // relative to this page (<result-path>/<id>): only this browser holds the claim cookie
    return text
        + "<a class=\"button\" href=\""
        + ClaimHandoff.ROUTE
        + "\">Link it to your account</a>";
  }

  @Override
  public HttpReply denied(CallbackOutcome.Denied outcome) {
    return page(
        403,
        "denied",
        "Connection cancelled",
        "<p>You cancelled the connection in Notion. Nothing was shared.</p>",
        true);
  }

  @Override
  public HttpReply failed(CallbackOutcome.Failed outcome) {
    StringBuilder body = new StringBuilder();
    body.append("<p>").append(Html.escape(outcome.reason().userMessage())).append("</p>");
    body.append("<p class=\"ref\">Error code: ")
        .append(outcome.reason().name().toLowerCase(Locale.ROOT));
    if (outcome.requestId() != null) {
      body.append(" · Notion request id: ").append(Html.escape(outcome.requestId()));
    }
    body.append("</p>");
    HttpReply reply =
        page(
            outcome.reason().httpStatus(),
            "failed",
            "Could not connect to Notion",
            body.toString(),
            true);
    if (outcome.retryAfter() != null) {
      reply = reply.withHeader("Retry-After", Long.toString(outcome.retryAfter().toSeconds()));
    }
    return reply;
  }

  private HttpReply page(int status, String kind, String title, String bodyHtml, boolean again) {
    String body = bodyHtml;
    if (again && startUrl != null) {
      body += "<a class=\"button\" href=\"" + Html.escape(startUrl) + "\">Start again</a>";
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html; charset=UTF-8");
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("Cache-Control", "no-store");
    return new HttpReply(status, headers, PageTemplate.render(kind, title, body, productName));
  }

  static boolean isSameSitePath(String path) {
    return path.startsWith("/")
        && !path.startsWith("//")
        && !path.contains("\\")
        && path.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  /**
   * The claim handoff the {@code claim-url} setting asks for, when install links are configured
   * (they sign the claim links); the server hands the same one to its servlet.
   */
  public static Optional<ClaimHandoff> claimHandoff(PluginContext context) {
    return context
        .settings()
        .string("claim-url")
        .flatMap(
            url ->
                context.installLinks().map(links -> new ClaimHandoff(url, links, context.clock())));
  }

  /** Registers the view under the name {@code default}. */
  public static final class Provider implements PluginProvider<ResponseView> {
    @Override
    public Class<ResponseView> type() {
      return ResponseView.class;
    }

    @Override
    public String name() {
      return "default";
    }

    @Override
    public String description() {
      return "Small self-contained HTML result pages (no scripts, escaped values, no reflection).";
    }

    @Override
    public ResponseView create(PluginContext context) {
      PluginSettings settings = context.settings();
      return new DefaultResponseView(
          settings.string("product-name", "Notion integration"),
          settings.string("start-url").orElse(null),
          claimHandoff(context).orElse(null));
    }
  }
}
