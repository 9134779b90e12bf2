package dev.notionoauth.spi;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;

/**
 * Hears every change of an installation's status ({@link Installation.Status}): a second 401 or a
 * refused refresh ({@code NEEDS_REAUTH}), a revocation ({@code REVOKED}), a re-authorization or a
 * check that finds it working again ({@code ACTIVE}). Use it to email the user or show a "reconnect
 * Notion" banner. Each change is reported once, by the process whose write made it, however many
 * threads and instances raced to make it.
 *
 * <p>Called on the thread that made the change, after it is stored. It should be quick and must not
 * throw: an exception is logged (class only) and ignored. Configured by name like consumers ({@code
 * listeners: [log]}); built in: {@code log}.
 */
@FunctionalInterface
public interface InstallationListener {

  /** Told about one change. */
  void onStatusChange(Change change);

  /**
   * Told that an authorization was stored: a new installation, or a re-authorization of one ({@code
   * reauthorized}). Called on the storing thread right after the write (on PostgreSQL inside the
   * callback's one commit). Default: nothing.
   */
  default void onSaved(Installation stored, boolean reauthorized) {}

  /** Told that an installation was deleted ({@code gone} as it was). Default: nothing. */
  default void onDeleted(Installation gone) {}

  /**
   * One change of an installation's status.
   *
   * @param botId the installation
   * @param workspaceId its workspace
   * @param context the host app's context (for example its user id)
   * @param from the status before
   * @param to the new status, since when and why
   */
  record Change(
      String botId,
      String workspaceId,
      FlowContext context,
      Installation.Status from,
      Installation.Health to) {}
}
