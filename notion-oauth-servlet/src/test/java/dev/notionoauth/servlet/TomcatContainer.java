package dev.notionoauth.servlet;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11. */
final class TomcatContainer implements ServletContainer {
  private final Tomcat tomcat = new Tomcat();

  @Override
  public int start(String contextPath, Map<String, HttpServlet> servlets) throws Exception {
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext(contextPath, null);
    Map<HttpServlet, String> names = new IdentityHashMap<>();
    servlets.forEach(
        (pattern, servlet) -> {
          String name =
              names.computeIfAbsent(
                  servlet,
                  s -> {
                    String n = "servlet-" + names.size();
                    Tomcat.addServlet(context, n, s).setAsyncSupported(true);
                    return n;
                  });
          context.addServletMappingDecoded(pattern, name);
        });
    tomcat.start();
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
