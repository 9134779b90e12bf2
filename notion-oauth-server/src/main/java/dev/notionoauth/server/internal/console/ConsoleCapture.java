package dev.notionoauth.server.internal.console;

import static dev.notionoauth.web.Html.escape;

import dev.notionoauth.webhook.WebhookCandidate;
import dev.notionoauth.webhook.WebhookVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The console's side of setting up Notion webhooks, the same steps as {@code webhooks capture} and
 * {@code webhooks confirm}: open a capture window, see the verification requests that arrived in it
 * (number, time, address and a fingerprint — never the token), show one candidate's token on an
 * explicit, audited POST (the operator pastes it into Notion's <i>Verify</i> dialog; the answer is
 * never cached), then confirm it in a separate step. A token is a secret: it is only ever on the
 * answer to that POST, like a new API key on the answer that created it.
 */
final class ConsoleCapture {
  /** The window lengths offered, in minutes (the CLI allows any length up to an hour). */
  private static final int[] MINUTES = {10, 30, 60};

  private final String base;
  private final WebhookVerification verification;

  ConsoleCapture(String base, WebhookVerification verification) {
    this.base = base;
    this.verification = verification;
  }

  /** The path of the capture page, under the console's base. */
  static final String PATH = "/webhooks/verification";

  /** The capture page: the key in use, the window, its candidates. */
  String page(String csrf) {
    StringBuilder h = new StringBuilder("<p>");
    h.append(
        verification.hasConfirmedToken()
            ? "A verification token is confirmed: deliveries signed with it are accepted."
            : "No verification token is confirmed yet: every delivery is refused until one is.");
    h.append("</p><h2>Capture window</h2>");
    Optional<java.time.Instant> until = verification.openUntil();
    if (until.isPresent()) {
      h.append("<p>Open until <time>")
          .append(escape(until.get().toString()))
          .append("</time>. Create the subscription in the integration's settings at Notion")
          .append(" (or click <i>Resend token</i>), then reload this page.</p>")
          .append(ConsolePage.button(base + PATH + "/close", csrf, "Close the window", false));
    } else {
      h.append("<p>Closed: a verification request is refused and stored nowhere.</p>")
          .append("<form method=\"post\" action=\"")
          .append(escape(base + PATH + "/open"))
          .append("\">")
          .append(ConsolePage.csrfField(csrf))
          .append("<label for=\"minutes\">Keep it open for</label><select id=\"minutes\"")
          .append(" name=\"minutes\">");
      for (int m : MINUTES) {
        h.append("<option value=\"").append(m).append("\">").append(m).append(" minutes</option>");
      }
      h.append("</select> <button>Open a capture window</button></form>");
    }
    List<WebhookCandidate> all = verification.candidates();
    h.append("<h2>Candidates</h2>");
    if (all.size() > 1) {
      h.append("<p class=\"error\" role=\"alert\">")
          .append(all.size())
          .append(" requests arrived: anyone who can reach the webhook URL can send one. Only the")
          .append(" token Notion's <i>Verify</i> accepts is Notion's; confirm that one.</p>");
    }
    List<List<String>> rows = new ArrayList<>();
    for (WebhookCandidate c : all) {
      rows.add(
          List.of(
              "#" + c.number(),
              escape(c.receivedAt().toString()),
              escape(c.from()),
              "<code>" + fingerprint(c) + "</code>",
              ConsolePage.button(
                      base + PATH + "/candidates/" + c.number() + "/reveal",
                      csrf,
                      "Show token #" + c.number(),
                      false)
                  + " <a href=\""
                  + escape(base + PATH + "/candidates/" + c.number() + "/confirm")
                  + "\">Confirm #"
                  + c.number()
                  + "…</a>"));
    }
    return h.append(
            rows.isEmpty()
                ? "<p class=\"muted\">No verification request received.</p>"
                : ConsolePage.table(
                    "Verification requests received in the window",
                    List.of("Number", "Received", "From", "Fingerprint", ""),
                    rows))
        .toString();
  }

  /** Opens a window of {@code minutes} when that is one of the offered lengths. */
  boolean open(String minutes) {
    for (int m : MINUTES) {
      if (Integer.toString(m).equals(minutes)) {
        verification.open(Duration.ofMinutes(m));
        return true;
      }
    }
    return false;
  }

  void close() {
    verification.close();
  }

  /** The answer to "show token #n": the token, to paste into Notion, and the way to confirm. */
  Optional<String> reveal(String number, String csrf) {
    return candidate(number)
        .map(
            c ->
                "<p>Paste this into the <i>Verify</i> dialog of the subscription at Notion. It is"
                    + " shown on this answer only and is not kept by your browser.</p>"
                    + "<p><label for=\"token\">Token of candidate #"
                    + c.number()
                    + " (fingerprint <code>"
                    + fingerprint(c)
                    + "</code>)</label><input id=\"token\" readonly autocomplete=\"off\""
                    + " spellcheck=\"false\" value=\""
                    + escape(c.token().value())
                    + "\"></p><p>Once Notion accepted it: <a href=\""
                    + escape(base + PATH + "/candidates/" + c.number() + "/confirm")
                    + "\">confirm candidate #"
                    + c.number()
                    + "</a>.</p>");
  }

  /** The confirmation step for candidate {@code number}. */
  Optional<String> confirmStep(String number, String csrf) {
    return candidate(number)
        .map(
            c ->
                "<p>Confirm candidate #"
                    + c.number()
                    + " (received "
                    + escape(c.receivedAt().toString())
                    + " from "
                    + escape(c.from())
                    + ", fingerprint <code>"
                    + fingerprint(c)
                    + "</code>) only after Notion's <i>Verify</i> accepted its token. From then on"
                    + " every delivery must be signed with it; the other candidates are forgotten"
                    + " and the window closes.</p>"
                    + ConsolePage.button(
                        base + PATH + "/candidates/" + c.number() + "/confirm",
                        csrf,
                        "Confirm candidate #" + c.number(),
                        true)
                    + " <a href=\""
                    + escape(base + PATH)
                    + "\">Cancel</a>");
  }

  /** Confirms candidate {@code number}; false when there is no such candidate. */
  boolean confirm(String number) {
    return candidate(number).map(c -> verification.confirm(c.number())).orElse(false);
  }

  private Optional<WebhookCandidate> candidate(String number) {
    if (number.isEmpty() || number.length() > 3 || !number.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int n = Integer.parseInt(number);
    return verification.candidates().stream().filter(c -> c.number() == n).findFirst();
  }

  /**
   * The first 12 hex digits of the token's SHA-256: tells candidates apart without showing anything
   * that signs a delivery.
   */
  static String fingerprint(WebhookCandidate c) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(c.token().value().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
