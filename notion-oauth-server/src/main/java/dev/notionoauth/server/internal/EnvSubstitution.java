package dev.notionoauth.server.internal;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in configuration values, read from the environment;
 * {@code $$} is a literal {@code $}. An unset variable without a default is a problem, and
 * substitutes as empty text. (Small enough not to be worth commons-text.)
 */
public final class EnvSubstitution {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\\}");

  private final Map<String, String> env;

  /** Substitutes from this environment. */
  public EnvSubstitution(Map<String, String> env) {
    this.env = env;
  }

  /**
   * The value with every variable substituted.
   *
   * @param unset told the name of each variable that is unset and has no default
   */
  public String apply(String value, Consumer<String> unset) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String fromEnv = env.get(m.group(1));
        if (fromEnv != null && !fromEnv.isEmpty()) {
          replacement = fromEnv;
        } else if (m.group(2) != null) {
          replacement = m.group(2);
        } else {
          unset.accept(m.group(1));
          replacement = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
