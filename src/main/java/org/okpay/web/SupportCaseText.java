package org.okpay.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.okpay.shared.LocalTimes;
import org.okpay.support.CaseStatus;
import org.okpay.support.SupportCase;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Case texts on pages, in the reader's language and zone: "We will reply by 14:30 China
 * Standard Time" (the date too when it is not today), "Paused — waiting for you", or nothing
 * to wait for once resolved.
 */
@Component("supportCaseText")
public class SupportCaseText {

  private final MessageSource messages;
  private final LocalTimes times;
  private final java.time.Clock clock;

  SupportCaseText(MessageSource messages, LocalTimes times, java.time.Clock clock) {
    this.messages = messages;
    this.times = times;
    this.clock = clock;
  }

  public String answerBy(SupportCase c) {
    Locale locale = LocaleContextHolder.getLocale();
    if (c.status() == CaseStatus.WAITING_ON_CUSTOMER || c.pausedSince() != null) {
      return messages.getMessage("support.case.paused", null, locale);
    }
    if (c.status() == CaseStatus.RESOLVED || c.status() == CaseStatus.CLOSED) {
      return messages.getMessage("support.case.done", null, locale);
    }
    if (c.answerBy() == null) {
      return messages.getMessage("support.case.noReplyDue", null, locale);
    }
    String key = c.answerBy().isAfter(clock.instant()) ? "support.case.answerBy"
        : "support.case.answerLate";
    return messages.getMessage(key, new Object[] {clock(c.answerBy())}, locale);
  }

  /** "14:30 China Standard Time" today, else "Dec 8, 2026, 14:30 China Standard Time". */
  public String clock(Instant at) {
    Locale locale = LocaleContextHolder.getLocale();
    ZoneId zone = times.zone();
    ZonedDateTime local = at.atZone(zone);
    boolean today = local.toLocalDate().equals(clock.instant().atZone(zone).toLocalDate());
    if (!today) {
      return LocalTimes.at(at, zone, locale);
    }
    return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(local)
        + " " + LocalTimes.zoneName(at, zone, locale);
  }

  public String at(Instant at) {
    return times.at(at);
  }

  public String zoneName() {
    return times.zoneName();
  }

  /** A file size a person reads: "830 B", "12 KB", "4.2 MB". */
  public String size(int bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return Math.round(bytes / 1024.0) + " KB";
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
