package dev.notionoauth.emulator;

import java.net.URI;
import java.util.List;

/** The emulated Notion's HTML: the consent page with its workspace picker, and the error page. */
final class ConsentPage {
  private ConsentPage() {}

  private static final String STYLE =
      "body{font:16px/1.5 system-ui,sans-serif;background:#fff;color:#37352f;margin:0}"
          + "main{max-width:28rem;margin:10vh auto;padding:2rem;border:1px solid #e9e9e7;"
          + "border-radius:10px}.badge{font-size:.8rem;color:#9b9a97}"
          + "button{font-size:1rem;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #d3d1cb;"
          + "background:#fff;margin-right:.5rem;cursor:pointer}"
          + "button.allow{background:#2383e2;color:#fff;border-color:#2383e2}";

  /**
   * The consent page: who asks, for which workspace, with <em>Allow access</em> and <em>Cancel</em>
   * posting the decision back to the authorize endpoint.
   */
  static String consent(
      String consentId,
      String clientId,
      String redirectUri,
      List<String> workspaceNames,
      String userName) {
    boolean one = workspaceNames.size() == 1;
    String host = URI.create(redirectUri).getHost();
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notion (emulator)"
        + " · Connect</title><style>"
        + STYLE
        + "</style></head><body><main>"
        + "<p class=\"badge\">Notion emulator: nothing leaves this machine</p>"
        + "<h1>Connect to "
        + (one ? esc(workspaceNames.get(0)) : "Notion")
        + "</h1>"
        + "<p>An integration (client <code>"
        + esc(clientId)
        + "</code>) would like to read and update content in "
        + (one ? "<strong>" + esc(workspaceNames.get(0)) + "</strong>" : "a workspace of yours")
        + " as <strong>"
        + esc(userName)
        + "</strong>.</p>"
        + "<p>Make sure you trust it ("
        + esc(host == null ? "?" : host)
        + ").</p>"
        + "<form method=\"post\" action=\""
        + Endpoint.AUTHORIZE.path()
        + "\">"
        + "<input type=\"hidden\" name=\"consent\" value=\""
        + consentId
        + "\">"
        + workspacePicker(workspaceNames)
        + "<button class=\"allow\" id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">"
        + "Allow access</button>"
        + "<button id=\"cancel\" type=\"submit\" name=\"decision\" value=\"cancel\">Cancel</button>"
        + "</form></main></body></html>";
  }

  /** A select of the user's workspaces, when there is more than one. */
  private static String workspacePicker(List<String> workspaceNames) {
    if (workspaceNames.size() == 1) {
      return "";
    }
    StringBuilder b =
        new StringBuilder(
            "<p><label for=\"workspace\">Workspace</label> <select id=\"workspace\""
                + " name=\"workspace\">");
    for (String name : workspaceNames) {
      b.append("<option>").append(esc(name)).append("</option>");
    }
    return b.append("</select></p>").toString();
  }

  /** The page Notion shows instead of redirecting a bad authorize request. */
  static String error(String message) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Notion"
        + " (emulator) · Error</title></head><body><h1>Something went wrong</h1><p id=\"error\">"
        + esc(message)
        + "</p></body></html>";
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
