package dev.notionoauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.MutableClock;
import dev.notionoauth.spi.AuditStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private static final AuditAction ACTION = new AuditAction("GET", "/api/v1/installations", null);
  private static final AuditEntry.Result OK = new AuditEntry.Result(200, Duration.ofMillis(3));

  @Test
  void recordedEntriesAreWrittenOnFlushWithIdsThatSortLikeTheirTimes() {
    MutableClock clock = new MutableClock();
    InMemoryAuditStore store = new InMemoryAuditStore();
    AuditLog log = AuditLog.builder(store).clock(clock).build();
    log.record(AuditActor.key("first", "10.0.0.1"), ACTION, OK);
    clock.advance(Duration.ofMillis(1));
    log.record(AuditActor.key("second", "10.0.0.1"), ACTION, OK);
    assertThat(store.list(AuditQuery.newest(10))).isEmpty();

    log.flush();

    List<AuditEntry> entries = store.list(AuditQuery.newest(10));
    assertThat(entries).extracting(e -> e.actor().name()).containsExactly("second", "first");
    assertThat(entries.get(0).id()).isGreaterThan(entries.get(1).id());
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlockingTheCall() {
    InMemoryAuditStore store = new InMemoryAuditStore();
    AuditLog log = AuditLog.builder(store).capacity(2).build();
    for (int i = 0; i < 5; i++) {
      log.record(AuditActor.anonymous("10.0.0.1"), ACTION, OK);
    }
    assertThat(log.dropped()).isEqualTo(3);
    log.flush();
    assertThat(store.list(AuditQuery.newest(10))).hasSize(2);
  }

  @Test
  void aStoreThatFailsLosesTheBatchCountedButNotTheLog() {
    AuditStore broken =
        new AuditStore() {
          @Override
          public void append(List<AuditEntry> entries) {
            throw new IllegalStateException("database down");
          }

          @Override
          public List<AuditEntry> list(AuditQuery query) {
            return List.of();
          }

          @Override
          public int deleteBefore(java.time.Instant cutoff) {
            return 0;
          }
        };
    AuditLog log = AuditLog.builder(broken).build();
    log.record(AuditActor.anonymous("10.0.0.1"), ACTION, OK);
    log.flush();
    assertThat(log.dropped()).isEqualTo(1);
  }

  @Test
  void entriesOlderThanTheRetentionAreDeletedAtMostHourly() {
    MutableClock clock = new MutableClock();
    InMemoryAuditStore store = new InMemoryAuditStore();
    AuditLog log = AuditLog.builder(store).clock(clock).retention(Duration.ofHours(1)).build();
    log.flush(); // the first purge: the next is due an hour later
    clock.advance(Duration.ofMinutes(31));
    log.record(AuditActor.key("a", "10.0.0.1"), ACTION, OK);
    log.flush();
    clock.advance(Duration.ofMinutes(59)); // a purge is due; the entry is 59 minutes old
    log.flush();
    clock.advance(Duration.ofMinutes(15)); // the entry has expired; the next purge is not due
    log.flush();
    assertThat(store.list(AuditQuery.newest(10))).hasSize(1);

    clock.advance(Duration.ofMinutes(45));
    log.flush();
    assertThat(store.list(AuditQuery.newest(10))).isEmpty();
  }

  @Test
  void closeWritesWhatIsQueuedAndStopsTheWriter() {
    InMemoryAuditStore store = new InMemoryAuditStore();
    AuditLog log = AuditLog.builder(store).build().start();
    log.record(AuditActor.anonymous("10.0.0.1"), ACTION, OK);
    log.close();
    assertThat(store.list(AuditQuery.newest(10))).hasSize(1);
  }
}
