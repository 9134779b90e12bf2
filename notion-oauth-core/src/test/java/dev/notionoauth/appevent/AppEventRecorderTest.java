package dev.notionoauth.appevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.TokenResponse;
import dev.notionoauth.spi.AppEventStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppEventRecorderTest {
  private static Installation installation() {
    TokenResponse token =
        TokenResponse.fromJson(
            "{\"access_token\":\"ntn_recorder\",\"token_type\":\"bearer\","
                + "\"bot_id\":\"b3414d65-1224-4f5a-b1c8-3c2a8d1f0e10\","
                + "\"workspace_id\":\"a5cd917a-a3d7-4a41-b9c5-c9d1b0c5c7e5\","
                + "\"owner\":{\"type\":\"workspace\",\"workspace\":true}}");
    return Installation.from(
        token, FlowContext.of("user-id", "42"), true, Instant.parse("2026-12-05T10:00:00Z"));
  }

  /** The outbox, whose first {@code failures} writes fail, as on a full disk. */
  private static AppEventStore fullForAWhile(InMemoryAppEventStore outbox, int failures) {
    AtomicInteger left = new AtomicInteger(failures);
    return (AppEventStore)
        Proxy.newProxyInstance(
            AppEventStore.class.getClassLoader(),
            new Class<?>[] {AppEventStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("add") && left.getAndDecrement() > 0) {
                throw new IllegalStateException("database or disk is full");
              }
              return method.invoke(outbox, args);
            });
  }

  @Test
  void anEventWhoseOutboxIsFullForAWhileIsWrittenOnceThereIsRoomAgain() {
    InMemoryAppEventStore outbox = new InMemoryAppEventStore();
    AtomicInteger woken = new AtomicInteger();
    AppEventRecorder recorder =
        new AppEventRecorder(
            fullForAWhile(outbox, 3),
            EnumSet.of(AppEventType.INSTALLATION_CREATED),
            Clock.systemUTC(),
            woken::incrementAndGet);

    recorder.onSaved(installation(), false);

    assertThat(outbox.list(Optional.empty(), 10))
        .singleElement()
        .satisfies(e -> assertThat(e.event().type()).isEqualTo(AppEventType.INSTALLATION_CREATED));
    assertThat(woken).hasValue(1);
  }
}
