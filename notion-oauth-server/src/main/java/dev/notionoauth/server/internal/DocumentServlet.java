package dev.notionoauth.server.internal;

import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.servlet.Pages;
import dev.notionoauth.servlet.SecurityHeaders;
import dev.notionoauth.web.PageTemplate;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the configured documents (Terms of Use, Privacy Policy, …) at their exact paths only:
 * Markdown rendered to a clean page, HTML and text as they are. Contents are cached in memory with
 * an ETag and Last-Modified, reloaded when the file's modification time changes; conditional
 * requests get 304.
 */
public final class DocumentServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DocumentServlet.class);

  /** Relaxed but script-free policy for HTML documents written by the operator. */
  static final String DOCUMENT_CSP =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none';"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private record Cached(FileTime modified, byte[] body, String etag, String lastModified) {}

  private final transient Map<String, ServerConfig.Document> documents;
  private final transient Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final String siteName;
  private final transient Parser markdown = Parser.builder().build();
  private final transient HtmlRenderer renderer =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  /**
   * Creates the servlet.
   *
   * @param documents URL path (within the context) to document
   * @param siteName shown in rendered pages' titles
   */
  public DocumentServlet(Map<String, ServerConfig.Document> documents, String siteName) {
    this.documents = Map.copyOf(documents);
    this.siteName = siteName;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = Pages.path(request);
    ServerConfig.Document doc = documents.get(path);
    if (doc == null) {
      Pages.notFound(request, response);
      return;
    }
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      Pages.methodNotAllowed(request, response, "GET, HEAD");
      return;
    }
    Cached c;
    try {
      c = load(path, doc);
    } catch (IOException e) {
      LOG.error("Cannot read document {}: {}", path, e.getClass().getSimpleName());
      Pages.message(
          request,
          response,
          503,
          "Document unavailable",
          "This document cannot be shown right now.");
      return;
    }
    SecurityHeaders.apply(response, request.isSecure());
    response.setHeader(
        "Content-Security-Policy",
        doc.markdown() ? PageTemplate.CONTENT_SECURITY_POLICY : DOCUMENT_CSP);
    response.setHeader("Cache-Control", "public, max-age=300");
    response.setHeader("ETag", c.etag());
    response.setHeader("Last-Modified", c.lastModified());
    String ifNoneMatch = request.getHeader("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.equals(c.etag()) || ifNoneMatch.equals("*"))) {
      response.setStatus(304);
      return;
    }
    if (ifNoneMatch == null && c.lastModified().equals(request.getHeader("If-Modified-Since"))) {
      response.setStatus(304);
      return;
    }
    response.setStatus(200);
    response.setContentType(doc.contentType());
    response.setContentLength(c.body().length);
    if (request.getMethod().equals("GET")) {
      response.getOutputStream().write(c.body());
    }
  }

  private Cached load(String path, ServerConfig.Document doc) throws IOException {
    FileTime modified = Files.getLastModifiedTime(doc.file());
    Cached c = cache.get(path);
    if (c != null && c.modified().equals(modified)) {
      return c;
    }
    byte[] raw = Files.readAllBytes(doc.file());
    byte[] body = raw;
    if (doc.markdown()) {
      body =
          renderMarkdown(new String(raw, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }
    String etag = "\"" + HexFormat.of().formatHex(sha256(body), 0, 16) + "\"";
    String lastModified =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            modified.toInstant().atOffset(ZoneOffset.UTC).withNano(0));
    c = new Cached(modified, body, etag, lastModified);
    cache.put(path, c);
    return c;
  }

  /** A Markdown document as our page: raw HTML escaped, unsafe link targets emptied. */
  String renderMarkdown(String text) {
    String html = renderer.render(markdown.parse(text));
    return PageTemplate.render("doc", firstHeading(text), html, siteName);
  }

  private static String firstHeading(String markdownText) {
    for (String line : markdownText.split("\n")) {
      if (line.startsWith("# ")) {
        return line.substring(2).strip();
      }
    }
    return "Document";
  }

  private static byte[] sha256(byte[] body) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(body);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
