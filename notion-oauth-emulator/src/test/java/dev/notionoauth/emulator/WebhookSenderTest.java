package dev.notionoauth.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the emulator sends to a webhook URL, as a receiver on 127.0.0.1 sees it. */
class WebhookSenderTest {
  record Received(String body, String signature) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  HttpServer receiver;
  URI target;
  NotionEmulator notion;

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    receiver.createContext(
        "/hooks",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String sig = ex.getRequestHeaders().getFirst(WebhookSender.SIGNATURE_HEADER);
          received.add(new Received(body, sig == null ? "" : sig));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    target = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks");
    notion = NotionEmulator.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    notion.close();
  }

  private static String hmacHex(String key, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    StringBuilder hex = new StringBuilder();
    for (byte b : mac.doFinal(body.getBytes(StandardCharsets.UTF_8))) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  @Test
  void theHandshakeIsABareUnsignedTokenMarkedWithTheCanary() {
    WebhookSender.Handshake h = notion.webhooks().handshake(target);

    assertThat(h.delivery().status()).isEqualTo(204);
    assertThat(h.token()).startsWith("secret_" + NotionEmulator.CANARY);
    assertThat(received)
        .singleElement()
        .isEqualTo(new Received("{\"verification_token\":\"" + h.token() + "\"}", ""));
  }

  @Test
  void aDeliveryIsSignedOverItsExactBytesAndCarriesTheEnvelope() throws Exception {
    String event =
        notion
            .webhooks()
            .event(
                "page.content_updated",
                notion.workspaceId(),
                "153104cd-477e-809d-8dc4-ff2d96ae3090",
                List.of("bot-1", "bot-2"),
                3);

    notion.webhooks().deliver(target, "secret_abc", event);

    Received r = received.get(0);
    assertThat(r.body()).isEqualTo(event);
    assertThat(r.signature()).isEqualTo("sha256=" + hmacHex("secret_abc", event));
    assertThat(event)
        .contains("\"type\":\"page.content_updated\"")
        .contains("\"workspace_id\":\"" + notion.workspaceId() + "\"")
        .contains(
            "\"accessible_by\":[{\"id\":\"bot-1\",\"type\":\"bot\"},{\"id\":\"bot-2\",\"type\":\"bot\"}]")
        .contains("\"attempt_number\":3")
        .contains("\"entity\":{\"id\":\"153104cd-477e-809d-8dc4-ff2d96ae3090\",\"type\":\"page\"}");
  }

  @Test
  void badDeliveriesGoOutAsAsked() {
    notion.webhooks().deliverWithSignature(target, "{}", null);
    notion.webhooks().deliverWithSignature(target, "{}", "sha256=00");

    assertThat(received).containsExactly(new Received("{}", ""), new Received("{}", "sha256=00"));
  }
}
