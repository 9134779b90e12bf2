package dev.notionoauth.servlet;

import jakarta.servlet.http.HttpServlet;
import java.util.IdentityHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10). */
final class JettyContainer implements ServletContainer {
  private final Server server = new Server();

  @Override
  public int start(String contextPath, Map<String, HttpServlet> servlets) throws Exception {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath(contextPath);
    context.setSessionHandler(new SessionHandler());
    Map<HttpServlet, ServletHolder> holders = new IdentityHashMap<>();
    servlets.forEach(
        (pattern, servlet) ->
            context.addServlet(
                holders.computeIfAbsent(
                    servlet,
                    s -> {
                      ServletHolder h = new ServletHolder(s);
                      h.setAsyncSupported(true); // as the webhook servlet asks
                      return h;
                    }),
                pattern));
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
