package dev.notionoauth.internal;

import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.web.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code log} listener: one log line per status change (ids and reason, never a token). */
public final class LogInstallationListener implements InstallationListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.notionoauth.listener.log");

  @Override
  public void onStatusChange(Change c) {
    LOG.info(
        "Installation bot_id={} workspace_id={} is now {} (was {}): {}",
        c.botId(),
        c.workspaceId(),
        c.to().status(),
        c.from(),
        LogSafe.text(c.to().reason()));
  }

  /** Registers the listener under the name {@code log}. */
  public static final class Provider implements PluginProvider<InstallationListener> {
    @Override
    public Class<InstallationListener> type() {
      return InstallationListener.class;
    }

    @Override
    public String name() {
      return "log";
    }

    @Override
    public String description() {
      return "Logs each installation status change (ACTIVE, NEEDS_REAUTH, REVOKED) with its reason.";
    }

    @Override
    public InstallationListener create(PluginContext context) {
      return new LogInstallationListener();
    }
  }
}
