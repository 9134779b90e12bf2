package dev.notionoauth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a failed code exchange means for the user: the {@link FailureReason} of each exception. */
final class ExchangeFailures {
  private static final Logger LOG = LoggerFactory.getLogger(NotionOAuthFlow.class);

  private ExchangeFailures() {}

  /**
   * The outcome of an exchange that threw.
   *
   * @param e what {@link NotionOAuthClient#exchangeCode} threw
   * @param context the flow's context
   */
  static CallbackOutcome.Failed outcome(NotionOAuthException e, FlowContext context) {
    if (e instanceof NotionRateLimitedException r) {
      return new CallbackOutcome.Failed(
          FailureReason.NOTION_RATE_LIMITED,
          context,
          r.code(),
          r.requestId().orElse(null),
          r.retryAfter().orElse(null));
    }
    if (e instanceof NotionApiException a) {
      return new CallbackOutcome.Failed(
          apiReason(a), context, a.code(), a.requestId().orElse(null), null);
    }
    if (e instanceof NotionTransportException t) {
      LOG.warn("Code exchange failed: {}", t.getMessage());
      return CallbackOutcome.Failed.of(
          t.kind() == NotionTransportException.Kind.TIMEOUT
              ? FailureReason.NOTION_TIMEOUT
              : FailureReason.NOTION_UNAVAILABLE,
          context);
    }
    if (e instanceof NotionInvalidResponseException i) {
      LOG.warn("Code exchange answer unusable: {}", i.getMessage());
      return new CallbackOutcome.Failed(
          FailureReason.NOTION_INVALID_RESPONSE, context, null, i.requestId().orElse(null), null);
    }
    throw e; // another kind of failure is not an expected outcome
  }

  private static FailureReason apiReason(NotionApiException e) {
    if (e.status() >= 500) {
      return FailureReason.NOTION_UNAVAILABLE;
    }
    if (e.status() == 401
        || e.code().equals("invalid_client")
        || e.code().equals("unauthorized_client")) {
      LOG.error(
          "Notion rejected our client credentials ({}, request_id={}): check client-id and"
              + " client-secret",
          e.code(),
          e.requestId().orElse("-"));
      return FailureReason.CLIENT_REJECTED;
    }
    return FailureReason.CODE_REJECTED;
  }
}
