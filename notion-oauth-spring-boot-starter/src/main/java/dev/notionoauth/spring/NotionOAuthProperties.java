package dev.notionoauth.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code notion.oauth.*} properties. Names and meanings follow the standalone server's YAML
 * keys where they overlap ({@code notion.client-id} is {@code notion.oauth.client-id}, {@code
 * server.install-path} is {@code notion.oauth.install-path}, {@code store.encryption-key} is {@code
 * notion.oauth.encryption-key}, {@code webhooks.path} is {@code notion.oauth.webhooks.path}).
 */
@ConfigurationProperties("notion.oauth")
public class NotionOAuthProperties {
  /** The integration's OAuth client id (required). */
  private @Nullable String clientId;

  /**
   * The integration's OAuth client secret (required; from the environment, never a file in git).
   */
  private @Nullable String clientSecret;

  /** The redirect URI exactly as registered at Notion; its path must be the callback path. */
  private @Nullable String redirectUri;

  /** Notion's API base URL (an emulator's in tests). */
  private String apiBaseUrl = "https://api.notion.com";

  /** The Notion-Version header sent with every call. */
  private @Nullable String version;

  /** The route that starts an install. */
  private String installPath = "/notion/install";

  /** The route Notion redirects back to. */
  private String callbackPath = "/notion/callback";

  /** The prefix of result pages. */
  private String resultPath = "/notion/result";

  /**
   * Base64 of 32 random bytes sealing stored tokens (openssl rand -base64 32); required when the
   * app has a DataSource (tokens are stored there) or webhooks are on.
   */
  private @Nullable String encryptionKey;

  /** Older keys still needed to read rows sealed before a rotation. */
  private List<String> previousEncryptionKeys = new ArrayList<>();

  /** Whether cookies are Secure; leave on unless the app runs on plain http locally. */
  private boolean secureCookies = true;

  /**
   * Whether states carry their flow's record sealed, so an install writes nothing; false stores
   * each state when its flow starts (for a rolling upgrade from code that only knew stored states).
   */
  private boolean sealStates = true;

  /**
   * Installs a client address may start per minute (0: no limit). Behind a proxy or ingress, set
   * {@code server.forward-headers-strategy} so that the client's address is the one counted, not
   * the proxy's.
   */
  private int installsPerMinute = 60;

  /** Notion's webhooks. */
  private final Webhooks webhooks = new Webhooks();

  /**
   * The {@code notion.oauth.webhooks.*} properties: the server's {@code webhooks} section. Unset
   * values take the library's defaults ({@code WebhookSettings}), held there once.
   */
  public static class Webhooks {
    /** Whether the webhook route is served (off unless set to true). */
    private boolean enabled;

    /** The route Notion's webhook subscription posts to. */
    private String path = "/notion/webhooks";

    /** Webhook consumer plugins by name, when the app has no WebhookConsumer bean (default log). */
    private List<String> consumers = new ArrayList<>(List.of("log"));

    /** Larger bodies get 413 before being read (default 65536). */
    private @Nullable Integer maxBodyBytes;

    /** Bodies read at once at most; beyond, a POST gets 503 at once (default 16). */
    private @Nullable Integer maxConcurrentReads;

    /** How long a whole body may take to arrive, then 408 (default 5s). */
    private @Nullable Duration readTimeout;

    /** Deliveries to the consumers before an event becomes a dead letter (default 8). */
    private @Nullable Integer maxAttempts;

    /** The wait after the first failed delivery, doubled after each (default 5s). */
    private @Nullable Duration retryDelay;

    /** How long one delivery may take before it is tried again elsewhere (default 2m). */
    private @Nullable Duration deliveryTimeout;

    /** Whether an event without accessible_by reaches the whole workspace (default false). */
    private boolean deliverUnaddressedToWorkspace;

    /** Whether the webhook route is served. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether the webhook route is served. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The webhook route. */
    public String getPath() {
      return path;
    }

    /** Sets the webhook route. */
    public void setPath(String path) {
      this.path = path;
    }

    /** The webhook consumer plugins' names. */
    public List<String> getConsumers() {
      return consumers;
    }

    /** Sets the webhook consumer plugins' names. */
    public void setConsumers(List<String> consumers) {
      this.consumers = consumers;
    }

    /** The body size limit, if set. */
    public @Nullable Integer getMaxBodyBytes() {
      return maxBodyBytes;
    }

