package dev.notionoauth.webhook;

import dev.notionoauth.WebhookVerificationToken;
import java.time.Instant;

/**
 * A verification request received while an operator's capture window was open: a token that is
 * <em>not</em> trusted until an operator confirms it ({@link WebhookVerification#confirm}), after
 * Notion's <i>Verify</i> dialog accepted it. Anyone who can reach the webhook URL during the window
 * can send one, which is why every candidate is kept and listed, and none is trusted by arriving
 * first. Prints its token as {@code ***}.
 *
 * @param number its number in the window, from 1, as the operator names it to confirm it
 * @param token the token it carried
 * @param receivedAt when it arrived
 * @param from the client address it came from, as the server saw it
 */
public record WebhookCandidate(
    int number, WebhookVerificationToken token, Instant receivedAt, String from) {}
