package dev.notionoauth.server.internal.console;

import dev.notionoauth.web.Html;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The console's page: a navigation bar, a heading and the page's body, self contained (one inline
 * style allowed by its hash; no script, no external resource), so the strictest CSP holds. Every
 * value shown is escaped where it is put into the page ({@link Html#escape}).
 */
final class ConsolePage {
  static final String CSS =
      "body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",sans-serif;"
          + "background:#f7f6f3;color:#37352f}"
          + "nav{background:#37352f;padding:.6rem 1.5rem;display:flex;gap:1.2rem;align-items:center}"
          + "nav a{color:#fff;text-decoration:none}nav a:focus,nav a:hover{text-decoration:underline}"
          + "nav form{margin-left:auto}nav .muted{color:#e3e2e0}"
          + "main{max-width:72rem;margin:1.5rem auto;padding:1.5rem 2rem;background:#fff;"
          + "border-radius:10px;box-shadow:0 1px 3px rgba(15,15,15,.1)}"
          + "main.narrow{max-width:26rem;margin-top:12vh}"
          + "h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}"
          + "table{border-collapse:collapse;width:100%;font-size:.9rem}"
          + "th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e9e9e7;"
          + "vertical-align:top;overflow-wrap:anywhere}"
          + "th{color:#5f5e5b;font-weight:600}"
          + "label{display:block;margin:.5rem 0 .2rem}"
          + "input,select{font:inherit;padding:.35rem .5rem;border:1px solid #b4b4b0;border-radius:5px}"
          + "input[readonly]{width:100%;box-sizing:border-box}"
          + "button{font:inherit;padding:.4rem .9rem;border-radius:6px;border:0;background:#0b5cad;"
          + "color:#fff;cursor:pointer}button.danger{background:#c4372f}button.plain{background:#5f5e5b}"
          + "button:focus,input:focus,select:focus,a:focus{outline:3px solid #f5a623;outline-offset:2px}"
          + ".inline{display:inline}.muted{color:#5f5e5b}.error{color:#b3261e;font-weight:600}"
          + ".notice{background:#edf3ec;padding:.6rem .8rem;border-radius:6px}"
          + ".cards{display:flex;gap:1rem;flex-wrap:wrap}"
          + ".card{border:1px solid #e9e9e7;border-radius:8px;padding:.6rem 1rem;min-width:9rem}"
          + ".card strong{display:block;font-size:1.5rem}"
          + "svg{max-width:100%;height:auto}";

  /** The console's CSP: its own inline style by hash, images only from itself, forms to itself. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'sha256-"
          + sha256(CSS)
          + "'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final List<String[]> NAV =
      List.of(
          new String[] {"", "Overview"},
          new String[] {"/installations", "Installations"},
          new String[] {"/webhooks", "Webhooks"},
          new String[] {"/app-events", "App events"},
          new String[] {"/api-keys", "API keys"},
          new String[] {"/audit", "Audit"});

  private ConsolePage() {}

  /**
   * A whole console page.
   *
   * @param base the console's path, e.g. {@code /console}
   * @param title the heading (plain text)
   * @param bodyHtml the page's HTML, already escaped
   * @param operator the signed-in operator, or null on the sign-in page
   * @param csrf the session's CSRF token (for the sign-out form), or null
   */
  static String render(
      String base,
      String title,
      String bodyHtml,
      @Nullable String operator,
      @Nullable String csrf) {
    StringBuilder h = new StringBuilder(4096 + bodyHtml.length());
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"referrer\" content=\"same-origin\"><title>")
        .append(Html.escape(title))
        .append(" · Console</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    if (operator != null) {
      h.append("<nav aria-label=\"Console\">");
      for (String[] item : NAV) {
        h.append("<a href=\"").append(Html.escape(base + item[0])).append("\">");
        h.append(item[1]).append("</a>");
      }
      h.append("<form method=\"post\" action=\"")
          .append(Html.escape(base + "/sign-out"))
          .append("\">")
          .append(csrfField(String.valueOf(csrf)))
          .append("<span class=\"muted\">")
          .append(Html.escape(operator))
          .append("</span> <button class=\"plain\">Sign out</button></form></nav>");
    }
    h.append("<main")
        .append(operator == null ? " class=\"narrow\"" : "")
        .append("><h1>")
        .append(Html.escape(title))
        .append("</h1>")
        .append(bodyHtml)
        .append("</main></body></html>\n");
    return h.toString();
  }

  /** The hidden CSRF field every state-changing form carries. */
  static String csrfField(String csrf) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(csrf) + "\">";
  }

  /** A one-button form posting to {@code action} (revoke, replay …). */
  static String button(String action, String csrf, String label, boolean danger) {
    return "<form class=\"inline\" method=\"post\" action=\""
        + Html.escape(action)
        + "\">"
        + csrfField(csrf)
        + "<button"
        + (danger ? " class=\"danger\"" : "")
        + ">"
        + Html.escape(label)
        + "</button></form>";
  }

  /** A table of rows already escaped cell by cell. */
  static String table(String caption, List<String> headers, List<List<String>> rows) {
    StringBuilder h = new StringBuilder("<table><caption class=\"muted\">");
    h.append(Html.escape(caption)).append("</caption><thead><tr>");
    for (String th : headers) {
      h.append("<th scope=\"col\">").append(Html.escape(th)).append("</th>");
    }
    h.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      h.append("<tr>");
      for (String td : row) {
        h.append("<td>").append(td).append("</td>");
      }
      h.append("</tr>");
    }
    return h.append("</tbody></table>").toString();
  }

  /**
   * A bar chart drawn on the server: one bar per value (e.g. per hour), labelled for screen readers
   * with its title and total.
   */
  static String bars(String title, long[] values) {
    int w = 24 * values.length;
    long max = 1;
    long total = 0;
    for (long v : values) {
      max = Math.max(max, v);
      total += v;
    }
    StringBuilder s = chart(w, title + ": " + total + " in all");
    for (int i = 0; i < values.length; i++) {
      long height = Math.round(100.0 * values[i] / max);
      s.append("<rect x=\"")
          .append(i * 24 + 2)
          .append("\" y=\"")
          .append(104 - height)
          .append("\" width=\"20\" height=\"")
          .append(height)
          .append("\" fill=\"#2383e2\"><title>")
          .append(values[i])
          .append("</title></rect>");
    }
    return s.append("<line x1=\"0\" y1=\"105\" x2=\"")
        .append(w)
        .append("\" y2=\"105\" stroke=\"#b4b4b0\"/></svg>")
        .toString();
  }

  /**
   * Bars stacked by series (e.g. callbacks per hour by outcome), one colour per series, with a
   * legend giving each series' total; labelled for screen readers like {@link #bars}.
   */
  static String stackedBars(
      String title, List<String> names, List<long[]> series, List<String> colors) {
    int hours = series.get(0).length;
    int w = 24 * hours;
    long max = 1;
    for (int i = 0; i < hours; i++) {
      long sum = 0;
      for (long[] v : series) {
        sum += v[i];
      }
      max = Math.max(max, sum);
    }
    StringBuilder legend = new StringBuilder();
    StringBuilder label = new StringBuilder(title).append(':');
    for (int k = 0; k < names.size(); k++) {
      long total = java.util.Arrays.stream(series.get(k)).sum();
      label.append(k == 0 ? " " : ", ").append(total).append(' ').append(names.get(k));
      legend
          .append("<span class=\"legend\"><svg width=\"10\" height=\"10\" aria-hidden=\"true\">")
          .append("<rect width=\"10\" height=\"10\" fill=\"")
          .append(colors.get(k))
          .append("\"/></svg> ")
          .append(Html.escape(names.get(k)))
          .append(' ')
          .append(total)
          .append("</span> ");
    }
    StringBuilder s = chart(w, label.toString());
    for (int i = 0; i < hours; i++) {
      long base = 104;
      for (int k = 0; k < series.size(); k++) {
        long height = Math.round(100.0 * series.get(k)[i] / max);
        if (height == 0) {
          continue;
        }
        base -= height;
        s.append("<rect x=\"")
            .append(i * 24 + 2)
            .append("\" y=\"")
            .append(base)
            .append("\" width=\"20\" height=\"")
            .append(height)
            .append("\" fill=\"")
            .append(colors.get(k))
            .append("\"><title>")
            .append(series.get(k)[i])
            .append(' ')
            .append(Html.escape(names.get(k)))
            .append("</title></rect>");
      }
    }
    return s.append("<line x1=\"0\" y1=\"105\" x2=\"")
        .append(w)
        .append("\" y2=\"105\" stroke=\"#b4b4b0\"/></svg><p class=\"muted\">")
        .append(legend)
        .append("</p>")
        .toString();
  }

  /** An SVG chart {@code w} wide, 110 high, labelled {@code label} for screen readers. */
  private static StringBuilder chart(int w, String label) {
    return new StringBuilder("<svg role=\"img\" viewBox=\"0 0 ")
        .append(w)
        .append(" 110\" width=\"")
        .append(w)
        .append("\" height=\"110\"><title>")
        .append(Html.escape(label))
        .append("</title>");
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
