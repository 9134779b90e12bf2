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
 * @param health whether it can be used, since when and why
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
    Health health,
    long tokenVersion,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant refreshedAt) {

  /** Whether an installation's tokens can be used. */
  public enum Status {
    /** Usable. */
    ACTIVE,
    /**
     * Notion no longer accepts its tokens (a second 401 after a refresh, a refused refresh, or
     * introspection says inactive): the user must connect again, for example through a reconnect
     * link; a re-authorization makes it {@link #ACTIVE} again.
     */
    NEEDS_REAUTH,
    /** Revoked on purpose (by the host app or an operator): its tokens were revoked at Notion. */
    REVOKED
  }

  /**
   * An installation's status, when it last changed and why.
   *
   * @param status the status
   * @param since when it last changed
   * @param reason why, in a few words (e.g. "refresh refused: invalid_grant"); never a secret
   */
  public record Health(Status status, Instant since, String reason) {
    /** Active since {@code now}, for {@code reason}. */
    public static Health active(Instant now, String reason) {
      return new Health(Status.ACTIVE, now, reason);
    }
  }

  /** The status of {@link #health()}. */
  public Status status() {
    return health.status();
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
        Health.active(now, "authorized"),
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
        health.status() == Status.ACTIVE ? health : Health.active(now, "refreshed"),
        tokenVersion + 1,
        createdAt,
        now,
        now);
  }

  /**
   * This installation with the token columns of {@code refreshed} (its pair, the workspace's name
   * and icon, version, update and refresh times), what {@link
   * dev.notionoauth.spi.InstallationStore#completeLease} writes: context, link and health stay.
   */
  public Installation withTokensOf(Installation refreshed) {
    return new Installation(
        botId,
        workspaceId,
        refreshed.workspaceName,
        refreshed.workspaceIcon,
        owner,
        duplicatedTemplateId,
        context,
        bound,
        refreshed.accessToken,
        refreshed.refreshToken,
        health,
        refreshed.tokenVersion,
        createdAt,
        refreshed.updatedAt,
        refreshed.refreshedAt);
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
        health,
        storedVersion,
        firstCreatedAt,
        updatedAt,
        lastRefreshedAt);
  }

  /** A copy with another health. */
  public Installation withHealth(Health newHealth) {
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
        newHealth,
        tokenVersion,
        createdAt,
        newHealth.since(),
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
        health,
        tokenVersion,
        createdAt,
        now,
        refreshedAt);
  }
}
