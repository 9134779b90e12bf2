package dev.notionoauth.apikey;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API key may do; each route of the HTTP API needs one scope. */
public enum ApiScope {
  /** List and read installations (never a token). */
  INSTALLATIONS_READ("installations:read"),
  /** Revoke and delete installations. */
  INSTALLATIONS_WRITE("installations:write"),
  /** Read an installation's current access token (refreshed when Notion rejected it). */
  TOKENS_READ("tokens:read"),
  /** Call Notion's API through the proxy with an installation's token. */
  NOTION_PROXY("notion:proxy"),
  /** Create signed install links and reconnect links. */
  INSTALL_LINKS_CREATE("install-links:create");

  private final String wireName;

  ApiScope(String wireName) {
    this.wireName = wireName;
  }

  /** The scope as written on the command line and in answers, e.g. {@code tokens:read}. */
  public String wireName() {
    return wireName;
  }

  /** The scope with this wire name, if there is one. */
  public static Optional<ApiScope> parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.wireName.equals(v)).findFirst();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
