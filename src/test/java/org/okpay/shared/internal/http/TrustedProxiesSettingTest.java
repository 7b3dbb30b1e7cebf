package org.okpay.shared.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The setting as the valve reads it, and the entries that stop start-up. */
class TrustedProxiesSettingTest {

  @Test
  void singleAddressesBecomeRangesSoTheValveNeverReadsARegularExpression() {
    assertThat(new TrustedProxies(List.of("127.0.0.0/8", "::1", " 10.0.0.7 ", "")).asCidrList())
        .isEqualTo("127.0.0.0/8, ::1/128, 10.0.0.7/32");
  }

  @Test
  void anEmptyListTrustsNoProxy() {
    assertThat(new TrustedProxies(List.of()).asCidrList()).isEmpty();
    assertThat(new TrustedProxies(null).asCidrList()).isEmpty();
  }

  @Test
  void hostNamesRegularExpressionsAndBadRangesAreRefused() {
    for (String bad : List.of("proxy.internal", "10\\.\\d+\\.0\\.1", "10.0.0.0/33", "10.0.0",
        "::1/129", "*", "cafe", "10.0.0.1/8/8")) {
      assertThatThrownBy(() -> new TrustedProxies(List.of(bad)).asCidrList())
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("okpay.http.trusted-proxies");
    }
  }
}
