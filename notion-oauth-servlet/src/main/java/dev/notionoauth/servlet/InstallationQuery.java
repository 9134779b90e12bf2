package dev.notionoauth.servlet;

import dev.notionoauth.Installation;
import dev.notionoauth.spi.InstallationStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/installations}: filtered by {@code status}, {@code workspace_id} and one
 * {@code context.<key>=<value>}, in pages of {@code limit} (1–100, default 50) by bot id, the next
 * page asked for with the previous answer's {@code next_cursor}. A context or workspace filter
 * reads its (indexed) matches; without one, the store is read in bot-id order.
 */
final class InstallationQuery {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 100;
  private static final int SCAN_BATCH = 200;

  private final InstallationStore store;

  InstallationQuery(InstallationStore store) {
    this.store = store;
  }

  ObjectNode page(HttpServletRequest request) {
    Predicate<Installation> filter = i -> true;
    @Nullable String contextKey = null;
    @Nullable String contextValue = null;
    @Nullable String workspace = null;
    @Nullable String cursor = null;
    int limit = DEFAULT_LIMIT;
    for (Map.Entry<String, String> p : ApiJson.query(request.getQueryString()).entrySet()) {
      String name = p.getKey();
      String value = p.getValue();
      if (name.equals("status")) {
        Installation.Status status = status(value);
        filter = filter.and(i -> i.status() == status);
      } else if (name.equals("workspace_id")) {
        workspace = value;
      } else if (name.equals("cursor")) {
        cursor = value;
      } else if (name.equals("limit")) {
        limit = limit(value);
      } else if (name.startsWith("context.") && name.length() > "context.".length()) {
        if (contextKey != null) {
          throw invalid("Filter by one context key at a time.");
        }
        contextKey = name.substring("context.".length());
        contextValue = value;
      } else {
        throw invalid("Unknown query parameter '" + name + "'.");
      }
    }
    if (workspace != null) {
      String ws = workspace;
      filter = filter.and(i -> i.workspace().id().equals(ws));
    }
    List<Installation> found;
    if (contextKey != null) {
      String value = java.util.Objects.requireNonNull(contextValue);
      found = after(store.findByContext(contextKey, value), cursor, filter, limit + 1);
    } else if (workspace != null) {
      found = after(store.findByWorkspace(workspace), cursor, filter, limit + 1);
    } else {
      found = scan(cursor, filter, limit + 1);
    }
    boolean more = found.size() > limit;
    List<Installation> page = more ? found.subList(0, limit) : found;
    return ApiJson.list(page, more ? page.get(page.size() - 1).botId() : null);
  }

  private static List<Installation> after(
      List<Installation> matches,
      @Nullable String cursor,
      Predicate<Installation> filter,
      int max) {
    return matches.stream()
        .filter(i -> cursor == null || i.botId().compareTo(cursor) > 0)
        .filter(filter)
        .sorted(Comparator.comparing(Installation::botId))
        .limit(max)
        .toList();
  }

  private List<Installation> scan(
      @Nullable String cursor, Predicate<Installation> filter, int max) {
    List<Installation> out = new ArrayList<>();
    String after = cursor;
    while (out.size() < max) {
      List<Installation> batch = store.list(after, SCAN_BATCH);
      for (Installation i : batch) {
        if (filter.test(i) && out.size() < max) {
          out.add(i);
        }
      }
      if (batch.size() < SCAN_BATCH) {
        break;
      }
      after = batch.get(batch.size() - 1).botId();
    }
    return out;
  }

  private static Installation.Status status(String value) {
    try {
      return Installation.Status.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("'status' is one of active, needs_reauth, revoked.");
    }
  }

  private static int limit(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw invalid("'limit' is a whole number from 1 to " + MAX_LIMIT + ".");
  }

  private static ApiJson.Failure invalid(String message) {
    return new ApiJson.Failure(400, "validation_error", message);
  }
}
