package dev.notionoauth;

import dev.notionoauth.internal.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Notion user who authorized an integration, as sent in a token response's {@code owner}. Which
 * fields are present depends on the integration's user capabilities: without the email capability
 * Notion sends {@code "person": {}}.
 *
 * @param id the user's id (UUID)
 * @param name display name, if shared
 * @param avatarUrl avatar image URL, if any (a third-party URL: never load it into our pages)
 * @param type {@code person} or {@code bot}, if sent
 * @param email the person's email, if the integration may read it
 * @param emailVerified whether Notion verified that email, if sent
 */
public record NotionUser(
    String id,
    @Nullable String name,
    @Nullable String avatarUrl,
    @Nullable String type,
    @Nullable String email,
    @Nullable Boolean emailVerified) {

  static NotionUser fromJson(JsonNode user) {
    String what = "token response owner.user";
    String email = null;
    Boolean verified = null;
    JsonNode person = user.get("person");
    if (person != null && person.isObject()) {
      email = Json.optionalString(person, "email", what + ".person");
      verified = Json.optionalBoolean(person, "email_verified", what + ".person");
    }
    return new NotionUser(
        Json.requiredString(user, "id", what),
        Json.optionalString(user, "name", what),
        Json.optionalString(user, "avatar_url", what),
        Json.optionalString(user, "type", what),
        email,
        verified);
  }

  void writeTo(ObjectNode user) {
    user.put("object", "user");
    user.put("id", id);
    Json.putNullable(user, "name", name);
    Json.putNullable(user, "avatar_url", avatarUrl);
    if (type != null) {
      user.put("type", type);
    }
    if (email != null || emailVerified != null || "person".equals(type)) {
      ObjectNode person = user.putObject("person");
      if (email != null) {
        person.put("email", email);
      }
      if (emailVerified != null) {
        person.put("email_verified", emailVerified.booleanValue());
      }
    }
  }
}
