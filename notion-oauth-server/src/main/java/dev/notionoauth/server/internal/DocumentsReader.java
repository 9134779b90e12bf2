package dev.notionoauth.server.internal;

import dev.notionoauth.server.ServerConfig;
import dev.notionoauth.server.ServerConfigBuilder;

/**
 * Reads the {@code documents} section: URL paths mapped to a file, or to {@code {file,
 * content-type}}.
 */
public final class DocumentsReader {
  private DocumentsReader() {}

  /** Reads {@code node} into {@code config}. */
  public static void read(ConfigNode node, ServerConfigBuilder config) {
    for (String urlPath : node.dataKeys()) {
      if (node.isSection(urlPath)) {
        ConfigNode spec = node.section(urlPath);
        var contentType = spec.string("content-type");
        spec.file("file")
            .ifPresentOrElse(
                file ->
                    node.apply(
                        urlPath,
                        () ->
                            config.document(
                                urlPath, ServerConfig.Document.of(file, contentType.orElse(null)))),
                () -> spec.problem("file", "is required"));
      } else {
        node.string(urlPath)
            .ifPresent(
                file ->
                    node.apply(
                        urlPath,
                        () ->
                            config.document(
                                urlPath, ServerConfig.Document.of(node.resolve(file), null))));
      }
    }
  }
}
