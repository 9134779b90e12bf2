package dev.notionoauth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One installation of the integration: what Notion returned for an authorization (keyed by {@code
 * bot_id}), the host app's context, and bookkeeping. Prints without its tokens.
 *
 * <p>Made by {@link #from} for a new authorization and by the {@code with…} copies after; stores
 * rebuild it from their rows with {@link #builder}.
 *
 * @param botId the bot id, the key
 * @param workspace the workspace Notion granted access to
 * @param owner who owns the access
 * @param duplicatedTemplateId the duplicated template page, if any
 * @param context the host app's context from the flow (empty when unbound)
 * @param bound false for an install that arrived without our state and awaits linking
 * @param tokens the current token pair and its version
 * @param health whether it can be used, since when and why
 * @param timestamps first authorization, last change and last refresh
 */
public record Installation(
    String botId,
    Workspace workspace,
    Owner owner,
    @Nullable String duplicatedTemplateId,
    FlowContext context,
    boolean bound,
    TokenPair tokens,
    Health health,
    Timestamps timestamps) {

  /**
   * The workspace an installation reaches.
   *
   * @param id the workspace's id
   * @param name its name, if Notion gave one
   * @param icon its icon, if Notion gave one
   */
  public record Workspace(String id, @Nullable String name, @Nullable String icon) {}

  /**
   * The tokens an installation calls Notion with. Prints without them.
   *
   * @param access the current access token
   * @param refresh the current refresh token, if Notion issued one
   * @param version increases with every new pair (authorization or refresh)
   */
  public record TokenPair(AccessToken access, @Nullable RefreshToken refresh, long version) {}

  /**
   * When an installation was made and changed.
   *
   * @param created first authorization
   * @param updated last change of any kind
   * @param refreshed last refresh, if any
   */
  public record Timestamps(Instant created, Instant updated, @Nullable Instant refreshed) {}

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
        new Workspace(token.workspaceId(), token.workspaceName(), token.workspaceIcon()),
        token.owner(),
        token.duplicatedTemplateId(),
        context,
        bound,
        new TokenPair(token.accessToken(), token.refreshToken(), 0),
        Health.active(now, "authorized"),
        new Timestamps(now, now, null));
  }

  /** A copy with a new token pair from a refresh. */
  public Installation withRefreshedTokens(TokenResponse token, Instant now) {
    return new Installation(
        botId,
        new Workspace(
            workspace.id(),
            token.workspaceName() != null ? token.workspaceName() : workspace.name(),
            token.workspaceIcon() != null ? token.workspaceIcon() : workspace.icon()),
        owner,
        duplicatedTemplateId,
        context,
        bound,
        new TokenPair(
            token.accessToken(),
            token.refreshToken() != null ? token.refreshToken() : tokens.refresh(),
            tokens.version() + 1),
        health.status() == Status.ACTIVE ? health : Health.active(now, "refreshed"),
        new Timestamps(timestamps.created(), now, now));
  }

  /**
   * This installation with the token columns of {@code refreshed} (its pair, the workspace's name
   * and icon, version, update and refresh times), what {@link
   * dev.notionoauth.spi.InstallationStore#completeLease} writes: context, link and health stay.
   */
  public Installation withTokensOf(Installation refreshed) {
    return new Installation(
        botId,
        new Workspace(workspace.id(), refreshed.workspace.name(), refreshed.workspace.icon()),
        owner,
        duplicatedTemplateId,
        context,
        bound,
        refreshed.tokens,
        health,
        new Timestamps(
            timestamps.created(),
            refreshed.timestamps.updated(),
            refreshed.timestamps.refreshed()));
  }

  /**
   * A copy as a store keeps it after {@link dev.notionoauth.spi.InstallationStore#upsert}: with the
   * stored token version, and the first authorization's and last refresh's times kept.
   */
  public Installation asStored(
      long storedVersion, Instant firstCreatedAt, @Nullable Instant lastRefreshedAt) {
    return new Installation(
        botId,
        workspace,
        owner,
        duplicatedTemplateId,
        context,
        bound,
        new TokenPair(tokens.access(), tokens.refresh(), storedVersion),
        health,
        new Timestamps(firstCreatedAt, timestamps.updated(), lastRefreshedAt));
  }

  /** A copy with another health. */
  public Installation withHealth(Health newHealth) {
    return new Installation(
        botId,
        workspace,
        owner,
        duplicatedTemplateId,
        context,
        bound,
        tokens,
        newHealth,
        new Timestamps(timestamps.created(), newHealth.since(), timestamps.refreshed()));
  }

  /** A copy linked to the host app's context. */
  public Installation withContext(FlowContext newContext, Instant now) {
    return new Installation(
        botId,
        workspace,
        owner,
        duplicatedTemplateId,
        newContext,
        true,
        tokens,
        health,
        new Timestamps(timestamps.created(), now, timestamps.refreshed()));
  }

  /** A builder, for stores that rebuild an installation from its stored columns. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Installation}; every value but the optional ones must be set. */
  public static final class Builder {
    private @Nullable String botId;
    private @Nullable Workspace workspace;
    private @Nullable Owner owner;
    private @Nullable String duplicatedTemplateId;
    private FlowContext context = FlowContext.empty();
    private boolean bound = true;
    private @Nullable TokenPair tokens;
    private @Nullable Health health;
    private @Nullable Timestamps timestamps;

    private Builder() {}

    /** The bot id, the key. */
    public Builder botId(String botId) {
      this.botId = botId;
      return this;
    }

    /** The workspace. */
    public Builder workspace(Workspace workspace) {
      this.workspace = workspace;
      return this;
    }

    /** Who owns the access. */
    public Builder owner(Owner owner) {
      this.owner = owner;
      return this;
    }

    /** The duplicated template page; none by default. */
    public Builder duplicatedTemplateId(@Nullable String duplicatedTemplateId) {
      this.duplicatedTemplateId = duplicatedTemplateId;
      return this;
    }

    /** The host app's context; empty by default. */
    public Builder context(FlowContext context) {
      this.context = context;
      return this;
    }

    /** Whether it came through our own flow; true by default. */
    public Builder bound(boolean bound) {
      this.bound = bound;
      return this;
    }

    /** The token pair and its version. */
    public Builder tokens(TokenPair tokens) {
      this.tokens = tokens;
      return this;
    }

    /** Its health. */
    public Builder health(Health health) {
      this.health = health;
      return this;
    }

    /** Its timestamps. */
    public Builder timestamps(Timestamps timestamps) {
      this.timestamps = timestamps;
      return this;
    }

    /**
     * The installation.
     *
     * @throws IllegalStateException if a required value was not set
     */
    public Installation build() {
      return new Installation(
          required(botId, "botId"),
          required(workspace, "workspace"),
          required(owner, "owner"),
          duplicatedTemplateId,
          context,
          bound,
          required(tokens, "tokens"),
          required(health, "health"),
          required(timestamps, "timestamps"));
    }

    private static <T> T required(@Nullable T value, String name) {
      if (value == null) {
        throw new IllegalStateException("an installation needs its " + name);
      }
      return value;
    }
  }
}
