package dev.notionoauth;

import dev.notionoauth.internal.QueryString;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A callback's query, checked for syntax only (step 1 of {@link NotionOAuthFlow#handleCallback}):
 * every protocol parameter at most once, exactly one of {@code code} and {@code error}, a code of
 * RFC 6749 VSCHARs of bounded length, an error of printable ASCII, and a state of one of our shapes
 * — or, for an install started on Notion's side, a code and no state at all ({@link #unbound}).
 * Read from the raw query (never from a container's parameter parsing, which fails on a malformed
 * percent-encoding): anything else is malformed as a whole.
 *
 * @param code the authorization code, or null for an error redirect
 * @param error the error redirect's {@code error}, or null
 * @param state our state, or null for an unbound install
 */
public record CallbackQuery(
    @Nullable AuthorizationCode code, @Nullable String error, @Nullable State state) {

  /** Longest raw query string a callback may have. */
  public static final int MAX_QUERY_LENGTH = 4096;

  /** Longest authorization code accepted. */
  public static final int MAX_CODE_LENGTH = 512;

  private static final Set<String> SINGLE_PARAMETERS =
      Set.of("code", "state", "error", "error_description", "error_uri", "iss");

  /** A code with no state of ours: an install started on Notion's side. */
  public boolean unbound() {
    return state == null;
  }

  /** The query checked, or empty when it is malformed in any way. */
  public static Optional<CallbackQuery> parse(@Nullable String rawQuery) {
    if (rawQuery != null && rawQuery.length() > MAX_QUERY_LENGTH) {
      return Optional.empty();
    }
    Optional<Map<String, List<String>>> parsed = QueryString.parse(rawQuery);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> params = parsed.get();
    for (String name : SINGLE_PARAMETERS) {
      List<String> values = params.get(name);
      if (values != null && values.size() > 1) {
        return Optional.empty();
      }
    }
    String code = first(params, "code");
    String error = first(params, "error");
    String stateText = first(params, "state");
    if (code != null && !isCode(code)) {
      return Optional.empty();
    }
    if ((code == null) == (error == null)) {
      return Optional.empty();
    }
    if (error != null && (error.length() > 64 || !error.matches("[\\x20-\\x7e]+"))) {
      return Optional.empty();
    }
    if (stateText == null) {
      // no state of ours: only a code can come that way (Notion's own install button)
      return code != null
          ? Optional.of(new CallbackQuery(new AuthorizationCode(code), null, null))
          : Optional.empty();
    }
    Optional<State> state = State.parse(stateText);
    if (state.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CallbackQuery(code == null ? null : new AuthorizationCode(code), error, state.get()));
  }

  /**
   * Whether a callback's raw query carries a code and no state of ours (an install started on
   * Notion's side); false for a malformed one.
   */
  public static boolean isUnbound(@Nullable String rawQuery) {
    return parse(rawQuery).map(CallbackQuery::unbound).orElse(false);
  }

  private static @Nullable String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      return null;
    }
    return values.get(0);
  }

  /** RFC 6749 VSCHAR, bounded. */
  private static boolean isCode(String code) {
    if (code.length() > MAX_CODE_LENGTH) {
      return false;
    }
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
