package dev.notionoauth.servlet;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;

/**
 * A servlet container the suite runs the adapter in, as a host application would: one web app at a
 * context path, with sessions, and servlets mapped by pattern.
 */
interface ServletContainer extends AutoCloseable {

  /**
   * Starts the app on a free loopback port.
   *
   * @param contextPath e.g. {@code /app}
   * @param servlets URL pattern to servlet (a servlet may appear under several patterns)
   * @return the port
   */
  int start(String contextPath, Map<String, HttpServlet> servlets) throws Exception;

  @Override
  void close() throws Exception;
}
