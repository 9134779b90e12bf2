package dev.notionoauth;

import dev.notionoauth.internal.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who owns the integration's access: a user (every current public integration) or, for legacy
 * workspace-level tokens, the workspace. An owner type this library does not know yet is kept as
 * {@link Other} rather than failing the install.
 */
public sealed interface Owner {

  /**
   * A user-level token, owned by the user who authorized it.
   *
   * @param user the user
   */
  record User(NotionUser user) implements Owner {}

  /** A legacy workspace-level token ({@code {"type":"workspace","workspace":true}}). */
  record Workspace() implements Owner {}

  /**
   * An owner type Notion added after this library was written.
   *
   * @param type the {@code type} Notion sent
   */
  record Other(String type) implements Owner {}

  /** Parses the {@code owner} object of a token response. */
  static Owner fromJson(JsonNode owner) {
    String type = Json.requiredString(owner, "type", "token response owner");
    switch (type) {
      case "user":
        return new User(
            NotionUser.fromJson(Json.requiredObject(owner, "user", "token response owner")));
      case "workspace":
        return new Workspace();
      default:
        return new Other(type);
    }
  }

  /** Writes this owner in Notion's wire form. */
  default void writeTo(ObjectNode owner) {
    if (this instanceof User u) {
      owner.put("type", "user");
      u.user().writeTo(owner.putObject("user"));
    } else if (this instanceof Workspace) {
      owner.put("type", "workspace");
      owner.put("workspace", true);
    } else if (this instanceof Other o) {
      owner.put("type", o.type());
    }
  }
}
