package dev.notionoauth.spring.sample;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.FlowContext;
import dev.notionoauth.Installations;
import dev.notionoauth.servlet.InstallContextResolver;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.webhook.WebhookDelivery;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small app using the starter the way a product does: users log in (a session attribute), the
 * install takes the logged-in user from the session, a consumer of its own records who connected
 * what (and saves the installation), and a webhook consumer of its own.
 */
@SpringBootApplication
public class SampleApp {
  /** What the app's consumer saw: the user id of each authorization. */
  static final List<String> CONNECTED_USERS = new CopyOnWriteArrayList<>();

  /** What the app's webhook consumer saw. */
  static final List<WebhookDelivery> EVENTS = new CopyOnWriteArrayList<>();

  /** The logged-in user from the session; no user, no install (400, nobody sent to Notion). */
  @Bean
  InstallContextResolver installContextResolver() {
    return request -> {
      HttpSession session = request.getSession(false);
      Object user = session == null ? null : session.getAttribute("user-id");
      return user == null
          ? Optional.empty()
          : Optional.of(FlowContext.of("user-id", user.toString()));
    };
  }

  /** The app's own consumer: remembers who connected (the flow already stored the installation). */
  @Bean
  TokenConsumer tokenConsumer(Installations installations) {
    return (CallbackOutcome.Authorized a) -> {
      CONNECTED_USERS.add(a.context().values().get("user-id"));
      // an app's consumer may use the Installations bean: it is looked up when first used
      installations.find(java.util.Objects.requireNonNull(a.installation()).botId()).orElseThrow();
    };
  }

  /** The app's own webhook consumer. */
  @Bean
  WebhookConsumer webhookConsumer() {
    return EVENTS::add;
  }

  /** The app's login, reduced to a session attribute. */
  @RestController
  static class Login {
    @GetMapping("/login")
    String login(@RequestParam("user") String user, HttpSession session) {
      session.setAttribute("user-id", user);
      return "hello " + user;
    }
  }
}
