package org.okpay.payments.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Saturdays and Sundays do not count; the time of day is kept. */
class BusinessDaysTest {

  @ParameterizedTest(name = "{0} + {1} business days = {2}")
  @CsvSource({
      // 2026-11-27 is a Friday.
      "2026-11-27T15:00:00Z, 1, 2026-11-30T15:00:00Z",
      "2026-11-28T10:00:00Z, 1, 2026-11-30T10:00:00Z", // Saturday
      "2026-11-29T23:59:00Z, 1, 2026-11-30T23:59:00Z", // Sunday
      "2026-11-26T09:00:00Z, 3, 2026-12-01T09:00:00Z", // Thursday to Tuesday
      "2026-11-23T08:00:00Z, 5, 2026-11-30T08:00:00Z", // Monday to Monday
      "2026-11-25T12:00:00Z, 0, 2026-11-25T12:00:00Z",
      "2026-12-31T12:00:00Z, 1, 2027-01-01T12:00:00Z"}) // no public holidays
  void addsBusinessDays(Instant from, int days, Instant expected) {
    assertThat(BusinessDays.add(from, days)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"-1", "367"})
  void refusesDaysOutsideItsBounds(int days) {
    assertThatThrownBy(() -> BusinessDays.add(Instant.EPOCH, days))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
