package dev.notionoauth.webhook;

import dev.notionoauth.Installation;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionApiException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a webhook consumer receives: one event, typed, with the installations it concerns (never
 * empty: an event that concerns no installation is kept as unmatched and delivered to nobody).
 *
 * @param event the event, by category
 * @param installations the installations it was routed to (by workspace, then {@code
 *     accessible_by})
 * @param attempt this delivery attempt to the consumers, from 1 (a retry repeats every consumer)
 */
public record WebhookDelivery(WebhookEvent event, List<Installation> installations, int attempt) {

  /** Copies the list. */
  public WebhookDelivery {
    installations = List.copyOf(installations);
  }

  /**
   * Fetches the entity's current state through the API with the first matching installation's token
   * (refreshed on a 401, within Notion's limits), for the categories the API can read: page,
   * database, data source, comment and file upload.
   *
   * @param installations the installations service that holds the tokens
   * @return the entity's JSON
   * @throws NotionApiException when Notion refuses (for example the entity is gone or unshared)
   * @throws UnsupportedOperationException for views and unknown types
   */
  public JsonNode fetchEntity(Installations installations) {
    String id = event.envelope().entity().id();
    String path =
        switch (event.envelope().category()) {
          case "page" -> "/v1/pages/" + id;
          case "database" -> "/v1/databases/" + id;
          case "data_source" -> "/v1/data_sources/" + id;
          case "comment" -> "/v1/comments/" + id;
          case "file_upload" -> "/v1/file_uploads/" + id;
          default ->
              throw new UnsupportedOperationException(
                  "events of type " + event.envelope().type() + " cannot be fetched by id");
        };
    return installations.api(this.installations.get(0).botId()).get(path);
  }
}
