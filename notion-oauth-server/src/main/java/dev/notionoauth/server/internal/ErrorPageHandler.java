package dev.notionoauth.server.internal;

import dev.notionoauth.servlet.SecurityHeaders;
import dev.notionoauth.web.PageTemplate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (414 URI too long, 431 headers too large, 400 bad request, …) as our small
 * page with our headers: no stack trace, no server version, no request text.
 */
public final class ErrorPageHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (status < 400) {
      status = 500;
      response.setStatus(status);
    }
    String reason = HttpStatus.getMessage(status);
    String message =
        switch (status) {
          case 400 -> "The request could not be understood.";
          case 404 -> "There is no page at this address.";
          case 405 -> "This address does not accept that method.";
          case 414 -> "The address is too long.";
          case 431 -> "The request headers are too large.";
          case 503 -> "The service is unavailable right now. Please try again in a minute.";
          default ->
              status >= 500 ? "Something went wrong on our side." : "The request was refused.";
        };
    byte[] body =
        PageTemplate.message(status + " " + reason, message).getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=UTF-8");
    response.getHeaders().put("Content-Security-Policy", PageTemplate.CONTENT_SECURITY_POLICY);
    response.getHeaders().put("X-Frame-Options", "DENY");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Cache-Control", "no-store");
    if (request.isSecure()) {
      response.getHeaders().put("Strict-Transport-Security", SecurityHeaders.HSTS);
    }
    if (HttpMethod.HEAD.is(request.getMethod())) {
      // the headers only, as for any HEAD (a request Jetty could not parse reaches here as "BAD":
      // its method is unknown, so it gets the page)
      response.write(true, null, callback);
      return true;
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
