package dev.notionoauth.webhook;

import dev.notionoauth.internal.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A webhook event by what it is about, for a {@code switch}: one record per documented category
 * ({@code page.*}, {@code database.*}, {@code data_source.*}, {@code comment.*}, {@code view.*},
 * {@code file_upload.*}), and {@link Unknown} with the raw JSON for any type Notion adds later.
 * Each holds the full envelope; {@code action} is the part of the type after the category (e.g.
 * {@code content_updated}). Payloads carry ids only: fetch current state through the API.
 */
public sealed interface WebhookEvent {

  /** The envelope it came in. */
  WebhookEnvelope envelope();

  /** A {@code page.*} event. */
  record Page(WebhookEnvelope envelope, String action) implements WebhookEvent {
    /** The page's id. */
    public String pageId() {
      return envelope.entity().id();
    }
  }

  /** A {@code database.*} event. */
  record Database(WebhookEnvelope envelope, String action) implements WebhookEvent {
    /** The database's id. */
    public String databaseId() {
      return envelope.entity().id();
    }
  }

  /** A {@code data_source.*} event. */
  record DataSource(WebhookEnvelope envelope, String action) implements WebhookEvent {
    /** The data source's id. */
    public String dataSourceId() {
      return envelope.entity().id();
    }
  }

  /**
   * A {@code comment.*} event.
   *
   * @param pageId the page the comment is on, from {@code data.page_id}, if sent
   */
  record Comment(WebhookEnvelope envelope, String action, @Nullable String pageId)
      implements WebhookEvent {
    /** The comment's id. */
    public String commentId() {
      return envelope.entity().id();
    }
  }

  /** A {@code view.*} event. */
  record View(WebhookEnvelope envelope, String action) implements WebhookEvent {
    /** The view's id. */
    public String viewId() {
      return envelope.entity().id();
    }
  }

  /** A {@code file_upload.*} event. */
  record FileUpload(WebhookEnvelope envelope, String action) implements WebhookEvent {
    /** The file upload's id. */
    public String fileUploadId() {
      return envelope.entity().id();
    }
  }

  /**
   * An event of a type this version does not know.
   *
   * @param json the event's JSON as received
   */
  record Unknown(WebhookEnvelope envelope, String json) implements WebhookEvent {}

  /**
   * Types an event.
   *
   * @param envelope the parsed envelope
   * @param json the body it was parsed from (kept by {@link Unknown})
   */
  static WebhookEvent of(WebhookEnvelope envelope, String json) {
    String type = envelope.type();
    int dot = type.indexOf('.');
    String action = dot < 0 ? "" : type.substring(dot + 1);
    return switch (envelope.category()) {
      case "page" -> new Page(envelope, action);
      case "database" -> new Database(envelope, action);
      case "data_source" -> new DataSource(envelope, action);
      case "comment" -> new Comment(envelope, action, pageIdOf(envelope));
      case "view" -> new View(envelope, action);
      case "file_upload" -> new FileUpload(envelope, action);
      default -> new Unknown(envelope, json);
    };
  }

  private static @Nullable String pageIdOf(WebhookEnvelope envelope) {
    JsonNode page = Json.parseObject(envelope.data(), "webhook event data").get("page_id");
    return page != null && page.isString() ? page.stringValue() : null;
  }
}
