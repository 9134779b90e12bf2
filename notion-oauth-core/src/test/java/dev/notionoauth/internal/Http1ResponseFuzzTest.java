package dev.notionoauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.SeededFuzzer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API client's answer reader fed mutated answers ({@link SeededFuzzer}; Jazzer runs the same
 * property in {@code JazzerFuzzTest}): it ends in an answer within the cap or an {@link
 * IOException}, never anything else.
 */
public class Http1ResponseFuzzTest {
  private static final int CAP = 4096;

  /** The property: an answer within bounds, or an IOException (the attempt is then Lost). */
  public static void answerHolds(byte[] bytes) {
    try {
      Http1Response r = Http1Response.read(new ByteArrayInputStream(bytes), false, CAP);
      assertThat(r.status()).isBetween(200, 999);
      assertThat(r.body().length).isLessThanOrEqualTo(CAP);
      assertThat(r.headers().size()).isLessThanOrEqualTo(Http1Response.MAX_HEADERS);
    } catch (IOException expected) {
      // Malformed, cut short or too large: the transport calls the attempt Lost or TooLarge
    }
  }

  @Test
  void mutatedAnswersEndInAnAnswerWithinBoundsOrAnIOExceptionOnly() {
    List<String> seeds =
        List.of(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=1\r\n{\"a\"\r\n3\r\n:1}\r\n"
                + "0\r\nTrailer: t\r\n\r\n",
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nConnection: close\r\n\r\n{}",
            "HTTP/1.1 204 No Content\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 9\r\n\r\n"
                + "2\r\n{}\r\n0\r\n\r\n");
    int n =
        SeededFuzzer.run(
            "HTTP/1.1 answer", seeds, s -> answerHolds(s.getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(n).isGreaterThanOrEqualTo(SeededFuzzer.DEFAULT);
  }
}
