package dev.notionoauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringTest {

  @Test
  void decodesPercentEncodingAndPlusAndKeepsRepeatedNames() {
    Map<String, List<String>> q = QueryString.parse("a=x%20y+z&b=%C3%A9&a=2&flag").orElseThrow();

    assertThat(q).containsEntry("a", List.of("x y z", "2")).containsEntry("b", List.of("é"));
    assertThat(q).containsEntry("flag", List.of(""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "state=%ZZ",
        "state=%4",
        "code=%E0%80%AF",
        "code=%C0%AF",
        "code=%00",
        "code=a%0d%0aSet-Cookie:x",
        "code=%FF",
        "=novalue",
        "code=a b",
        "code=\u00e9"
      })
  void rejectsTheWholeQueryOnAnyMalformedComponent(String raw) {
    assertThat(QueryString.parse(raw)).isEmpty();
  }

  @Test
  void encodesEverythingButUnreservedCharacters() {
    assertThat(QueryString.encode("https://e.com/a b?c=d&é"))
        .isEqualTo("https%3A%2F%2Fe.com%2Fa%20b%3Fc%3Dd%26%C3%A9");
  }

  @Test
  void anyQueryEitherParsesAndRoundTripsOrIsRefusedWhole() {
    dev.notionoauth.SeededFuzzer.run(
        "query string",
        java.util.List.of("a=1&b=2&a=3", "code=x%2By&state=%C3%A9", "k", "=v&&x="),
        raw -> {
          java.util.Optional<java.util.Map<String, java.util.List<String>>> parsed =
              QueryString.parse(raw);
          parsed.ifPresent(
              map -> {
                StringBuilder again = new StringBuilder();
                map.forEach(
                    (k, vs) ->
                        vs.forEach(
                            v -> {
                              if (again.length() > 0) {
                                again.append('&');
                              }
                              again
                                  .append(QueryString.encode(k))
                                  .append('=')
                                  .append(QueryString.encode(v));
                            }));
                assertThat(QueryString.parse(again.toString())).contains(map);
              });
        });
  }
}
