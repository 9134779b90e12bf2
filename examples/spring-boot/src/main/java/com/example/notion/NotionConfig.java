package com.example.notion;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.FlowContext;
import dev.notionoauth.HttpReply;
import dev.notionoauth.Installation;
import dev.notionoauth.servlet.InstallContextResolver;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.TokenConsumer;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The three beans that fit notion-oauth-handler into this app. */
@Configuration
public class NotionConfig {

  // snippet:context-resolver
  /** Installs belong to the logged-in user: their id comes from the session, never the URL. */
  @Bean
  InstallContextResolver installContextResolver() {
    return request -> {
      HttpSession session = request.getSession(false);
      Object user = session == null ? null : session.getAttribute(LoginController.USER);
      return user == null
          ? Optional.empty() // not logged in: 400, nobody is sent to Notion
          : Optional.of(FlowContext.of("user-id", user.toString()));
    };
  }
  // end-snippet

  // snippet:consumer
  /**
   * Keeps the app's own record of the connection; the token pair is already stored (sealed, for API
   * calls) by the flow, which hands over the stored installation.
   */
  @Bean
  TokenConsumer tokenConsumer(JdbcTemplate db, Clock clock) {
    return (CallbackOutcome.Authorized a) -> {
      Installation saved = Objects.requireNonNull(a.installation());
      db.update(
          "INSERT INTO connected_workspace (user_id, bot_id, workspace_name, connected_at)"
              + " VALUES (?, ?, ?, ?) ON CONFLICT (bot_id) DO UPDATE SET user_id = excluded.user_id,"
              + " workspace_name = excluded.workspace_name, connected_at = excluded.connected_at",
          a.context().get("user-id").orElseThrow(),
          saved.botId(),
          saved.workspace().name(),
          clock.instant().toString());
    };
  }
  // end-snippet

  /** Sends the user back into the app after Notion, instead of a standalone result page. */
  @Bean
  ResponseView responseView() {
    return new ResponseView() {
      @Override
      public HttpReply authorized(CallbackOutcome.Authorized outcome) {
        return back("/workspaces?connected=1");
      }

      @Override
      public HttpReply denied(CallbackOutcome.Denied outcome) {
        return back("/workspaces?cancelled=1");
      }

      @Override
      public HttpReply failed(CallbackOutcome.Failed outcome) {
        return back("/workspaces?failed=" + outcome.reason().name().toLowerCase(java.util.Locale.ROOT));
      }

      private HttpReply back(String location) {
        return new HttpReply(303, Map.of("Location", location, "Cache-Control", "no-store"), "");
      }
    };
  }
}
