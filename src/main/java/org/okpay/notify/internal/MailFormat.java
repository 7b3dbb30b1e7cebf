package org.okpay.notify.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formatting for templates in the recipient's language, available to them as {@code fmt}.
 * Times are shown in UTC and say so: OKPay does not know a user's time zone yet.
 */
public final class MailFormat {

  private static final DateTimeFormatter ENGLISH =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CHINESE =
      DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm 'UTC'", Locale.SIMPLIFIED_CHINESE)
          .withZone(ZoneOffset.UTC);

  private final DateTimeFormatter times;

  MailFormat(Locale locale) {
    this.times = Locales.isChinese(locale) ? CHINESE : ENGLISH;
  }

  /** A moment, e.g. "25 November 2026, 10:00 UTC" or "2026年11月25日 10:00 UTC". */
  public String time(Instant instant) {
    return instant == null ? "" : times.format(instant);
  }

  String text(Object value) {
    return value instanceof Instant instant ? time(instant) : String.valueOf(value);
  }
}
