package dev.notionoauth.apikey;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An API key as stored and listed: its name, scopes and times, never its secret.
 *
 * @param name the operator's name for it, unique ({@code [A-Za-z0-9._-]}, 1–64 characters)
 * @param scopes what it may do
 * @param createdAt when it was created
 * @param lastUsedAt when it last authenticated a request (to the minute), or null if never
 */
public record ApiKey(
    String name, Set<ApiScope> scopes, Instant createdAt, @Nullable Instant lastUsedAt) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Checks the name; copies the scopes. */
  public ApiKey {
    checkName(name);
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("an API key needs at least one scope");
    }
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
  }

  /** Refuses a name that is not 1–64 of {@code A-Z a-z 0-9 . _ -}. */
  public static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an API key's name is 1-64 letters, digits, '.', '_' or '-'");
    }
    return name;
  }

  /** Whether the key may do this. */
  public boolean allows(ApiScope scope) {
    return scopes.contains(scope);
  }

  /** When it was last used, if ever. */
  public Optional<Instant> lastUsed() {
    return Optional.ofNullable(lastUsedAt);
  }

  /** The same key, last used at {@code at}. */
  public ApiKey usedAt(Instant at) {
    return new ApiKey(name, scopes, createdAt, at);
  }
}
