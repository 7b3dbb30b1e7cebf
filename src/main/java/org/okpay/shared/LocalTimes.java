package org.okpay.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The one way OKPay writes a moment for a person: in their time zone, with the zone named
 * ("Dec 7, 2026, 10:47 AM China Standard Time", "2026年12月7日 10:47 中国标准时间"; UTC is
 * written "UTC"), and, where someone waits, how long from now ("in 15 minutes", "15 分钟后").
 * Pages reach it as {@code ${@localTimes.at(x)}}; the zone and language are the request's (see
 * {@link ReaderZone}); e-mails pass the recipient's. Relative times count elapsed time between
 * instants, never wall-clock fields, so a DST change in between cannot skew them.
 */
@Component("localTimes")
public class LocalTimes {

  /** Below this a wait is "in a moment"; from here it counts minutes. */
  static final Duration MOMENT = Duration.ofSeconds(45);
  /** From here a wait counts hours, and from {@link #DAYS_FROM} days. */
  static final Duration HOURS_FROM = Duration.ofMinutes(90);
  static final Duration DAYS_FROM = Duration.ofHours(36);

  private final MessageSource messages;
  private final Clock clock;

  public LocalTimes(MessageSource messages, Clock clock) {
    this.messages = messages;
    this.clock = clock;
  }

  /** The zone of the current request (the reader's); UTC outside a request. */
  public ZoneId zone() {
    return ReaderZone.current();
  }

  /** The reader's zone by name, e.g. "China Standard Time" / "中国标准时间", or "UTC". */
  public String zoneName() {
    return zoneName(clock.instant(), zone(), locale());
  }

  /** A moment in the reader's zone with the zone named; "" for none. */
  public String at(Instant instant) {
    return at(instant, zone(), locale());
  }

  /** A moment in the given zone with the zone named, e.g. for an e-mail's recipient. */
  public static String at(Instant instant, ZoneId zone, Locale locale) {
    if (instant == null) {
      return "";
    }
    ZonedDateTime local = instant.atZone(zone);
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
        .withLocale(locale).format(local) + " " + zoneName(instant, zone, locale);
  }

  /** The day of a moment in the reader's zone, e.g. "Dec 7, 2026" / "2026年12月7日". */
  public String day(Instant instant) {
    if (instant == null) {
      return "";
    }
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale())
        .format(instant.atZone(zone()));
  }

  /**
   * A zone's name at a moment, in a language: the standard or daylight name ("China Standard
   * Time", "Eastern Daylight Time"), "UTC" for UTC.
   */
  public static String zoneName(Instant at, ZoneId zone, Locale locale) {
    if (ReaderZone.isUtc(zone)) {
      return "UTC";
    }
    return DateTimeFormatter.ofPattern("zzzz", locale).format(at.atZone(zone));
  }

  /** How long from now, e.g. "in 15 minutes" / "15 分钟后", or "3 hours ago" / "3 小时前". */
  public String relative(Instant instant) {
    return instant == null ? "" : messages.getMessage(relative(instant, clock.instant()), locale());
  }

  /**
   * A moment someone waits for, with how long it is from now, e.g. "Dec 7, 2026, 10:47 AM China
   * Standard Time (in 15 minutes)"; a moment already past is written without.
   */
  public String until(Instant instant) {
    if (instant == null) {
      return "";
    }
    String at = at(instant);
    return instant.isAfter(clock.instant())
        ? messages.getMessage("time.until", new Object[] {at, relative(instant)}, locale()) : at;
  }

  /**
   * When money should arrive, e.g. "Dec 7, 2026, 10:47 AM China Standard Time · arrives in about
   * 24 minutes" / "… · 约 24 分钟后到账"; a moment already past is written without.
   */
  public String arrival(Instant instant) {
    if (instant == null) {
      return "";
    }
    Instant now = clock.instant();
    String at = at(instant);
    if (!instant.isAfter(now)) {
      return at;
    }
    return at + " · " + messages.getMessage("time.arrivesAbout",
        new Object[] {duration(Duration.between(now, instant))}, locale());
  }

  /**
   * "in 15 minutes" / "15 minutes ago" as a message to resolve later in the reader's language
   * (an argument of another message, e.g. the lock advice).
   */
  public static MessageSourceResolvable relative(Instant instant, Instant now) {
    Duration gap = Duration.between(now, instant);
    if (gap.abs().compareTo(MOMENT) < 0) {
      return message(gap.isNegative() ? "time.justNow" : "time.inAMoment");
    }
    return message(gap.isNegative() ? "time.ago" : "time.in", duration(gap.abs()));
  }

  /** A length of time in words, rounded to what a person would say: "24 minutes", "3 小时". */
  public static MessageSourceResolvable duration(Duration length) {
    long seconds = length.abs().toSeconds();
    if (length.abs().compareTo(HOURS_FROM) < 0) {
      return message("time.minutes", Math.max(1, Math.round(seconds / 60.0)));
    }
    if (length.abs().compareTo(DAYS_FROM) < 0) {
      return message("time.hours", Math.round(seconds / 3600.0));
    }
    return message("time.days", Math.round(seconds / 86_400.0));
  }

  private static MessageSourceResolvable message(String code, Object... arguments) {
    return new org.springframework.context.support.DefaultMessageSourceResolvable(
        new String[] {code}, arguments);
  }

  private static Locale locale() {
    return LocaleContextHolder.getLocale();
  }
}
