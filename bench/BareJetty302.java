import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** Baseline: bare Jetty 12 answering every request with a fixed 302. Run with the jar on the class path. */
public final class BareJetty302 {
  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(Integer.parseInt(args[0]));
    server.addConnector(c);
    String location =
        "https://api.notion.com/v1/oauth/authorize?client_id=00000000-0000-4000-8000-00000000c11e"
            + "&response_type=code&owner=user&redirect_uri=http%3A%2F%2Flocalhost%2Fnotion%2Fcallback"
            + "&state=0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(302);
            response.getHeaders().put("Location", location);
            response.getHeaders().put("Content-Length", "0");
            callback.succeeded();
            return true;
          }
        });
    server.start();
    System.out.println("bare 302 on " + args[0]);
    server.join();
  }
}
