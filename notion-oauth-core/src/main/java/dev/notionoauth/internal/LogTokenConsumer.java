package dev.notionoauth.internal;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.TokenResponse;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.web.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code log} consumer: logs each outcome's ids, never a token. Keeps nothing. */
public final class LogTokenConsumer implements TokenConsumer {
  private static final Logger LOG = LoggerFactory.getLogger("dev.notionoauth.consumer.log");

  @Override
  public void onAuthorized(CallbackOutcome.Authorized authorized) {
    TokenResponse t = authorized.token();
    LOG.info(
        "Notion authorized: bot_id={} workspace_id={} workspace_name=\"{}\" refresh_token={}"
            + " context_keys={} request_id={}",
        t.botId(),
        t.workspaceId(),
        LogSafe.text(t.workspaceName()),
        t.refreshToken() == null ? "absent" : "present",
        authorized.context().values().keySet(),
        LogSafe.text(t.requestId()));
  }

  @Override
  public void onDenied(CallbackOutcome.Denied denied) {
    LOG.info(
        "Notion authorization cancelled by the user: context_keys={}",
        denied.context().values().keySet());
  }

  @Override
  public void onFailed(CallbackOutcome.Failed failed) {
    LOG.warn(
        "Notion authorization failed: reason={} error={} request_id={}",
        failed.reason(),
        LogSafe.text(failed.errorCode()),
        LogSafe.text(failed.requestId()));
  }

  /** Registers the consumer under the name {@code log}. */
  public static final class Provider implements PluginProvider<TokenConsumer> {
    @Override
    public Class<TokenConsumer> type() {
      return TokenConsumer.class;
    }

    @Override
    public String name() {
      return "log";
    }

    @Override
    public String description() {
      return "Logs each installation's workspace and bot ids (never a token) and keeps nothing.";
    }

    @Override
    public TokenConsumer create(PluginContext context) {
      return new LogTokenConsumer();
    }
  }
}
