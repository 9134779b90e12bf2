package dev.notionoauth.server;

import dev.notionoauth.NotionOAuthException;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration with one or more problems; {@link #problems()} lists them all. */
public final class ConfigException extends NotionOAuthException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found
   */
  public ConfigException(List<ConfigProblem> problems) {
    super(
        problems.size() == 1
            ? "configuration problem: " + problems.get(0)
            : problems.size()
                + " configuration problems: "
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file order. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
