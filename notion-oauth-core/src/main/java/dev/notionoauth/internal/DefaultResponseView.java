package dev.notionoauth.internal;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.HttpReply;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.TokenResponse;
import dev.notionoauth.spi.PluginSettings;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.ResponseViewProvider;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code default} view: small self-contained HTML pages (one inline style allowed by its hash
 * in the page's Content-Security-Policy, no scripts, no external resources). Only our own texts and
 * escaped values from Notion appear; nothing from the request is reflected.
 *
 * <p>Settings: {@code product-name} (the page title's suffix, default "Notion integration"), {@code
 * start-url} (a same-site path such as {@code /notion/install} for a "Start again" link).
 */
public final class DefaultResponseView implements ResponseView {
  /** The page's Content-Security-Policy: no scripts, only our inline style by hash. */
  public static final String CONTENT_SECURITY_POLICY = PageTemplate.CONTENT_SECURITY_POLICY;

  private final String productName;
  private final @Nullable String startUrl;

  /**
   * Creates the view.
   *
   * @param productName shown in page titles
   * @param startUrl a same-site path for the "Start again" link, or null for none
   */
  public DefaultResponseView(String productName, @Nullable String startUrl) {
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
        "<p><strong>"
            + Html.escape(workspace)
            + "</strong> is now connected to "
            + Html.escape(productName)
            + ".</p><p>You can close this tab.</p>",
        false);
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

  /** Registers the view under the name {@code default}. */
  public static final class Provider implements ResponseViewProvider {
    @Override
    public String name() {
      return "default";
    }

    @Override
    public String description() {
      return "Small self-contained HTML result pages (no scripts, escaped values, no reflection).";
    }

    @Override
    public ResponseView create(PluginSettings settings) {
      return new DefaultResponseView(
          settings.string("product-name", "Notion integration"),
          settings.string("start-url").orElse(null));
    }
  }
}
