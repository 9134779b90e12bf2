package dev.notionoauth;

import dev.notionoauth.internal.QueryString;
import dev.notionoauth.internal.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signed links: how a host application hands its own context (for example its user id) to a
 * separately running server, so that nobody else can start a flow in that user's name; and the
 * claim links the server hands out for installs that arrived unlinked.
 *
 * <p>The host app, which knows who is logged in, signs the context with a secret it shares with the
 * server and a short expiry, and links the user to {@code https://server/notion/install?<query>}.
 * The server verifies the HMAC-SHA256 signature and the expiry, then starts the flow with that
 * context, which travels server-side with the state and reaches the consumer with the token.
 *
 * <p><b>The forwarding attack.</b> A link is a bearer credential for "connect a workspace to this
 * account". A user who forwards their own link to someone else gets that person's workspace
 * connected to their account. So: links live minutes ({@linkplain #InstallLinks(byte[], Duration)
 * at most 15 by default}), {@link #signSingleUse} makes one work once (its id is consumed when the
 * install starts), and a context may carry an {@value #ACCOUNT_LABEL} the result page shows
 * ("Connected workspace W to account A"), so whoever connects sees whose account it is.
 *
 * <p>Every link's MAC covers its purpose ({@link Purpose}), so an install link never verifies as a
 * claim or the reverse. Query: {@code ctx} (base64url of {@code k=v&k=v}), {@code exp} (Unix
 * seconds), optionally {@code jti} (a single-use id), and {@code sig} (base64url HMAC-SHA256 over
 * {@code purpose|ctx.exp.jti}).
 */
public final class InstallLinks {
  /** Longest validity any link may be signed for. */
  public static final long MAX_VALIDITY_SECONDS = 24 * 3600;

  /** The default cap on a link's validity: minutes, not hours. */
  public static final Duration DEFAULT_MAX_VALIDITY = Duration.ofMinutes(15);

  /** A context key whose value the result page shows as the account the workspace went to. */
  public static final String ACCOUNT_LABEL = "account-label";

  /** What a link is for; part of what is signed. */
  public enum Purpose {
    /** Starts a flow with the signed context. */
    INSTALL,
    /** Links an unlinked installation to the account of whoever is logged in. */
    CLAIM
  }

  private final SecretKeySpec key;
  private final long maxValiditySeconds;
  private final SecureRandom random = new SecureRandom();

  /**
   * A signer/verifier accepting links valid for at most {@link #DEFAULT_MAX_VALIDITY}.
   *
   * @param secret at least 32 bytes of secret key material shared by host app and server
   */
  public InstallLinks(byte[] secret) {
    this(secret, DEFAULT_MAX_VALIDITY);
  }

  /**
   * A signer/verifier with its own cap on validity (at most a day).
   *
   * @param secret at least 32 bytes of secret key material shared by host app and server
   * @param maxValidity the longest a link may live; a link signed to live longer is refused
   */
  public InstallLinks(byte[] secret, Duration maxValidity) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the install link secret must be at least 32 bytes");
    }
    if (maxValidity.isNegative()
        || maxValidity.isZero()
        || maxValidity.toSeconds() > MAX_VALIDITY_SECONDS) {
      throw new IllegalArgumentException("a link's validity must be between 1 second and a day");
    }
    this.key = Tokens.hmacKey(secret.clone());
    this.maxValiditySeconds = maxValidity.toSeconds();
  }

  /**
   * A signer/verifier from the secret as configured: base64 of at least 32 bytes.
   *
   * @throws IllegalArgumentException when the text is not base64 or too short
   */
  public static InstallLinks fromBase64(String secret) {
    return fromBase64(secret, DEFAULT_MAX_VALIDITY);
  }

  /** Like {@link #fromBase64(String)} with its own cap on validity. */
  public static InstallLinks fromBase64(String secret, Duration maxValidity) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not valid base64");
    }
    if (key.length < 32) {
      throw new IllegalArgumentException("must be base64 of at least 32 bytes");
    }
    return new InstallLinks(key, maxValidity);
  }

  /** The longest a link may live. */
  public Duration maxValidity() {
    return Duration.ofSeconds(maxValiditySeconds);
  }

  /**
   * The query string of an install link with this context, usable until it expires.
   *
   * @param context the host application's context (may hold {@value #ACCOUNT_LABEL})
   * @param expiresAt when the link stops working (within {@link #maxValidity()})
   * @return {@code ctx=…&exp=…&sig=…}
   */
  public String sign(FlowContext context, Instant expiresAt) {
    return sign(Purpose.INSTALL, context, expiresAt, null);
  }

  /**
   * The query string of an install link that works once: its id is consumed when the install
   * starts, so a forwarded or replayed copy is refused.
   */
  public String signSingleUse(FlowContext context, Instant expiresAt) {
    return sign(Purpose.INSTALL, context, expiresAt, newId());
  }

  /**
   * The query string of a single-use claim link (for an installation that arrived unlinked); it
   * never verifies as an install link.
   */
  public String signClaim(FlowContext context, Instant expiresAt) {
    return sign(Purpose.CLAIM, context, expiresAt, newId());
  }

  private String newId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private String sign(
      Purpose purpose, FlowContext context, Instant expiresAt, @Nullable String linkId) {
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
    String jti = linkId == null ? "" : linkId;
    return "ctx="
        + ctx
        + "&exp="
        + exp
        + (linkId == null ? "" : "&jti=" + linkId)
        + "&sig="
        + mac(purpose, ctx, exp, jti);
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
   * @param linkId the single-use id when the link has one (the caller consumes it), else null
   * @param expiresAt when the link stops working, when valid
   */
  public record Verification(
      Verdict verdict, FlowContext context, @Nullable String linkId, @Nullable Instant expiresAt) {}

  /**
   * Checks the query string of an install request, as it arrived (still encoded). A query that is
   * not strictly well-formed is {@link Verdict#INVALID}; a claim link is {@link Verdict#INVALID}
   * here.
   *
   * @param rawQuery the raw query string, or null for none
   * @param now the current time
   * @return the verdict and, when valid, the context
   */
  public Verification verify(@Nullable String rawQuery, Instant now) {
    return verify(Purpose.INSTALL, rawQuery, now);
  }

  /** Checks a claim link's query string; an install link is {@link Verdict#INVALID} here. */
  public Verification verifyClaim(@Nullable String rawQuery, Instant now) {
    return verify(Purpose.CLAIM, rawQuery, now);
  }

  private Verification verify(Purpose purpose, @Nullable String rawQuery, Instant now) {
    Optional<Map<String, List<String>>> parsed = QueryString.parse(rawQuery);
    if (parsed.isEmpty()) {
      return invalid();
    }
    Map<String, List<String>> query = parsed.get();
    if (!query.containsKey("ctx") && !query.containsKey("exp") && !query.containsKey("sig")) {
      return new Verification(Verdict.ABSENT, FlowContext.empty(), null, null);
    }
    Optional<String> ctx = QueryString.single(query, "ctx");
    Optional<String> exp = QueryString.single(query, "exp");
    Optional<String> sig = QueryString.single(query, "sig");
    List<String> jtis = query.get("jti");
    if (ctx.isEmpty()
        || exp.isEmpty()
        || sig.isEmpty()
        || !exp.get().matches("\\d{1,12}")
        || (jtis != null && jtis.size() != 1)) {
      return invalid();
    }
    String jti = jtis == null ? "" : jtis.get(0);
    if (!jti.matches("[A-Za-z0-9_-]{0,64}") || (purpose == Purpose.CLAIM && jti.isEmpty())) {
      return invalid();
    }
    if (!Tokens.constantTimeEquals(mac(purpose, ctx.get(), exp.get(), jti), sig.get())) {
      return invalid();
    }
    long expiry = Long.parseLong(exp.get());
    if (expiry <= now.getEpochSecond() || expiry > now.getEpochSecond() + maxValiditySeconds) {
      return new Verification(Verdict.EXPIRED, FlowContext.empty(), null, null);
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
      return new Verification(
          Verdict.VALID,
          new FlowContext(values),
          jti.isEmpty() ? null : jti,
          Instant.ofEpochSecond(expiry));
    } catch (IllegalArgumentException e) {
      return invalid();
    }
  }

  private static Verification invalid() {
    return new Verification(Verdict.INVALID, FlowContext.empty(), null, null);
  }

  /** The MAC over the purpose and every parameter, in a form no two inputs share. */
  private String mac(Purpose purpose, String ctx, String exp, String jti) {
    String text =
        purpose.name().toLowerCase(java.util.Locale.ROOT) + "|" + ctx + "." + exp + "." + jti;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Tokens.hmacSha256(key, text.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "InstallLinks[***]";
  }
}
