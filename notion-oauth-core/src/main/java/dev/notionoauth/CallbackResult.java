package dev.notionoauth;

/**
 * What {@link NotionOAuthFlow#handleCallback} returns: what the callback came to, and the page the
 * browser ends on.
 *
 * @param outcome the outcome (for metrics, logs and the host app's own code)
 * @param page what to answer
 */
public record CallbackResult(CallbackOutcome outcome, ResultPage page) {}
