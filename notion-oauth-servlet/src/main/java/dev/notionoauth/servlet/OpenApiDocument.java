package dev.notionoauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The HTTP API's OpenAPI 3.1 document ({@code openapi.json} beside this class), served at {@code
 * GET /api/v1/openapi.json} without a key. The build lints it and every API test validates its
 * requests and answers against it, so it cannot drift from the code.
 */
final class OpenApiDocument {
  private static final byte[] DOCUMENT = load();

  private OpenApiDocument() {}

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the servlet module");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Access-Control-Allow-Origin", "*"); // a public document, for API viewers
    ApiJson.write(request, response, 200, DOCUMENT);
  }
}
