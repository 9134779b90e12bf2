package dev.notionoauth.store.jdbc;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An installation without its tokens: what listing commands show, readable without the encryption
 * key.
 *
 * @param botId the bot id
 * @param workspaceId the workspace id
 * @param workspaceName the workspace name, if any
 * @param context the host app's context
 * @param bound whether it is linked to a host-app context
 * @param health whether it can be used, since when and why
 * @param tokenVersion the token pair's version
 * @param keyId the id of the key its tokens are sealed with
 * @param hasRefreshToken whether a refresh token is stored
 * @param createdAt first authorization
 * @param updatedAt last change
 * @param refreshedAt last refresh, if any
 */
public record InstallationSummary(
    String botId,
    String workspaceId,
    @Nullable String workspaceName,
    FlowContext context,
    boolean bound,
    Installation.Health health,
    long tokenVersion,
    String keyId,
    boolean hasRefreshToken,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant refreshedAt) {

  /** The status of {@link #health()}. */
  public Installation.Status status() {
    return health.status();
  }
}
