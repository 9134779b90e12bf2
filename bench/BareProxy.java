import java.io.*;
import java.net.*;
import java.net.http.*;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.*;
import org.eclipse.jetty.server.*;
import org.eclipse.jetty.util.Callback;

/**
 * What a proxy on this stack can reach at best (docs/performance.md, "What a proxy can reach"): bare
 * Jetty 12 relaying every request to the stand-in's GET /v1/users/me, with nothing else, over
 * either the JDK HttpClient (direct executor, as our OAuth calls) or a blocking exchange on pooled
 * keep-alive sockets (the shape of our Http1Client, minus its checks). Apache HttpClient 5 (classic,
 * pooled) was measured with a third mode of this program, not kept here to keep bench/ free of it.
 * Run: java -cp notion-oauth-handler.jar:. BareProxy PORT UPSTREAM_PORT jdk|socket
 */
public final class BareProxy {
  interface Client { byte[] get(String path) throws Exception; }

  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    int up = Integer.parseInt(a[1]);
    String mode = a[2];
    Client c = switch (mode) {
      case "jdk" -> jdk(up);
      default -> sock(up);
    };
    Server server = new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(200));
    ServerConnector conn = new ServerConnector(server);
    conn.setHost("127.0.0.1");
    conn.setPort(port);
    server.addConnector(conn);
    server.setHandler(new Handler.Abstract() {
      @Override public boolean handle(Request req, Response res, Callback cb) throws Exception {
        byte[] body = c.get("/v1/users/me");
        res.setStatus(200);
        res.getHeaders().put("Content-Type", "application/json");
        res.write(true, ByteBuffer.wrap(body), cb);
        return true;
      }
    });
    server.start();
    System.out.println("bare proxy " + mode + " on " + port);
    server.join();
  }

  static Client jdk(int up) {
    HttpClient h = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    return p -> h.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + up + p)).header("Authorization", "Bearer x").header("Notion-Version", "2022-06-28").build(), HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  record Conn(Socket s, BufferedInputStream in, OutputStream out) {}

  static Client sock(int up) {
    ConcurrentLinkedDeque<Conn> pool = new ConcurrentLinkedDeque<>();
    return p -> {
      Conn k = pool.pollFirst();
      if (k == null) {
        Socket s = new Socket("127.0.0.1", up);
        s.setTcpNoDelay(true);
        k = new Conn(s, new BufferedInputStream(s.getInputStream(), 8192), s.getOutputStream());
      }
      k.out().write(("GET " + p + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\nNotion-Version: 2022-06-28\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      k.out().flush();
      int len = -1;
      String line;
      StringBuilder sb = new StringBuilder();
      boolean first = true;
      while (true) {
        sb.setLength(0);
        int ch;
        while ((ch = k.in().read()) != '\n') { if (ch < 0) throw new EOFException(); if (ch != '\r') sb.append((char) ch); }
        line = sb.toString();
        if (line.isEmpty()) break;
        if (!first && line.regionMatches(true, 0, "content-length:", 0, 15)) len = Integer.parseInt(line.substring(15).trim());
        first = false;
      }
      byte[] body = k.in().readNBytes(len);
      pool.offerFirst(k);
      return body;
    };
  }
}