    /** Sets the body size limit. */
    public void setMaxBodyBytes(@Nullable Integer maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    /** Bodies read at once at most, if set. */
    public @Nullable Integer getMaxConcurrentReads() {
      return maxConcurrentReads;
    }

    /** Sets the bodies read at once at most. */
    public void setMaxConcurrentReads(@Nullable Integer maxConcurrentReads) {
      this.maxConcurrentReads = maxConcurrentReads;
    }

    /** The body read deadline, if set. */
    public @Nullable Duration getReadTimeout() {
      return readTimeout;
    }

    /** Sets the body read deadline. */
    public void setReadTimeout(@Nullable Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    /** Attempts before a dead letter, if set. */
    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    /** Sets the attempts before a dead letter. */
    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** The first retry's delay, if set. */
    public @Nullable Duration getRetryDelay() {
      return retryDelay;
    }

    /** Sets the first retry's delay. */
    public void setRetryDelay(@Nullable Duration retryDelay) {
      this.retryDelay = retryDelay;
    }

    /** One delivery's lease, if set. */
    public @Nullable Duration getDeliveryTimeout() {
      return deliveryTimeout;
    }

    /** Sets one delivery's lease. */
    public void setDeliveryTimeout(@Nullable Duration deliveryTimeout) {
      this.deliveryTimeout = deliveryTimeout;
    }

    /** Whether unaddressed events reach the whole workspace. */
    public boolean isDeliverUnaddressedToWorkspace() {
      return deliverUnaddressedToWorkspace;
    }

    /** Sets whether unaddressed events reach the whole workspace. */
    public void setDeliverUnaddressedToWorkspace(boolean deliverUnaddressedToWorkspace) {
      this.deliverUnaddressedToWorkspace = deliverUnaddressedToWorkspace;
    }
  }

  /** The client id, as set. */
  public @Nullable String getClientId() {
    return clientId;
  }

  /** Sets the client id. */
  public void setClientId(@Nullable String clientId) {
    this.clientId = clientId;
  }

  /** The client secret, as set. */
  public @Nullable String getClientSecret() {
    return clientSecret;
  }

  /** Sets the client secret. */
  public void setClientSecret(@Nullable String clientSecret) {
    this.clientSecret = clientSecret;
  }

  /** The redirect URI, as set. */
  public @Nullable String getRedirectUri() {
    return redirectUri;
  }

  /** Sets the redirect URI. */
  public void setRedirectUri(@Nullable String redirectUri) {
    this.redirectUri = redirectUri;
  }

  /** The API base URL. */
  public String getApiBaseUrl() {
    return apiBaseUrl;
  }

  /** Sets the API base URL. */
  public void setApiBaseUrl(String apiBaseUrl) {
    this.apiBaseUrl = apiBaseUrl;
  }

  /** The Notion-Version, as set. */
  public @Nullable String getVersion() {
    return version;
  }

  /** Sets the Notion-Version. */
  public void setVersion(@Nullable String version) {
    this.version = version;
  }

  /** The install route. */
  public String getInstallPath() {
    return installPath;
  }

  /** Sets the install route. */
  public void setInstallPath(String installPath) {
    this.installPath = installPath;
  }

  /** The callback route. */
  public String getCallbackPath() {
    return callbackPath;
  }

  /** Sets the callback route. */
  public void setCallbackPath(String callbackPath) {
    this.callbackPath = callbackPath;
  }

  /** The result pages' prefix. */
  public String getResultPath() {
    return resultPath;
  }

  /** Sets the result pages' prefix. */
  public void setResultPath(String resultPath) {
    this.resultPath = resultPath;
  }

  /** The encryption key, as set. */
  public @Nullable String getEncryptionKey() {
    return encryptionKey;
  }

  /** Sets the encryption key. */
  public void setEncryptionKey(@Nullable String encryptionKey) {
    this.encryptionKey = encryptionKey;
  }

  /** The previous encryption keys. */
  public List<String> getPreviousEncryptionKeys() {
    return previousEncryptionKeys;
  }

  /** Sets the previous encryption keys. */
  public void setPreviousEncryptionKeys(List<String> previousEncryptionKeys) {
    this.previousEncryptionKeys = previousEncryptionKeys;
  }

  /** Whether cookies are Secure. */
  public boolean isSecureCookies() {
    return secureCookies;
  }

  /** Sets whether cookies are Secure. */
  public void setSecureCookies(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  /** Whether states are sealed. */
  public boolean isSealStates() {
    return sealStates;
  }

  /** Sets whether states are sealed. */
  public void setSealStates(boolean sealStates) {
    this.sealStates = sealStates;
  }

  /** Installs per client address per minute. */
  public int getInstallsPerMinute() {
    return installsPerMinute;
  }

  /** Sets the installs per client address per minute. */
  public void setInstallsPerMinute(int installsPerMinute) {
    this.installsPerMinute = installsPerMinute;
  }

  /** The webhook properties. */
  public Webhooks getWebhooks() {
    return webhooks;
  }

  @Override
  public String toString() {
    return "NotionOAuthProperties[clientId=" + clientId + ", clientSecret=***, encryptionKey=***]";
  }
}
