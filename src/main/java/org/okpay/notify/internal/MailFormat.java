package org.okpay.notify.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.okpay.notify.EmailRequest;
import org.okpay.shared.LocalTimes;
import org.okpay.shared.ReaderZone;

/**
 * Formatting for templates in the recipient's language, available to them as {@code fmt}.
 * Times are shown in the recipient's time zone (the {@link EmailRequest#TIME_ZONE} variable) and
 * name it, as {@link LocalTimes} names zones on pages; without one they are UTC and say so.
 */
public final class MailFormat {

  private static final DateTimeFormatter ENGLISH =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter CHINESE =
      DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm", Locale.SIMPLIFIED_CHINESE);

  private final DateTimeFormatter times;
  private final Locale locale;
  private final ZoneId zone;

  MailFormat(Locale locale, ZoneId zone) {
    this.locale = Locales.isChinese(locale) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    this.times = Locales.isChinese(locale) ? CHINESE : ENGLISH;
    this.zone = zone;
  }

  /** The format for a notification's variables: in its {@code timeZone}, else UTC. */
  static MailFormat of(Locale locale, Map<String, Object> variables) {
    Object zone = variables.get(EmailRequest.TIME_ZONE);
    return new MailFormat(locale, zone instanceof String id
        ? ReaderZone.parse(id).orElse(ZoneOffset.UTC) : ZoneOffset.UTC);
  }

  /**
   * A moment, e.g. "25 November 2026, 18:00 China Standard Time", "2026年11月25日 18:00
   * 中国标准时间", or "25 November 2026, 10:00 UTC".
   */
  public String time(Instant instant) {
    return instant == null ? ""
        : times.format(instant.atZone(zone)) + " " + LocalTimes.zoneName(instant, zone, locale);
  }

  String text(Object value) {
    return value instanceof Instant instant ? time(instant) : String.valueOf(value);
  }
}
