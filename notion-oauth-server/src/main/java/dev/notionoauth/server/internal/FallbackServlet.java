package dev.notionoauth.server.internal;

import dev.notionoauth.HttpReply;
import dev.notionoauth.servlet.Pages;
import dev.notionoauth.web.Html;
import dev.notionoauth.web.PageTemplate;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Everything no other route takes: our own 404 page, or, when the landing page is on, an "Add to
 * Notion" page at the context root.
 */
public final class FallbackServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final @Nullable String landingInstallPath;
  private final String siteName;

  /**
   * Creates the servlet.
   *
   * @param landingInstallPath the install path (within the context) to link from the landing page,
   *     or null for no landing page
   * @param siteName shown on the landing page
   */
  public FallbackServlet(@Nullable String landingInstallPath, String siteName) {
    this.landingInstallPath = landingInstallPath;
    this.siteName = siteName;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = Pages.path(request);
    if (landingInstallPath != null && (path.equals("/") || path.isEmpty())) {
      if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
        Pages.methodNotAllowed(request, response, "GET, HEAD");
        return;
      }
      String href = request.getContextPath() + landingInstallPath;
      String body =
          "<p>Connect your Notion workspace to <strong>"
              + Html.escape(siteName)
              + "</strong>. You will choose which pages to share on Notion's own page.</p>"
              + "<a class=\"button\" id=\"add-to-notion\" href=\""
              + Html.escape(href)
              + "\">Add to Notion</a>";
      Pages.write(
          request,
          response,
          HttpReply.html(200, PageTemplate.render("plain", siteName, body, null))
              .withHeader("Cache-Control", "no-store"));
      return;
    }
    Pages.notFound(request, response);
  }
}
