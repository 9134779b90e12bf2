package dev.notionoauth.server.internal;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers 400 (our error page) to any request whose query has a malformed percent-encoding ({@code
 * %} not followed by two hex digits), before any route sees it: no route then has to be careful
 * never to let its container parse such a query (which fails with an exception, once a 500), and
 * every route answers the same way. Well-formed queries pass untouched; what they decode to is each
 * route's business.
 */
public final class MalformedQueryGuard extends Handler.Wrapper {

  /** Guards {@code next}. */
  public MalformedQueryGuard(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String query = request.getHttpURI().getQuery();
    if (query != null && !wellEncoded(query)) {
      Response.writeError(request, response, callback, 400);
      return true;
    }
    return super.handle(request, response, callback);
  }

  /** Whether every {@code %} is followed by two hex digits. */
  static boolean wellEncoded(String query) {
    for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 1)) {
      if (i + 2 >= query.length() || !hex(query.charAt(i + 1)) || !hex(query.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
