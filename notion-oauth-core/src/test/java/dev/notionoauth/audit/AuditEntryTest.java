package dev.notionoauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEntryTest {
  @Test
  void anIdIsTheMillisInTwelveHexDigitsThenFortyBitsInTen() {
    Instant at = Instant.ofEpochMilli(0x18c_2f3a_4b5cL);
    String id = AuditEntry.idAt(at);
    assertThat(id).hasSize(22).matches("[0-9a-f]{22}").startsWith("018c2f3a4b5c");
    assertThat(Long.parseLong(id.substring(12), 16)).isLessThan(1L << 40);
  }

  @Test
  void idsSortLikeTheirTimes() {
    Instant at = Instant.parse("2026-12-05T10:00:00Z");
    assertThat(AuditEntry.idAt(at.plusMillis(1))).isGreaterThan(AuditEntry.idAt(at));
    assertThat(AuditEntry.idAt(Instant.EPOCH)).startsWith("000000000000");
  }

  @Test
  void idsMadeInTheSameMillisecondSortInTheOrderTheyWereMade() {
    Instant at = Instant.parse("2026-12-05T10:00:00Z");
    String previous = AuditEntry.idAt(at);
    for (int i = 0; i < 1000; i++) {
      String next = AuditEntry.idAt(at);
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
  }
}
