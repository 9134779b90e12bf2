package dev.notionoauth.server.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option and the seed's lookup order. */
public final class ConfigOption {
  /** Environment variable naming the configuration file. */
  public static final String ENV = "NOTION_OAUTH_HANDLER_CONFIG";

  /** The file used when neither the option nor the variable names one. */
  public static final String DEFAULT_FILE = "notion-oauth-handler.yaml";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Configuration file. Default: $" + ENV + ", else ./" + DEFAULT_FILE + ".")
  @Nullable Path file;

  /**
   * The file to read: the option, else the environment variable, else the default.
   *
   * @throws IllegalArgumentException with a one-line reason when it does not exist
   */
  Path resolve(Map<String, String> env) {
    Path chosen;
    String source;
    if (file != null) {
      chosen = file;
      source = "--config";
    } else if (env.get(ENV) != null && !env.get(ENV).isBlank()) {
      chosen = Path.of(env.get(ENV));
      source = "$" + ENV;
    } else {
      chosen = Path.of(DEFAULT_FILE);
      source = "the default location";
    }
    if (!Files.exists(chosen)) {
      throw new IllegalArgumentException(
          "configuration file "
              + chosen
              + " (from "
              + source
              + ") does not exist; create one with `init`, or try `demo`");
    }
    if (!Files.isReadable(chosen) || Files.isDirectory(chosen)) {
      throw new IllegalArgumentException(
          "configuration file " + chosen + " is not a readable file");
    }
    return chosen;
  }
}
