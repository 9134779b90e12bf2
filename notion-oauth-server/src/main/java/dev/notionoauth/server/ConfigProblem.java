package dev.notionoauth.server;

/**
 * One mistake in a configuration file.
 *
 * @param path the key's path, e.g. {@code notion.client-secret}, or the file for file-level
 *     problems
 * @param message what is wrong, never including a secret's value
 */
public record ConfigProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
