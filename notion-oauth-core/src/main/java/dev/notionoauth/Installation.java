package dev.notionoauth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One installation of the integration: what Notion returned for an authorization (keyed by {@code
 * bot_id}), the host app's context, and bookkeeping. Prints without its tokens.
 *
 * @param botId the bot id, the key
 * @param workspaceId the workspace's id
 * @param workspaceName the workspace's name, if any
 * @param workspaceIcon the workspace's icon, if any
 * @param owner who owns the access
 * @param duplicatedTemplateId the duplicated template page, if any
 * @param context the host app's context from the flow (empty when unbound)
 * @param bound false for an install that arrived without our state and awaits linking
 * @param accessToken the current access token
 * @param refreshToken the current refresh token, if Notion issued one
 * @param status whether it can be used
 * @param tokenVersion increases with every new token pair (authorization or refresh)
 * @param createdAt first authorization
 * @param updatedAt last change of any kind
 * @param refreshedAt last refresh, if any
 */
public record Installation(
    String botId,
    String workspaceId,
    @Nullable String workspaceName,
    @Nullable String workspaceIcon,
    Owner owner,
    @Nullable String duplicatedTemplateId,
    FlowContext context,
    boolean bound,
    AccessToken accessToken,
    @Nullable RefreshToken refreshToken,
    Status status,
    long tokenVersion,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant refreshedAt) {

  /** Whether an installation's tokens can be used. */
  public enum Status {
    /** Usable. */
    ACTIVE,
    /** Notion says the tokens no longer work (revoked in Notion, or refresh refused). */
    INACTIVE
  }

  /**
   * A new installation from a token response (version and timestamps are set by the store).
   *
   * @param token Notion's token response
   * @param context the flow's context
   * @param bound whether it came through our own flow
   * @param now the time of the authorization
   */
  public static Installation from(
      TokenResponse token, FlowContext context, boolean bound, Instant now) {
    return new Installation(
        token.botId(),
        token.workspaceId(),
        token.workspaceName(),
        token.workspaceIcon(),
        token.owner(),
        token.duplicatedTemplateId(),
        context,
        bound,
        token.accessToken(),
        token.refreshToken(),
        Status.ACTIVE,
        0,
        now,
        now,
        null);
  }

  /** A copy with a new token pair from a refresh. */
  public Installation withRefreshedTokens(TokenResponse token, Instant now) {
    return new Installation(
        botId,
        workspaceId,
        token.workspaceName() != null ? token.workspaceName() : workspaceName,
        token.workspaceIcon() != null ? token.workspaceIcon() : workspaceIcon,
        owner,
        duplicatedTemplateId,
        context,
        bound,
        token.accessToken(),
        token.refreshToken() != null ? token.refreshToken() : refreshToken,
        Status.ACTIVE,
        tokenVersion + 1,
        createdAt,
        now,
        now);
  }

  /**
   * A copy as a store keeps it after {@link dev.notionoauth.spi.InstallationStore#upsert}: with the
   * stored token version, and the first authorization's and last refresh's times kept.
   */
  public Installation asStored(
      long storedVersion, Instant firstCreatedAt, @Nullable Instant lastRefreshedAt) {
    return new Installation(
        botId,
        workspaceId,
        workspaceName,
        workspaceIcon,
        owner,
        duplicatedTemplateId,
        context,
        bound,
        accessToken,
        refreshToken,
        status,
        storedVersion,
        firstCreatedAt,
        updatedAt,
        lastRefreshedAt);
  }

  /** A copy with another status. */
  public Installation withStatus(Status newStatus, Instant now) {
    return new Installation(
        botId,
        workspaceId,
        workspaceName,
        workspaceIcon,
        owner,
        duplicatedTemplateId,
        context,
        bound,
        accessToken,
        refreshToken,
        newStatus,
        tokenVersion,
        createdAt,
        now,
        refreshedAt);
  }

  /** A copy linked to the host app's context. */
  public Installation withContext(FlowContext newContext, Instant now) {
    return new Installation(
        botId,
        workspaceId,
        workspaceName,
        workspaceIcon,
        owner,
        duplicatedTemplateId,
        newContext,
        true,
        accessToken,
        refreshToken,
        status,
        tokenVersion,
        createdAt,
        now,
        refreshedAt);
  }
}
