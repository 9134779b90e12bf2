package dev.notionoauth.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends what Notion sends to a webhook subscription's URL, from the documented rules alone (it
 * shares no code with the receiver, so it cannot mirror its bugs): the one unsigned handshake
 * {@code {"verification_token": "secret_…"}}, then deliveries signed with {@code
 * X-Notion-Signature: sha256=<hex>} (HMAC-SHA256 of the exact body bytes, keyed by the token), and
 * on request bad ones (another signature, none, a body changed after signing).
 */
public final class WebhookSender {
  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Notion-Signature";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Supplier<List<OAuthServer.Installed>> installed;
  private final String subscriptionId = UUID.randomUUID().toString();
  private final String integrationId = UUID.randomUUID().toString();

  WebhookSender(Clock clock, Supplier<List<OAuthServer.Installed>> installed) {
    this.clock = clock;
    this.installed = installed;
  }

  /**
   * What the receiver answered.
   *
   * @param status the HTTP status
   * @param body the answer's body
   */
  public record Delivery(int status, String body) {}

  /**
   * What a handshake sent and got.
   *
   * @param token the verification token sent (carries {@link NotionEmulator#CANARY})
   * @param delivery the receiver's answer
   */
  public record Handshake(String token, Delivery delivery) {}

  /** POSTs a fresh verification token, unsigned, as Notion does when a subscription is created. */
  public Handshake handshake(URI target) {
    return handshake(target, false);
  }

  /**
   * POSTs a fresh verification token, signed with itself when {@code signed}: Notion's docs leave
   * open whether the handshake carries a signature (the JS SDK's helper says it uses the same
   * scheme), so a receiver must take both.
   */
  public Handshake handshake(URI target, boolean signed) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    String token =
        "secret_"
            + NotionEmulator.CANARY
            + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    String body = json.writeValueAsString(json.createObjectNode().put("verification_token", token));
    String signature = signed ? sign(token, body.getBytes(StandardCharsets.UTF_8)) : null;
    return new Handshake(token, post(target, body, signature));
  }

  /** POSTs {@code body} signed with {@code token}. */
  public Delivery deliver(URI target, String token, String body) {
    return post(target, body, sign(token, body.getBytes(StandardCharsets.UTF_8)));
  }

  /** POSTs {@code body} with any signature header, or none when null: the bad deliveries. */
  public Delivery deliverWithSignature(URI target, String body, @Nullable String signature) {
    return post(target, body, signature);
  }

  /** The header value Notion sends: {@code sha256=} and the lower-case hex HMAC-SHA256. */
  public static String sign(String token, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /**
   * An event envelope as Notion documents it, with a new id and the clock's time.
   *
   * @param type e.g. {@code page.content_updated}
   * @param workspaceId the workspace
   * @param entityId the page, database, … it is about
   * @param accessibleByBots the bot ids whose connections can see the entity
   * @param attempt the delivery attempt, from 1
   */
  public String event(
      String type,
      String workspaceId,
      String entityId,
      List<String> accessibleByBots,
      int attempt) {
    ObjectNode e = json.createObjectNode();
    e.put("id", UUID.randomUUID().toString());
    e.put("timestamp", clock.instant().toString());
    e.put("workspace_id", workspaceId);
    e.put("subscription_id", subscriptionId);
    e.put("integration_id", integrationId);
    e.put("type", type);
    e.putArray("authors").addObject().put("id", UUID.randomUUID().toString()).put("type", "person");
    ArrayNode accessible = e.putArray("accessible_by");
    for (String bot : accessibleByBots) {
      accessible.addObject().put("id", bot).put("type", "bot");
    }
    e.put("attempt_number", attempt);
    e.put("api_version", "2025-09-03");
    e.putObject("entity").put("id", entityId).put("type", type.substring(0, type.indexOf('.')));
    e.putObject("data");
    return json.writeValueAsString(e);
  }

  /**
   * An event about {@code entityId} in the workspace of the emulator's latest installation, with
   * {@code accessible_by} built from its installations there: each one's bot and the user who
   * installed it, as Notion lists the connections that can see the entity.
   *
   * @throws IllegalStateException when nothing is installed yet
   */
  public String installedEvent(String type, String entityId) {
    List<OAuthServer.Installed> all = installed.get();
    if (all.isEmpty()) {
      throw new IllegalStateException("nothing is installed in the emulator yet");
    }
    String workspaceId = all.get(all.size() - 1).workspaceId();
    ObjectNode e = parse(event(type, workspaceId, entityId, List.of(), 1));
    ArrayNode accessible = e.putArray("accessible_by");
    for (OAuthServer.Installed i : all) {
      if (i.workspaceId().equals(workspaceId)) {
        accessible.addObject().put("id", i.botId()).put("type", "bot");
        accessible.addObject().put("id", i.userId()).put("type", "person");
      }
    }
    return json.writeValueAsString(e);
  }

  /**
   * The same event as Notion aggregates it: {@code authors} more people, and the blocks they
   * changed in {@code data.updated_blocks}.
   */
  public String aggregated(String event, int authors, int updatedBlocks) {
    ObjectNode e = parse(event);
    ArrayNode who = e.putArray("authors");
    for (int i = 0; i < authors; i++) {
      who.addObject().put("id", UUID.randomUUID().toString()).put("type", "person");
    }
    ArrayNode blocks = e.putObject("data").putArray("updated_blocks");
    for (int i = 0; i < updatedBlocks; i++) {
      blocks.addObject().put("id", UUID.randomUUID().toString()).put("type", "block");
    }
    return json.writeValueAsString(e);
  }

  /** The same event happened at another time (to send events out of order). */
  public String at(String event, java.time.Instant timestamp) {
    ObjectNode e = parse(event);
    e.put("timestamp", timestamp.toString());
    return json.writeValueAsString(e);
  }

  /** The same event delivered again: same id, {@code attempt_number} one higher (at most 8). */
  public String redelivery(String event) {
    ObjectNode e = parse(event);
    e.put("attempt_number", Math.min(8, e.get("attempt_number").asInt() + 1));
    return json.writeValueAsString(e);
  }

  /** The same event padded with an unknown field to at least {@code bytes} bytes. */
  public String oversized(String event, int bytes) {
    ObjectNode e = parse(event);
    e.put("padding", "x".repeat(Math.max(0, bytes)));
    return json.writeValueAsString(e);
  }

  /**
   * POSTs the event signed over its exact bytes but sent re-serialised (indented): the same JSON
   * value, other bytes, as a proxy that reformats bodies would send it.
   */
  public Delivery deliverReserialised(URI target, String token, String body) {
    String signature = sign(token, body.getBytes(StandardCharsets.UTF_8));
    String reformatted = json.writerWithDefaultPrettyPrinter().writeValueAsString(parse(body));
    return post(target, reformatted, signature);
  }

  private ObjectNode parse(String event) {
    return (ObjectNode) json.readTree(event);
  }

  private Delivery post(URI target, String body, @Nullable String signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "notion-api")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (signature != null) {
      request.header(SIGNATURE_HEADER, signature);
    }
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Delivery(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("webhook delivery to " + target.getPath() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
