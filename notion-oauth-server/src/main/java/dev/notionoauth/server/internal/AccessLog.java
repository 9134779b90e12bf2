package dev.notionoauth.server.internal;

import dev.notionoauth.web.LogSafe;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: client, method, path (never the query string, where codes and states
 * travel; result page ids replaced by {@code …}), protocol, status, bytes, milliseconds.
 */
public final class AccessLog implements RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger("notion-oauth.access");

  private final String resultPrefix;

  /**
   * Creates the log.
   *
   * @param resultPrefix the full path prefix of result pages, e.g. {@code /notion/result/}
   */
  public AccessLog(String resultPrefix) {
    this.resultPrefix = resultPrefix;
  }

  @Override
  public void log(Request request, Response response) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String path = request.getHttpURI().getPath();
    if (path == null) {
      path = "-";
    } else if (path.startsWith(resultPrefix)) {
      path = resultPrefix + "…";
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
    LOG.info(
        "{} \"{} {} {}\" {} {} {}ms",
        Request.getRemoteAddr(request),
        request.getMethod(),
        LogSafe.text(path),
        request.getConnectionMetaData().getProtocol(),
        response.getStatus(),
        Response.getContentBytesWritten(response),
        millis);
  }
}
