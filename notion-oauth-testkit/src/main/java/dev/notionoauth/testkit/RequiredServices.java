package dev.notionoauth.testkit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides what a test does when a service it needs (PostgreSQL, a real browser) is missing: on a
 * developer's machine it is skipped with a message saying how to enable it; where the service is
 * required it fails, so a CI run cannot go green on proofs that never ran.
 *
 * <p>Required services are named, comma-separated, in the system property {@value #PROPERTY} or the
 * environment variable {@value #ENVIRONMENT} ({@code bash .ci/run} sets {@code postgres,browser});
 * {@code all} requires every service.
 */
public final class RequiredServices {
  /** The system property naming the required services. */
  public static final String PROPERTY = "tests.require";

  /** The environment variable naming the required services. */
  public static final String ENVIRONMENT = "NOTION_OAUTH_TESTS_REQUIRE";

  private RequiredServices() {}

  /** Whether a service (e.g. {@code postgres}, {@code browser}) must be there. */
  public static boolean isRequired(String service) {
    Set<String> required =
        Arrays.stream(setting().split(","))
            .map(s -> s.strip().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    return required.contains("all") || required.contains(service.toLowerCase(Locale.ROOT));
  }

  private static String setting() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String env = System.getenv(ENVIRONMENT);
    return env == null ? "" : env;
  }

  /**
   * Ends the calling test because {@code service} is missing: a failure if the service is required,
   * else a skip.
   *
   * @param service the service's name, as in {@value #PROPERTY}
   * @param howToEnable what to do to run the test
   * @throws AssertionError if the service is required
   */
  public static void missing(String service, String howToEnable) {
    String message = service + " is not available: " + howToEnable;
    if (isRequired(service)) {
      throw new AssertionError(message + " (required by " + PROPERTY + "/" + ENVIRONMENT + ")");
    }
    Assumptions.abort(message);
  }
}
