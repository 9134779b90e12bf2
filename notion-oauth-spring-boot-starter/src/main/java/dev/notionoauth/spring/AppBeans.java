package dev.notionoauth.spring;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.HttpReply;
import dev.notionoauth.servlet.InstallContextResolver;
import dev.notionoauth.servlet.NotionOAuthComponentsBuilder;
import dev.notionoauth.spi.InstallationListener;
import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.webhook.WebhookDelivery;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The app's own plugin beans, handed to the composition root in place of the built-in plugins. Each
 * is looked up when first used, not when the root is built: an app's consumer may itself depend on
 * the {@code Installations} bean, which the root makes (an eager lookup would be a cycle). Whether
 * the app has one is decided by bean names alone, which creates nothing.
 */
final class AppBeans {
  private AppBeans() {}

  static void addTo(NotionOAuthComponentsBuilder b, ListableBeanFactory beans) {
    if (has(beans, TokenConsumer.class)) {
      b.consumer(consumer(beans));
    }
    if (has(beans, ResponseView.class)) {
      b.view(view(beans));
    }
    if (has(beans, InstallContextResolver.class)) {
      b.contextResolver(request -> beans.getBean(InstallContextResolver.class).resolve(request));
    }
    if (has(beans, InstallationListener.class)) {
      b.listenerInstances(
          List.of(
              change ->
                  beans
                      .getBeanProvider(InstallationListener.class)
                      .orderedStream()
                      .forEach(l -> l.onStatusChange(change))));
    }
    if (has(beans, WebhookConsumer.class)) {
      b.webhookConsumerInstances(List.of(AppBeans.webhookConsumers(beans)));
    }
  }

  private static boolean has(ListableBeanFactory beans, Class<?> type) {
    return beans.getBeanNamesForType(type, true, false).length > 0;
  }

  private static TokenConsumer consumer(ListableBeanFactory beans) {
    return new TokenConsumer() {
      @Override
      public void onAuthorized(CallbackOutcome.Authorized outcome) {
        beans.getBean(TokenConsumer.class).onAuthorized(outcome);
      }

      @Override
      public void onDenied(CallbackOutcome.Denied outcome) {
        beans.getBean(TokenConsumer.class).onDenied(outcome);
      }

      @Override
      public void onFailed(CallbackOutcome.Failed outcome) {
        beans.getBean(TokenConsumer.class).onFailed(outcome);
      }
    };
  }

  private static ResponseView view(ListableBeanFactory beans) {
    return new ResponseView() {
      @Override
      public HttpReply authorized(CallbackOutcome.Authorized outcome) {
        return beans.getBean(ResponseView.class).authorized(outcome);
      }

      @Override
      public HttpReply denied(CallbackOutcome.Denied outcome) {
        return beans.getBean(ResponseView.class).denied(outcome);
      }

      @Override
      public HttpReply failed(CallbackOutcome.Failed outcome) {
        return beans.getBean(ResponseView.class).failed(outcome);
      }
    };
  }

  /** Every webhook consumer bean, in order, as one: a failure of any retries the delivery. */
  private static WebhookConsumer webhookConsumers(ListableBeanFactory beans) {
    return (WebhookDelivery delivery) ->
        beans
            .getBeanProvider(WebhookConsumer.class)
            .orderedStream()
            .forEach(c -> c.onEvent(delivery));
  }
}
