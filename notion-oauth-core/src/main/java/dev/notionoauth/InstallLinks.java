package dev.notionoauth;

import dev.notionoauth.internal.QueryString;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signed install links: how a host application hands its own context (for example its user id) to a
 * separately running server, so that nobody else can start a flow in that user's name.
 *
 * <p>The host app, which knows who is logged in, signs the context with a secret it shares with the
 * server and a short expiry (minutes), and links the user to {@code
 * https://server/notion/install?<query>}. The server verifies the HMAC-SHA256 signature and the
 * expiry, then starts the flow with that context, which travels server-side with the state and
 * reaches the consumer with the token. A link seen by someone else only lets them connect
 * <em>their</em> workspace to that user until it expires: keep the expiry short and send links only
 * to the logged-in user (the same trade-off as any bearer link).
 *
 * <p>Query: {@code ctx} (base64url of {@code k=v&k=v}, percent-encoded), {@code exp} (Unix
 * seconds), {@code sig} (base64url HMAC-SHA256 over {@code ctx + "." + exp}).
 */
public final class InstallLinks {
  /** Longest validity a link may be signed for. */
  public static final long MAX_VALIDITY_SECONDS = 24 * 3600;

  private final SecretKeySpec key;

  /**
   * Creates a signer/verifier.
   *
   * @param secret at least 32 bytes of secret key material shared by host app and server
   */
  public InstallLinks(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the install link secret must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /**
   * A signer/verifier from the secret as configured: base64 of at least 32 bytes.
   *
   * @throws IllegalArgumentException when the text is not base64 or too short
   */
  public static InstallLinks fromBase64(String secret) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not valid base64");
    }
    if (key.length < 32) {
      throw new IllegalArgumentException("must be base64 of at least 32 bytes");
    }
    return new InstallLinks(key);
  }

  /**
   * The query string of a link starting a flow with this context.
   *
   * @param context the host application's context
   * @param expiresAt when the link stops working (at most a day ahead)
   * @return {@code ctx=…&exp=…&sig=…}
   */
  public String sign(FlowContext context, Instant expiresAt) {
    StringBuilder plain = new StringBuilder();
    for (Map.Entry<String, String> e : context.values().entrySet()) {
      if (plain.length() > 0) {
        plain.append('&');
      }
      plain
          .append(QueryString.encode(e.getKey()))
          .append('=')
          .append(QueryString.encode(e.getValue()));
    }
    String ctx =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(plain.toString().getBytes(StandardCharsets.UTF_8));
    String exp = Long.toString(expiresAt.getEpochSecond());
    return "ctx=" + ctx + "&exp=" + exp + "&sig=" + mac(ctx + "." + exp);
  }

  /** What checking a link's parameters found. */
  public enum Verdict {
    /** No link parameters at all: a plain install with an empty context. */
    ABSENT,
    /** A valid, unexpired link. */
    VALID,
    /** Parameters missing, duplicated, malformed or with a wrong signature. */
    INVALID,
    /** Correctly signed but past its expiry (or signed too far ahead). */
    EXPIRED
  }

  /**
   * The outcome of {@link #verify}.
   *
   * @param verdict what was found
   * @param context the signed context when valid, else empty
   */
  public record Verification(Verdict verdict, FlowContext context) {}

  /**
   * Checks the query string of an install request, as it arrived (still encoded). A query that is
   * not strictly well-formed is {@link Verdict#INVALID}.
   *
   * @param rawQuery the raw query string, or null for none
   * @param now the current time
   * @return the verdict and, when valid, the context
   */
  public Verification verify(@Nullable String rawQuery, Instant now) {
    Optional<Map<String, List<String>>> parsed = QueryString.parse(rawQuery);
    if (parsed.isEmpty()) {
      return invalid();
    }
    Map<String, List<String>> query = parsed.get();
    if (!query.containsKey("ctx") && !query.containsKey("exp") && !query.containsKey("sig")) {
      return new Verification(Verdict.ABSENT, FlowContext.empty());
    }
    Optional<String> ctx = QueryString.single(query, "ctx");
    Optional<String> exp = QueryString.single(query, "exp");
    Optional<String> sig = QueryString.single(query, "sig");
    if (ctx.isEmpty() || exp.isEmpty() || sig.isEmpty() || !exp.get().matches("\\d{1,12}")) {
      return invalid();
    }
    byte[] expected = mac(ctx.get() + "." + exp.get()).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, sig.get().getBytes(StandardCharsets.US_ASCII))) {
      return invalid();
    }
    long expiry = Long.parseLong(exp.get());
    if (expiry <= now.getEpochSecond() || expiry > now.getEpochSecond() + MAX_VALIDITY_SECONDS) {
      return new Verification(Verdict.EXPIRED, FlowContext.empty());
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(ctx.get()), StandardCharsets.UTF_8);
      Optional<Map<String, List<String>>> pairs = QueryString.parse(plain);
      if (pairs.isEmpty()) {
        return invalid();
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : pairs.get().entrySet()) {
        if (e.getValue().size() != 1) {
          return invalid();
        }
        values.put(e.getKey(), e.getValue().get(0));
      }
      return new Verification(Verdict.VALID, new FlowContext(values));
    } catch (IllegalArgumentException e) {
      return invalid();
    }
  }

  private static Verification invalid() {
    return new Verification(Verdict.INVALID, FlowContext.empty());
  }

  private String mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "InstallLinks[***]";
  }
}
