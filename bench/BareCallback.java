import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Baseline: the essential work of a callback and nothing else — the inbound request, one POST to
 * the token endpoint with the JDK client, the JSON parsed with Jackson, one insert into SQLite (WAL),
 * a small page. Run: java -cp notion-oauth-handler.jar BareCallback.java PORT TOKEN_URL DB_FILE
 */
public final class BareCallback {
  public static void main(String[] args) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    JsonMapper json = JsonMapper.builder().build();
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl("jdbc:sqlite:" + args[2]);
    hc.setMaximumPoolSize(4);
    hc.addDataSourceProperty("journal_mode", "WAL");
    hc.addDataSourceProperty("synchronous", "NORMAL");
    hc.addDataSourceProperty("busy_timeout", "10000");
    HikariDataSource db = new HikariDataSource(hc);
    try (Connection c = db.getConnection()) {
      c.createStatement()
          .execute(
              "CREATE TABLE IF NOT EXISTS installation (bot_id TEXT PRIMARY KEY, workspace_id TEXT,"
                  + " access_token TEXT, created_at BIGINT)");
    }
    URI token = URI.create(args[1]);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String query = request.getHttpURI().getQuery();
            String code = query == null ? "none" : query;
            HttpResponse<String> r =
                http.send(
                    HttpRequest.newBuilder(token)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"grant_type\":\"authorization_code\",\"code\":\"" + code.length() + "\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode t = json.readTree(r.body());
            try (Connection c = db.getConnection();
                PreparedStatement ps =
                    c.prepareStatement("INSERT INTO installation VALUES (?, ?, ?, ?)")) {
              ps.setString(1, t.get("bot_id").asString());
              ps.setString(2, t.get("workspace_id").asString());
              ps.setString(3, t.get("access_token").asString());
              ps.setLong(4, System.currentTimeMillis());
              ps.executeUpdate();
            }
            byte[] page =
                ("<!DOCTYPE html><title>Connected</title><p>Connected to "
                        + t.get("workspace_name").asString() + "</p>")
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.getHeaders().put("Content-Type", "text/html; charset=utf-8");
            response.write(true, java.nio.ByteBuffer.wrap(page), callback);
            return true;
          }
        });
    server.start();
    System.out.println("bare callback on " + args[0]);
    server.join();
  }
}
