package dev.notionoauth.server.internal.console;

import static dev.notionoauth.web.Html.escape;

import dev.notionoauth.Installation;
import dev.notionoauth.apikey.ApiKey;
import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.appevent.StoredAppEvent;
import dev.notionoauth.audit.AuditEntry;
import dev.notionoauth.audit.AuditQuery;
import dev.notionoauth.store.jdbc.CallbackHours;
import dev.notionoauth.store.jdbc.InstallationSummary;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.webhook.StoredWebhookEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The console's page bodies, from the stores: every value escaped as it is written, lists in cursor
 * pages (by bot id, or newest first by id), never a token, a key or a secret.
 */
final class ConsoleViews {
  static final int PAGE = 50;

  private final String base;
  private final JdbcStores stores;
  private final Clock clock;

  ConsoleViews(String base, JdbcStores stores, Clock clock) {
    this.base = base;
    this.stores = stores;
    this.clock = clock;
  }

  private static @Nullable String param(HttpServletRequest request, String name) {
    String v = request.getParameter(name);
    return v == null || v.isBlank() || v.length() > 200 ? null : v.strip();
  }

  private String link(String path, String text) {
    return "<a href=\"" + escape(base + path) + "\">" + escape(text) + "</a>";
  }

  private static String status(Installation.Status s) {
    return s.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  String signIn(String token, @Nullable String error) {
    return (error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
        + "<form method=\"post\" action=\""
        + escape(base + "/sign-in")
        + "\">"
        + ConsolePage.csrfField(token)
        + "<label for=\"name\">Name</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required>"
        + "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\""
        + " autocomplete=\"current-password\" required>"
        + "<p><button>Sign in</button></p></form>";
  }

  String overview() {
    var summaries = stores.installationSummaries();
    StringBuilder h = new StringBuilder("<h2>Installations by status</h2><div class=\"cards\">");
    for (Map.Entry<Installation.Status, Long> e : summaries.countByStatus().entrySet()) {
      h.append("<div class=\"card\"><strong>")
          .append(e.getValue())
          .append("</strong>")
          .append(link("/installations?status=" + e.getKey().name(), status(e.getKey())))
          .append("</div>");
    }
    h.append("</div><h2>Installs per hour, last 24 hours</h2>")
        .append(
            ConsolePage.bars("Installs per hour", summaries.createdPerHour(clock.instant(), 24)))
        .append("<h2>Callbacks per hour by outcome, last 24 hours</h2>")
        .append(callbacks())
        .append("<h2>Webhook events per hour, last 24 hours</h2>")
        .append(
            ConsolePage.bars(
                "Webhook events per hour",
                stores.webhookStore().receivedPerHour(clock.instant(), 24)))
        .append("<h2>Top reasons for re-authorization</h2>");
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Long> e : summaries.topNeedsReauthReasons(5)) {
      rows.add(List.of(escape(e.getKey()), Long.toString(e.getValue())));
    }
    h.append(
        rows.isEmpty()
            ? "<p class=\"muted\">No installation needs re-authorization.</p>"
            : ConsolePage.table("Reasons", List.of("Reason", "Installations"), rows));
    return h.toString();
  }

  /** Callbacks by outcome per hour, over every instance (the current hour last). */
  private String callbacks() {
    Map<CallbackHours.Outcome, long[]> hours = stores.callbackHours().perHour(clock.instant(), 24);
    return ConsolePage.stackedBars(
        "Callbacks per hour",
        List.of("authorized", "denied", "failed"),
        List.copyOf(hours.values()), // in the order of CallbackHours.Outcome, as named
        List.of("#2383e2", "#9b9a97", "#e03e3e"));
  }

  String installations(HttpServletRequest request) {
    String q = param(request, "q");
    String statusParam = param(request, "status");
    Installation.Status status = null;
    for (Installation.Status s : Installation.Status.values()) {
      if (s.name().equals(statusParam)) {
        status = s;
      }
    }
    String after = param(request, "after");
    List<InstallationSummary> page =
        stores.installationSummaries().search(q, status, after, PAGE + 1);
    StringBuilder h =
        new StringBuilder("<form method=\"get\" action=\"")
            .append(escape(base + "/installations"))
            .append("\"><label for=\"q\">Workspace name, bot id or context value</label>")
            .append("<input id=\"q\" name=\"q\" value=\"")
            .append(escape(q == null ? "" : q))
            .append(
                "\"> <label for=\"status\">Status</label><select id=\"status\" name=\"status\">")
            .append("<option value=\"\">any</option>");
    for (Installation.Status s : Installation.Status.values()) {
      h.append("<option value=\"")
          .append(s.name())
          .append(s == status ? "\" selected>" : "\">")
          .append(status(s))
          .append("</option>");
    }
    h.append("</select> <button>Search</button></form>");
    List<List<String>> rows = new ArrayList<>();
    for (InstallationSummary i : page.subList(0, Math.min(PAGE, page.size()))) {
      rows.add(
          List.of(
              link(
                  "/installations/" + i.botId(),
                  i.workspaceName() == null ? i.workspaceId() : i.workspaceName()),
              escape(i.botId()),
              escape(status(i.status())),
              escape(i.context().values().toString()),
              escape(i.createdAt().toString())));
    }
    h.append(
        ConsolePage.table(
            "Installations", List.of("Workspace", "Bot id", "Status", "Context", "Created"), rows));
    if (page.size() > PAGE) {
      String next =
          "/installations?after="
              + enc(page.get(PAGE - 1).botId())
              + (q == null ? "" : "&q=" + enc(q))
              + (status == null ? "" : "&status=" + status.name());
      h.append("<p>").append(link(next, "Next page")).append("</p>");
    }
    return h.toString();
  }

  private static String enc(String v) {
    return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
  }

  Optional<String> installation(String botId, String csrf) {
    Optional<InstallationSummary> found = stores.installationSummaries().find(botId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    InstallationSummary i = found.get();
    List<List<String>> facts =
        List.of(
            List.of(
                "Workspace",
                escape(String.valueOf(i.workspaceName()))
                    + " <span class=\"muted\">"
                    + escape(i.workspaceId())
                    + "</span>"),
            List.of("Bot id", escape(i.botId())),
            List.of(
                "Status",
                escape(status(i.status()))
                    + " since "
                    + escape(i.health().since().toString())
                    + ": "
                    + escape(i.health().reason())),
            List.of("Context", escape(i.context().values().toString())),
            List.of(
                "Token version",
                Long.toString(i.tokenVersion())
                    + (i.hasRefreshToken() ? "" : " (no refresh token)")),
            List.of("Created / updated", escape(i.createdAt() + " / " + i.updatedAt())),
            List.of("Last refresh", escape(String.valueOf(i.refreshedAt()))));
    StringBuilder h = new StringBuilder(ConsolePage.table("Installation", List.of("", ""), facts));
    h.append("<h2>Actions</h2><p>");
    if (i.status() != Installation.Status.REVOKED) {
      h.append(
              ConsolePage.button(
                  base + "/installations/" + botId + "/revoke", csrf, "Revoke at Notion", true))
          .append(' ');
    }
    h.append(
            ConsolePage.button(
                base + "/installations/" + botId + "/reconnect-link",
                csrf,
                "Make a reconnect link",
                false))
        .append(' ')
        .append(link("/installations/" + botId + "/delete", "Delete…"))
        .append("</p><h2>History: health changes, API and console calls</h2>");
    List<List<String>> calls = new ArrayList<>();
    for (AuditEntry e : stores.auditStore().list(AuditQuery.newest(20).botId(botId))) {
      calls.add(auditRow(e));
    }
    h.append(ConsolePage.table("History", AUDIT_HEADERS, calls));
    List<List<String>> events = new ArrayList<>();
    for (StoredWebhookEvent e : stores.webhookStore().routedTo(botId, 20)) {
      events.add(
          List.of(
              escape(e.receivedAt().toString()),
              escape(e.type()),
              escape(e.status().name()),
              escape(e.lastError() == null ? "" : e.lastError())));
    }
    h.append("<h2>Webhook events routed to it</h2>")
        .append(
            ConsolePage.table(
                "Newest first", List.of("Received", "Type", "Status", "Last error"), events));
    return Optional.of(h.toString());
  }

  String confirmDelete(String botId, String csrf) {
    return "<p>Delete the installation <strong>"
        + escape(botId)
        + "</strong>? Its tokens are forgotten here (revoke first to end them at Notion).</p><p>"
        + ConsolePage.button(
            base + "/installations/" + botId + "/delete", csrf, "Delete for good", true)
        + " "
        + link("/installations/" + botId, "Cancel")
        + "</p>";
  }

  String reconnectLink(String botId, URI link, Duration validity) {
    return "<p>Send this link to the workspace owner of <strong>"
        + escape(botId)
        + "</strong>; it works once, for "
        + validity.toMinutes()
        + " minutes.</p><label for=\"link\">Reconnect link</label><input id=\"link\" readonly value=\""
        + escape(link.toString())
        + "\"><p>"
        + link("/installations/" + botId, "Back to the installation")
        + "</p>";
  }

  String webhooks(HttpServletRequest request, String csrf) {
    Optional<StoredWebhookEvent.Status> status = Optional.empty();
    String p = param(request, "status");
    for (StoredWebhookEvent.Status s : StoredWebhookEvent.Status.values()) {
      if (s.name().equals(p)) {
        status = Optional.of(s);
      }
    }
    StringBuilder h =
        new StringBuilder("<p>")
            .append(link(ConsoleCapture.PATH, "Verification token and capture window"))
            .append("</p><p>");
    for (StoredWebhookEvent.Status s : StoredWebhookEvent.Status.values()) {
      h.append(
              link(
                  "/webhooks?status=" + s.name(),
                  s.name().toLowerCase(java.util.Locale.ROOT)
                      + " ("
                      + stores.webhookStore().count(s)
                      + ")"))
          .append(' ');
    }
    h.append("</p>");
    List<List<String>> rows = new ArrayList<>();
    for (StoredWebhookEvent e : stores.webhookStore().list(status, PAGE)) {
      rows.add(
          List.of(
              escape(e.receivedAt().toString()),
              escape(e.type()),
              escape(e.status().name()),
              escape(String.join(", ", e.installations())),
              escape(e.lastError() == null ? "" : e.lastError()),
              e.status() == StoredWebhookEvent.Status.FAILED
                  ? ConsolePage.button(
                      base + "/webhooks/" + e.id() + "/replay", csrf, "Replay", false)
                  : ""));
    }
    return h.append(
            ConsolePage.table(
                "Webhook events, newest first",
                List.of("Received", "Type", "Status", "Routed to", "Last error", ""),
                rows))
        .toString();
  }

  String appEvents(HttpServletRequest request, String csrf) {
    boolean failed = "1".equals(request.getParameter("failed"));
    List<List<String>> rows = new ArrayList<>();
    for (StoredAppEvent e :
        stores
            .appEventStore()
            .list(failed ? Optional.of(StoredAppEvent.Status.DEAD) : Optional.empty(), PAGE)) {
      rows.add(
          List.of(
              escape(e.event().createdAt().toString()),
              escape(e.event().type().wireName()),
              escape(e.status().name()),
              Integer.toString(e.attempts()),
              escape(e.lastError() == null ? "" : e.lastError()),
              e.status() == StoredAppEvent.Status.DEAD
                  ? ConsolePage.button(
                      base + "/app-events/" + e.event().id() + "/replay", csrf, "Replay", false)
                  : ""));
    }
    return "<p>"
        + link("/app-events", "All")
        + " "
        + link("/app-events?failed=1", "Dead letters")
        + "</p>"
        + ConsolePage.table(
            "Events to the app, newest first",
            List.of("Created", "Type", "Status", "Attempts", "Last error", ""),
            rows);
  }

  String apiKeys(List<ApiKey> keys, String csrf, @Nullable String newSecret) {
    StringBuilder h = new StringBuilder();
    if (newSecret != null) {
      h.append(
              "<p class=\"notice\" role=\"status\">The new key, shown this once (only its hash is kept):</p>")
          .append("<label for=\"secret\">New API key</label><input id=\"secret\" readonly value=\"")
          .append(escape(newSecret))
          .append("\">");
    }
    List<List<String>> rows = new ArrayList<>();
    for (ApiKey k : keys) {
      rows.add(
          List.of(
              escape(k.name()),
              escape(k.scopes().stream().map(ApiScope::wireName).sorted().toList().toString()),
              escape(k.createdAt().toString()),
              escape(k.lastUsed().map(Object::toString).orElse("never")),
              ConsolePage.button(
                  base + "/api-keys/" + k.name() + "/revoke", csrf, "Revoke", true)));
    }
    h.append(
            ConsolePage.table(
                "API keys", List.of("Name", "Scopes", "Created", "Last used", ""), rows))
        .append("<h2>Create a key</h2><form method=\"post\" action=\"")
        .append(escape(base + "/api-keys"))
        .append("\">")
        .append(ConsolePage.csrfField(csrf))
        .append(
            "<label for=\"key-name\">Name</label><input id=\"key-name\" name=\"name\" required>")
        .append("<fieldset><legend>Scopes</legend>");
    for (ApiScope s : ApiScope.values()) {
      String id = "scope-" + s.wireName().replace(':', '-');
      h.append("<input type=\"checkbox\" name=\"scope\" id=\"")
          .append(id)
          .append("\" value=\"")
          .append(escape(s.wireName()))
          .append("\"> <label class=\"inline\" for=\"")
          .append(id)
          .append("\">")
          .append(escape(s.wireName()))
          .append("</label> ");
    }
    return h.append("</fieldset><p><button>Create</button></p></form>").toString();
  }

  private static final List<String> AUDIT_HEADERS =
      List.of("Time", "Who", "Address", "Action", "Bot id", "Status", "ms");

  private static List<String> auditRow(AuditEntry e) {
    return List.of(
        escape(e.at().toString()),
        escape(e.actor().kind().wireName() + " " + e.actor().name()),
        escape(e.actor().address()),
        escape(e.action().method() + " " + e.action().route()),
        escape(e.action().bot().orElse("")),
        Integer.toString(e.result().status()),
        String.format(java.util.Locale.ROOT, "%.1f", e.result().latency().toNanos() / 1e6));
  }

  String audit(HttpServletRequest request) {
    AuditQuery query = AuditQuery.newest(PAGE + 1);
    String actor = param(request, "actor");
    String bot = param(request, "bot");
    String before = param(request, "before");
    if (actor != null) {
      query = query.actorName(actor);
    }
    if (bot != null) {
      query = query.botId(bot);
    }
    if (before != null) {
      query = query.before(before);
    }
    List<AuditEntry> entries = stores.auditStore().list(query);
    List<List<String>> rows = new ArrayList<>();
    for (AuditEntry e : entries.subList(0, Math.min(PAGE, entries.size()))) {
      rows.add(auditRow(e));
    }
    StringBuilder h =
        new StringBuilder("<form method=\"get\" action=\"")
            .append(escape(base + "/audit"))
            .append(
                "\"><label for=\"actor\">Key or operator</label><input id=\"actor\" name=\"actor\" value=\"")
            .append(escape(actor == null ? "" : actor))
            .append("\"> <label for=\"bot\">Bot id</label><input id=\"bot\" name=\"bot\" value=\"")
            .append(escape(bot == null ? "" : bot))
            .append("\"> <button>Filter</button></form>")
            .append(
                ConsolePage.table(
                    "API calls and operator actions, newest first", AUDIT_HEADERS, rows));
    if (entries.size() > PAGE) {
      h.append("<p>")
          .append(
              link(
                  "/audit?before="
                      + enc(entries.get(PAGE - 1).id())
                      + (actor == null ? "" : "&actor=" + enc(actor))
                      + (bot == null ? "" : "&bot=" + enc(bot)),
                  "Older"))
          .append("</p>");
    }
    return h.toString();
  }
}
