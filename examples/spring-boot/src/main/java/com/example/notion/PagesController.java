package com.example.notion;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** The app's pages: a "Connect Notion" button, and the user's connected workspaces. */
@RestController
public class PagesController {
  private final JdbcTemplate db;

  PagesController(JdbcTemplate db) {
    this.db = db;
  }

  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  String home(HttpSession session) {
    Object user = session.getAttribute(LoginController.USER);
    if (user == null) {
      return page("<p><a href=\"/login?user=demo\">Log in</a></p>");
    }
    return page(
        "<p>Hello " + HtmlUtils.htmlEscape(user.toString()) + ".</p>"
            + "<form action=\"/notion/install\" method=\"get\"><button>Connect Notion</button></form>"
            + "<p><a href=\"/workspaces\">Your workspaces</a></p>");
  }

  @GetMapping(value = "/workspaces", produces = MediaType.TEXT_HTML_VALUE)
  String workspaces(HttpSession session) {
    Object user = session.getAttribute(LoginController.USER);
    if (user == null) {
      return page("<p><a href=\"/login?user=demo\">Log in</a></p>");
    }
    List<Map<String, Object>> rows =
        db.queryForList(
            "SELECT bot_id, workspace_name FROM connected_workspace WHERE user_id = ? ORDER BY"
                + " connected_at",
            user.toString());
    StringBuilder list = new StringBuilder("<h1>Your Notion workspaces</h1><ul>");
    for (Map<String, Object> row : rows) {
      list.append("<li>")
          .append(HtmlUtils.htmlEscape(String.valueOf(row.get("workspace_name"))))
          .append("</li>");
    }
    return page(list.append("</ul><p><a href=\"/\">Back</a></p>").toString());
  }

  private static String page(String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Example</title>"
        + "</head><body>" + body + "</body></html>";
  }
}
