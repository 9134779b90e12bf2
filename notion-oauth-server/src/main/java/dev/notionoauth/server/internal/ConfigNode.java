package dev.notionoauth.server.internal;

import dev.notionoauth.NotionConfigException;
import dev.notionoauth.server.ConfigProblem;
import dev.notionoauth.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One mapping of a YAML configuration, knowing its key path: it reads values (with {@code ${VAR}}
 * substitution and relative paths resolved against the file's folder), hands each to a setter, and
 * turns what goes wrong into a {@link ConfigProblem} at the value's key path. The keys a reader
 * asks for are the keys allowed: {@link #finish()} reports every other key as unknown, with a
 * suggestion, so each key is written once, where it is read.
 */
public final class ConfigNode {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigNode.class);

  /** What every node of one file shares. */
  private record Context(List<ConfigProblem> problems, EnvSubstitution env, Path baseDir) {}

  private final @Nullable JsonNode node;
  private final String path;
  private final Context context;
  private final Set<String> asked = new LinkedHashSet<>();
  private final List<ConfigNode> children = new ArrayList<>();

  private ConfigNode(@Nullable JsonNode node, String path, Context context) {
    this.node = node;
    this.path = path;
    this.context = context;
  }

  /** The root of a file; problems go to {@code problems}. */
  public static ConfigNode root(
      JsonNode root, Map<String, String> env, Path baseDir, List<ConfigProblem> problems) {
    return new ConfigNode(root, "", new Context(problems, new EnvSubstitution(env), baseDir));
  }

  /** The full key path of a key of this node. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Records a problem at a key of this node (or at the node itself for an empty key). */
  public void problem(String key, String message) {
    context.problems().add(new ConfigProblem(key.isEmpty() ? path : path(key), message));
  }

  // ---------------------------------------------------------------- structure

  /** A nested mapping; absent (or not a mapping, which is a problem) reads as empty. */
  public ConfigNode section(String key) {
    JsonNode child = raw(key);
    if (child != null && !child.isObject()) {
      problem(key, "must be a section of keys");
      child = null;
    }
    ConfigNode section = new ConfigNode(child, path(key), context);
    children.add(section);
    return section;
  }

  /** Whether the key is present (and not null). */
  public boolean has(String key) {
    return raw(key) != null;
  }

  /** The keys of a mapping whose keys are data (such as {@code documents}), all allowed. */
  public List<String> dataKeys() {
    List<String> keys = new ArrayList<>();
    if (node != null) {
      node.propertyNames().forEach(keys::add);
      asked.addAll(keys);
    }
    return keys;
  }

  /** Whether the value at a key is a mapping. */
  public boolean isSection(String key) {
    JsonNode child = raw(key);
    return child != null && child.isObject();
  }

  /**
   * Reports every key of this node and its sections that no reader asked for, with the nearest
   * known key as a suggestion.
   */
  public void finish() {
    if (node != null) {
      for (String name : node.propertyNames()) {
        if (!asked.contains(name)) {
          problem(name, "unknown key" + Suggestion.of(name, asked));
        }
      }
    }
    children.forEach(ConfigNode::finish);
  }

  private @Nullable JsonNode raw(String key) {
    asked.add(key);
    JsonNode child = node == null ? null : node.get(key);
    return child == null || child.isNull() ? null : child;
  }

  // ---------------------------------------------------------------- values

  /** A single value, substituted; absent is empty, a list or mapping is a problem. */
  public Optional<String> string(String key) {
    JsonNode child = raw(key);
    if (child == null) {
      return Optional.empty();
    }
    if (child.isObject() || child.isArray()) {
      problem(key, "must be a single value");
      return Optional.empty();
    }
    return Optional.of(substitute(child.asString(), path(key)));
  }

  /** Hands a present value to a setter; what the setter refuses becomes a problem at the key. */
  public void string(String key, Consumer<String> setter) {
    string(key).ifPresent(v -> apply(key, () -> setter.accept(v)));
  }

  /** A whole number, handed to a setter. */
  public void integer(String key, IntConsumer setter) {
    string(key)
        .ifPresent(
            text -> {
              int value;
              try {
                value = Integer.parseInt(text.strip());
              } catch (NumberFormatException e) {
                problem(key, "must be a whole number");
                return;
              }
              apply(key, () -> setter.accept(value));
            });
  }

  /** {@code true}/{@code yes} or {@code false}/{@code no}, handed to a setter. */
  public void bool(String key, Consumer<Boolean> setter) {
    string(key)
        .ifPresent(
            text -> {
              switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes" -> apply(key, () -> setter.accept(true));
                case "false", "no" -> apply(key, () -> setter.accept(false));
                default -> problem(key, "must be true or false");
              }
            });
  }

  /**
   * A duration like {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 30d}, seconds or
   * ISO-8601.
   */
  public void duration(String key, Consumer<Duration> setter) {
    string(key)
        .ifPresent(
            text -> {
              Duration value = parseDuration(text.strip());
              if (value == null) {
                problem(key, "must be a duration like 30s, 500ms or 2m");
              } else {
                apply(key, () -> setter.accept(value));
              }
            });
  }

  /**
   * A duration like {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 30d}, seconds or
   * ISO-8601; null if not.
   */
  static @Nullable Duration parseDuration(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(t));
      } else if (t.matches("\\d+ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.matches("\\d+d")) {
        return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.matches("\\d+[smh]")) {
        return Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
      }
      return Duration.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  /** A list of single values (one value reads as a list of one), handed to a setter. */
  public void list(String key, Consumer<List<String>> setter) {
    JsonNode child = raw(key);
    if (child == null) {
      return;
    }
    if (!child.isArray()) {
      string(key, v -> setter.accept(List.of(v)));
      return;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < child.size(); i++) {
      JsonNode item = child.get(i);
      String itemPath = path(key) + "[" + i + "]";
      if (item.isObject() || item.isArray() || item.isNull()) {
        context.problems().add(new ConfigProblem(itemPath, "must be a single value"));
      } else {
        out.add(substitute(item.asString(), itemPath));
      }
    }
    apply(key, () -> setter.accept(out));
  }

  /** A file path, resolved against the configuration file's folder. */
  public Optional<Path> file(String key) {
    return string(key).map(this::resolve);
  }

  /** A path resolved against the configuration file's folder. */
  public Path resolve(String file) {
    Path p = Path.of(file);
    return p.isAbsolute() ? p : context.baseDir().resolve(p).normalize();
  }

  /**
   * A secret given either inline ({@code key}) or as a file ({@code fileKey}), not both. A file
   * other users may read is used with a warning (it may be shared on purpose), never showing the
   * secret.
   */
  public Optional<Secret> secret(String key, String fileKey) {
    Optional<String> inline = string(key);
    Optional<Path> file = file(fileKey);
    if (inline.isPresent() && file.isPresent()) {
      problem(key, "give " + key + " or " + fileKey + ", not both");
      return Optional.empty();
    }
    if (inline.isPresent()) {
      return Optional.of(new Secret(key, inline.get()));
    }
    return file.flatMap(f -> readSecretFile(f, fileKey)).map(text -> new Secret(fileKey, text));
  }

  /**
   * A secret's text and the key it came from (where a problem with it is reported).
   *
   * @param key the key it was read from
   * @param text the secret
   */
  public record Secret(String key, String text) {
    @Override
    public String toString() {
      return "Secret[" + key + ", ***]";
    }
  }

  private Optional<String> readSecretFile(Path file, String key) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      problem(key, "cannot read " + file + " (" + describe(e) + ")");
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.OTHERS_READ)
          || mode.contains(PosixFilePermission.GROUP_READ)) {
        LOG.warn(
            "{}: {} can be read by other users (mode {}); restrict it with: chmod 600 {}",
            path(key),
            file,
            PosixFilePermissions.toString(mode),
            file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // no POSIX permissions here: nothing to warn about
    }
    return Optional.of(text);
  }

  /** A mapping of anything, as plain Java values (maps, lists, strings, numbers, booleans). */
  public Map<String, Object> freeMap(String key) {
    JsonNode child = raw(key);
    if (child == null) {
      return Map.of();
    }
    if (!child.isObject()) {
      problem(key, "must be a section of keys");
      return Map.of();
    }
    return plainMap(child, path(key));
  }

  private Map<String, Object> plainMap(JsonNode map, String at) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : map.propertyNames()) {
      out.put(name, plain(map.get(name), at + "." + name));
    }
    return out;
  }

  private Object plain(JsonNode value, String at) {
    if (value.isObject()) {
      return plainMap(value, at);
    } else if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        list.add(plain(value.get(i), at + "[" + i + "]"));
      }
      return list;
    } else if (value.isBoolean()) {
      return value.booleanValue();
    } else if (value.isIntegralNumber()) {
      return value.longValue();
    } else if (value.isNumber()) {
      return value.doubleValue();
    } else if (value.isNull()) {
      return "";
    }
    return substitute(value.asString(), at);
  }

  /**
   * Runs a setter; an {@link IllegalArgumentException} or {@link NotionConfigException} it throws
   * becomes a problem at the key (at {@code key[i]} for a bad list item).
   */
  public void apply(String key, Runnable setter) {
    try {
      setter.run();
    } catch (ServerConfig.InvalidItem e) {
      context.problems().add(new ConfigProblem(path(key) + "[" + e.index() + "]", message(e)));
    } catch (IllegalArgumentException | NotionConfigException e) {
      problem(key, message(e));
    }
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? "is not valid" : e.getMessage();
  }

  private String substitute(String value, String at) {
    return context
        .env()
        .apply(
            value,
            name ->
                context
                    .problems()
                    .add(new ConfigProblem(at, "environment variable " + name + " is not set")));
  }

  /** A short, secret-free description of why a file could not be read. */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName();
  }
}
