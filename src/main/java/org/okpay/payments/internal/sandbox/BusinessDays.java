package org.okpay.payments.internal.sandbox;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Business-day arithmetic as banks count it, in UTC and without public holidays: Saturdays and
 * Sundays do not count. One business day after Friday 15:00 is Monday 15:00; after Saturday
 * 10:00 it is Monday 10:00 too.
 */
final class BusinessDays {

  static final int DAYS_MAX = 366;

  private BusinessDays() {
  }

  static Instant add(Instant from, int days) {
    if (days < 0 || days > DAYS_MAX) {
      throw new IllegalArgumentException("business days must be 0.." + DAYS_MAX + ": " + days);
    }
    ZonedDateTime at = from.atZone(ZoneOffset.UTC);
    for (int counted = 0; counted < days; counted++) {
      do {
        at = at.plusDays(1);
      } while (weekend(at.getDayOfWeek()));
    }
    return at.toInstant();
  }

  private static boolean weekend(DayOfWeek day) {
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }
}
