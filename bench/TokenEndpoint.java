import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A fixed, fast stand-in for Notion's token endpoint, shared by every server under test: any POST
 * to /v1/oauth/token gets a token pair for a new bot id in one workspace, shaped as Notion sends it;
 * any GET /v1/users/me gets one bot user (the proxy's measurement).
 * Run: java TokenEndpoint.java PORT
 */
public final class TokenEndpoint {
  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
    String workspace = UUID.randomUUID().toString();
    server.createContext(
        "/v1/oauth/token",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String body =
              "{\"access_token\":\"ntn_bench" + UUID.randomUUID().toString().replace("-", "")
                  + "\",\"token_type\":\"bearer\",\"refresh_token\":\"nrt_bench"
                  + UUID.randomUUID().toString().replace("-", "")
                  + "\",\"bot_id\":\"" + UUID.randomUUID()
                  + "\",\"workspace_name\":\"Bench\",\"workspace_icon\":null,\"workspace_id\":\""
                  + workspace
                  + "\",\"owner\":{\"type\":\"user\",\"user\":{\"object\":\"user\",\"id\":\""
                  + UUID.randomUUID()
                  + "\",\"name\":\"Bench\",\"avatar_url\":null,\"type\":\"person\",\"person\":{\"email\":\"b@example.com\"}}},"
                  + "\"duplicated_template_id\":null,\"request_id\":\"" + UUID.randomUUID() + "\"}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    // the API's GET /v1/users/me, for the proxy's measurement: the same bot user whatever the token
    byte[] me =
        ("{\"object\":\"user\",\"id\":\"" + UUID.randomUUID()
                + "\",\"name\":\"Bench\",\"avatar_url\":null,\"type\":\"bot\",\"bot\":{}}")
            .getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/v1/users/me",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, me.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(me);
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("token endpoint on " + args[0]);
  }
}
