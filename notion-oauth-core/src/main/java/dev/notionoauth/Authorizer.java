package dev.notionoauth;

import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.StoreCommits;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.web.LogSafe;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a callback whose state checked out: the code exchange, then — in one commit —
 * the installation stored, the consumer told and the result page kept; {@link
 * CallbackOutcome.Authorized} only once that commit succeeded, or when a commit whose answer was
 * lost is found to have landed. Part of {@link NotionOAuthFlow}.
 */
final class Authorizer {
  private static final Logger LOG = LoggerFactory.getLogger(NotionOAuthFlow.class);

  private final NotionOAuthClient client;
  private final TokenConsumer consumer;
  private final StoreCommits commits;
  private final Clock clock;
  private final Ticker ticker;
  private final @Nullable Installations installations;
  private final CallbackPages pages;
  private final StateStore states;

  Authorizer(
      NotionOAuthClient client,
      TokenConsumer consumer,
      StoreCommits commits,
      Clock clock,
      Ticker ticker,
      @Nullable Installations installations,
      CallbackPages pages,
      StateStore states) {
    this.client = client;
    this.consumer = consumer;
    this.commits = commits;
    this.clock = clock;
    this.ticker = ticker;
    this.installations = installations;
    this.pages = pages;
    this.states = states;
  }

  /** An authorization's page, kept in its commit by {@link #exchange}. */
  static final class Kept {
    @Nullable ResultPage page;
  }

  /**
   * Whether a commit that failed landed after all: the stored installation holds this exchange's
   * access token. Asked three times over about 2 s, as the store comes back; false when it could
   * not tell (then the failure is shown, and the installation, if it landed, is the user's anyway).
   */
  private boolean landedAnyway(TokenResponse token) {
    Installations w = installations;
    if (w == null) {
      return false;
    }
    for (long pause : new long[] {200, 600, 1200}) {
      try {
        ticker.sleep(java.time.Duration.ofMillis(pause));
        return w.find(token.botId())
            .filter(i -> i.tokens().access().sameAs(token.accessToken()))
            .isPresent();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (RuntimeException e) {
        // the store is still failing: ask again
      }
    }
    return false;
  }

  /**
   * @param stateHash the used state's hash, to link the result page to (null for an install started
   *     from Notion's side, which has no state)
   */
  CallbackOutcome exchange(
      AuthorizationCode code,
      FlowContext context,
      boolean bound,
      Duration maxRetryAfter,
      Kept kept,
      @Nullable String stateHash) {
    TokenResponse token;
    try {
      token = client.exchangeCode(code, maxRetryAfter);
    } catch (NotionOAuthException e) {
      return ExchangeFailures.outcome(e, context);
    }
    CallbackOutcome.Authorized authorized;
    CallbackOutcome.@Nullable Authorized[] made = new CallbackOutcome.Authorized[1];
    try {
      authorized =
          commits.inOneCommit(
              () -> {
                Installations w = installations;
                Installation stored =
                    w == null
                        ? null
                        : w.save(Installation.from(token, context, bound, clock.instant()));
                CallbackOutcome.Authorized a =
                    new CallbackOutcome.Authorized(token, context, bound, stored);
                consumer.onAuthorized(a);
                kept.page = pages.keepAuthorized(a);
                if (stateHash != null && kept.page instanceof ResultPage.Redirect r) {
                  states.linkResult(stateHash, r.id());
                }
                made[0] = a;
                return a;
              });
    } catch (RuntimeException e) {
      ResultPage page = kept.page;
      kept.page = null;
      CallbackOutcome.Authorized a = made[0];
      if (a != null && page != null && landedAnyway(token)) {
        // the commit's answer was lost (a database restarting or frozen past our timeout) but it
        // landed: the installation holds this very pair, so the user is shown the success it is
        LOG.warn(
            "The commit of bot_id={} answered {} but landed: the installation holds the new pair",
            token.botId(),
            LogSafe.text(e.getClass().getName()));
        kept.page = page;
        return a;
      }
      LOG.error(
          "Consumer failed (or its writes did not commit) with the token of bot_id={}"
              + " workspace_id={}: {}",
          token.botId(),
          token.workspaceId(),
          LogSafe.text(e.getClass().getName()));
      return new CallbackOutcome.Failed(
          FailureReason.CONSUMER_FAILED, context, null, token.requestId(), null);
    }
    return authorized;
  }
}
