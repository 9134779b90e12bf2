package dev.notionoauth.web;

import dev.notionoauth.internal.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The one small HTML page every screen of ours uses: result pages, error pages, documents. Self
 * contained: one inline style allowed by its hash in {@link #CONTENT_SECURITY_POLICY}, no scripts,
 * no external resources.
 */
public final class PageTemplate {
  static final String CSS =
      "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",sans-serif;"
          + "background:#f7f6f3;color:#37352f}"
          + "main{max-width:34rem;margin:12vh auto;padding:2rem 2.25rem;background:#fff;"
          + "border-radius:10px;box-shadow:0 1px 3px rgba(15,15,15,.1),0 8px 24px rgba(15,15,15,.06)}"
          + "main.doc{max-width:46rem;margin:4vh auto}"
          + "h1{font-size:1.4rem;margin:0 0 .75rem}"
          + ".ok h1{color:#0f7b6c}.denied h1{color:#787774}.failed h1{color:#d44c47}"
          + "p{margin:.5rem 0}.ref{color:#787774;font-size:.85rem}"
          + "a.button{display:inline-block;margin-top:1rem;padding:.5rem 1rem;border-radius:6px;"
          + "background:#2383e2;color:#fff;text-decoration:none}"
          + "pre,code{background:#f1f1ef;border-radius:4px;padding:.1rem .3rem}";

  /** Content-Security-Policy for our pages: nothing but our own inline style. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'sha256-"
          + Base64.getEncoder().encodeToString(Tokens.sha256(CSS.getBytes(StandardCharsets.UTF_8)))
          + "'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private PageTemplate() {}

  /**
   * A whole page.
   *
   * @param kind a CSS class for the card: ok, denied, failed, doc, or plain
   * @param title the heading and title (plain text; escaped here)
   * @param bodyHtml the card's inner HTML (already safe)
   * @param siteName a suffix for the title (plain text), or null
   */
  public static String render(
      String kind, String title, String bodyHtml, @Nullable String siteName) {
    StringBuilder html = new StringBuilder(1400 + bodyHtml.length());
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"referrer\" content=\"no-referrer\"><title>")
        .append(Html.escape(title));
    if (siteName != null) {
      html.append(" · ").append(Html.escape(siteName));
    }
    html.append("</title><style>")
        .append(CSS)
        .append("</style></head><body><main class=\"")
        .append(Html.escape(kind))
        .append("\">");
    if (!title.isEmpty() && !kind.equals("doc")) {
      html.append("<h1>").append(Html.escape(title)).append("</h1>");
    }
    html.append(bodyHtml).append("</main></body></html>\n");
    return html.toString();
  }

  /** A short page of one message, for errors such as 404 or 405. */
  public static String message(String title, String message) {
    return render("failed", title, "<p>" + Html.escape(message) + "</p>", null);
  }
}
