package dev.notionoauth.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "999.1.1.1",
        "1.2.3.256",
        "010.0.0.1",
        "1.2.3",
        "localhost",
        "example.org",
        "10.0.0.0/33",
        "::1/129",
        "1.2.3.4/x",
        ""
      })
  void anythingButAnExactLiteralOrRangeIsRefusedWithoutALookup(String text) {
    assertThat(Cidr.isValid(text)).isFalse();
  }

  @Test
  void literalsAndRangesMatchByBits() throws Exception {
    Cidr ten = Cidr.parse("10.0.0.0/8");
    Cidr v6 = Cidr.parse("fd00::/8");

    assertThat(ten.contains(InetAddress.getByName("10.200.1.1"))).isTrue();
    assertThat(ten.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(v6.contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(Cidr.isValid("127.0.0.1")).isTrue();
    assertThat(Cidr.isValid("::1")).isTrue();
  }
}
