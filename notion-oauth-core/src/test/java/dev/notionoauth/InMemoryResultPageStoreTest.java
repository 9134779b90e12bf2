package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;

/** What the in-memory store adds to the contract: when full, the oldest page goes (review L4). */
class InMemoryResultPageStoreTest {
  @RepeatedTest(20)
  void whenFullTheOldestPageIsDroppedFirstAndTheNewestSurvive() {
    MutableClock clock = new MutableClock();
    InMemoryResultPageStore store = new InMemoryResultPageStore(clock, Duration.ofMinutes(10), 3);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(store.put(new HttpReply(200, Map.of(), "page " + i)));
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(store.get(ids.get(0))).isEmpty();
    assertThat(store.get(ids.get(1))).isEmpty();
    assertThat(store.get(ids.get(2)).orElseThrow().body()).isEqualTo("page 2");
    assertThat(store.get(ids.get(4)).orElseThrow().body()).isEqualTo("page 4");
  }
}
