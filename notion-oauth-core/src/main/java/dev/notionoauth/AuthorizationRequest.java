package dev.notionoauth;

import dev.notionoauth.internal.QueryString;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query of Notion's authorize URL, {@code GET /v1/oauth/authorize}: {@code client_id}, {@code
 * response_type=code}, {@code owner=user}, {@code redirect_uri} and {@code state}. Notion has no
 * {@code scope} parameter and documents no PKCE.
 *
 * @param clientId the integration's client id
 * @param redirectUri the configured redirect URI, sent exactly as configured
 * @param state the flow's state
 */
public record AuthorizationRequest(ClientId clientId, String redirectUri, State state) {

  /** The path of the authorize endpoint under the API base URL. */
  public static final String PATH = "/v1/oauth/authorize";

  /**
   * The full URL to send the browser to.
   *
   * @param apiBaseUrl Notion's API base URL, e.g. {@code https://api.notion.com}
   */
  public URI toUri(URI apiBaseUrl) {
    String base = apiBaseUrl.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(
        base
            + PATH
            + "?client_id="
            + QueryString.encode(clientId.value())
            + "&response_type=code&owner=user&redirect_uri="
            + QueryString.encode(redirectUri)
            + "&state="
            + QueryString.encode(state.value()));
  }

  /**
   * Reads an authorize URL back (the inverse of {@link #toUri}).
   *
   * @param uri an authorize URL
   * @return the request, if the URL has every parameter exactly once with a valid state, {@code
   *     response_type=code} and {@code owner=user}
   */
  public static Optional<AuthorizationRequest> parse(URI uri) {
    Optional<Map<String, List<String>>> query = QueryString.parse(uri.getRawQuery());
    if (query.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> q = query.get();
    Optional<String> clientId = QueryString.single(q, "client_id");
    Optional<String> redirect = QueryString.single(q, "redirect_uri");
    Optional<String> state = QueryString.single(q, "state");
    if (clientId.isEmpty()
        || redirect.isEmpty()
        || state.isEmpty()
        || !QueryString.single(q, "response_type").equals(Optional.of("code"))
        || !QueryString.single(q, "owner").equals(Optional.of("user"))) {
      return Optional.empty();
    }
    Optional<State> parsed = State.parse(state.get());
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AuthorizationRequest(new ClientId(clientId.get()), redirect.get(), parsed.get()));
  }
}
