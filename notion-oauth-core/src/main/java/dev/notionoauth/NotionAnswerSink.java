package dev.notionoauth;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Where {@link NotionApi#relay} writes Notion's successful answer while it arrives, instead of
 * reading it whole: the Notion proxy's way to pass an answer on without holding it.
 */
@FunctionalInterface
public interface NotionAnswerSink {
  /**
   * Called once, when Notion's 2xx status and headers have arrived and before any byte of the body
   * (never for an error, a 401 that is retried, or a 429 that is waited out).
   *
   * @param status Notion's status
   * @param headers Notion's headers, names case-insensitive
   * @return where the body goes; the relay writes into it and neither flushes nor closes it
   * @throws IOException the answer cannot be taken (the caller went away): the call ends
   */
  OutputStream open(int status, Map<String, List<String>> headers) throws IOException;
}
