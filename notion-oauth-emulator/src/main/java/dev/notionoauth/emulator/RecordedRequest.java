package dev.notionoauth.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request the emulator received, for assertions ("verify that the expected requests were made").
 *
 * @param endpoint which endpoint
 * @param method the HTTP method
 * @param path the request path
 * @param rawQuery the raw query string, or null
 * @param headers header names (lower-case) to values
 * @param body the request body as UTF-8 text
 * @param receivedAt when it arrived
 */
public record RecordedRequest(
    Endpoint endpoint,
    String method,
    String path,
    @Nullable String rawQuery,
    Map<String, List<String>> headers,
    String body,
    Instant receivedAt) {

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The {@code client_id:client_secret} pair of an HTTP Basic {@code Authorization} header,
   * decoded, if there is one.
   */
  public Optional<String> basicCredentials() {
    return header("authorization")
        .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6))
        .flatMap(
            h -> {
              try {
                return Optional.of(
                    new String(
                        Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8));
              } catch (IllegalArgumentException e) {
                return Optional.empty();
              }
            });
  }
}
