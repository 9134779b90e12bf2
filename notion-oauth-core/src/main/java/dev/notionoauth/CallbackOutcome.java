package dev.notionoauth;

import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a callback came to: {@link Authorized}, {@link Denied} by the user, or {@link Failed} with a
 * {@link FailureReason}. Expected outcomes are values (test them with {@code instanceof}; on Java
 * 21+ a {@code switch} over this sealed type handles every case); only programming errors are
 * thrown.
 */
public sealed interface CallbackOutcome {

  /** The host application's context from the flow's start (empty if the state was not valid). */
  FlowContext context();

  /**
   * Notion issued a token, the flow stored it (when it stores installations) and the consumer
   * accepted it.
   *
   * @param token Notion's token response
   * @param context the host application's context
   * @param bound false for an install that arrived without our state (started from Notion's side)
   *     and was accepted by policy: it is linked to nobody yet
   * @param installation the installation as stored, when the flow stores installations ({@link
   *     NotionOAuthFlow.Builder#installations}); null otherwise
   */
  record Authorized(
      TokenResponse token, FlowContext context, boolean bound, @Nullable Installation installation)
      implements CallbackOutcome {
    /** An install that came through our own flow, not stored by the flow. */
    public Authorized(TokenResponse token, FlowContext context) {
      this(token, context, true, null);
    }

    /** An install not stored by the flow. */
    public Authorized(TokenResponse token, FlowContext context, boolean bound) {
      this(token, context, bound, null);
    }

    /** Whether Notion authorized this bot before: the stored installation has an older pair. */
    public boolean reconnected() {
      return installation != null && installation.tokens().version() > 1;
    }
  }

  /**
   * The user pressed Cancel on Notion's page ({@code error=access_denied}).
   *
   * @param context the host application's context
   */
  record Denied(FlowContext context) implements CallbackOutcome {}

  /**
   * The flow failed.
   *
   * @param reason why
   * @param context the host application's context, if the state was valid
   * @param errorCode Notion's error code or the callback's {@code error} (only RFC 6749 codes;
   *     others become {@code unknown_error}), if any
   * @param requestId Notion's request id, if Notion answered
   * @param retryAfter how long Notion asked to wait, if it did
   */
  record Failed(
      FailureReason reason,
      FlowContext context,
      @Nullable String errorCode,
      @Nullable String requestId,
      @Nullable Duration retryAfter)
      implements CallbackOutcome {

    /** A failure with no Notion details. */
    public static Failed of(FailureReason reason, FlowContext context) {
      return new Failed(reason, context, null, null, null);
    }
  }

  /** The RFC 6749 §4.1.2.1 error codes an authorization response may carry. */
  Set<String> AUTHORIZATION_ERRORS =
      Set.of(
          "invalid_request",
          "unauthorized_client",
          "access_denied",
          "unsupported_response_type",
          "invalid_scope",
          "server_error",
          "temporarily_unavailable");
}
