package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.payments.HistoryFilters;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The one time formatter of pages: the reader's zone named, relative times in both languages
 * from the real message files, and elapsed time (not wall-clock fields) across a DST change.
 */
class LocalTimesTest {

  private static final Instant NOW = Instant.parse("2026-12-07T02:32:00Z");
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static LocalTimes times(Instant now) {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
    messages.setFallbackToSystemLocale(false);
    return new LocalTimes(messages, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static void reader(Locale locale, ZoneId zone) {
    LocaleContextHolder.setLocaleContext(
        new SimpleTimeZoneAwareLocaleContext(locale, TimeZone.getTimeZone(zone)));
  }

  @AfterEach
  void clear() {
    LocaleContextHolder.resetLocaleContext();
  }

  @Test
  void aMomentIsWrittenInTheReadersZoneWithTheZoneNamed() {
    LocalTimes times = times(NOW);
    Instant at = Instant.parse("2026-12-07T02:47:00Z");
    reader(Locale.ENGLISH, SHANGHAI);
    assertThat(times.at(at)).isEqualTo("Dec 7, 2026, 10:47\u202fAM China Standard Time");
    reader(Locale.SIMPLIFIED_CHINESE, SHANGHAI);
    assertThat(times.at(at)).isEqualTo("2026年12月7日 10:47 中国标准时间");
    assertThat(times.day(Instant.parse("2026-12-06T16:30:00Z"))).isEqualTo("2026年12月7日");
    reader(Locale.ENGLISH, ZoneOffset.UTC);
    assertThat(times.at(at)).isEqualTo("Dec 7, 2026, 2:47\u202fAM UTC");
    assertThat(times.zoneName()).isEqualTo("UTC");
  }

  @Test
  void withoutARequestTheZoneIsUtcAndSaysSo() {
    LocaleContextHolder.setLocale(Locale.ENGLISH);
    assertThat(ReaderZone.current()).isEqualTo(ZoneOffset.UTC);
    assertThat(times(NOW).at(NOW)).endsWith(" UTC");
  }

  @Test
  void relativeTimeInBothLanguages() {
    LocalTimes times = times(NOW);
    reader(Locale.ENGLISH, SHANGHAI);
    assertThat(times.relative(NOW.plusSeconds(15 * 60))).isEqualTo("in 15 minutes");
    assertThat(times.relative(NOW.plusSeconds(60))).isEqualTo("in 1 minute");
    assertThat(times.relative(NOW.plusSeconds(20))).isEqualTo("in a moment");
    assertThat(times.relative(NOW.minusSeconds(3 * 3600))).isEqualTo("3 hours ago");
    assertThat(times.relative(NOW.minusSeconds(10))).isEqualTo("just now");
    assertThat(times.relative(NOW.plusSeconds(3 * 86_400))).isEqualTo("in 3 days");
    assertThat(times.relative(NOW.plusSeconds(24 * 3600))).isEqualTo("in 24 hours");
    reader(Locale.SIMPLIFIED_CHINESE, SHANGHAI);
    assertThat(times.relative(NOW.plusSeconds(15 * 60))).isEqualTo("15 分钟后");
    assertThat(times.relative(NOW.plusSeconds(20))).isEqualTo("马上");
    assertThat(times.relative(NOW.minusSeconds(3 * 3600))).isEqualTo("3 小时前");
    assertThat(times.relative(NOW.minusSeconds(10))).isEqualTo("刚刚");
  }

  @Test
  void waitsSayHowLongFromNowAndPastMomentsDoNot() {
    LocalTimes times = times(NOW);
    Instant arrives = NOW.plusSeconds(24 * 60);
    reader(Locale.ENGLISH, SHANGHAI);
    assertThat(times.arrival(arrives))
        .isEqualTo("Dec 7, 2026, 10:56\u202fAM China Standard Time · arrives in about 24 minutes");
    assertThat(times.until(NOW.plusSeconds(15 * 60)))
        .endsWith("China Standard Time (in 15 minutes)");
    assertThat(times.arrival(NOW.minusSeconds(60))).isEqualTo(times.at(NOW.minusSeconds(60)));
    reader(Locale.SIMPLIFIED_CHINESE, SHANGHAI);
    assertThat(times.arrival(arrives)).isEqualTo("2026年12月7日 10:56 中国标准时间 · 约 24 分钟后到账");
    assertThat(times.until(NOW.plusSeconds(15 * 60)))
        .isEqualTo("2026年12月7日 10:47 中国标准时间（15 分钟后）");
    assertThat(times.at(null)).isEmpty();
    assertThat(times.arrival(null)).isEmpty();
  }

  /**
   * New York springs forward at 2026-03-08 02:00 local: from 01:30 EST to 03:30 EDT is one hour
   * of waiting although the clock on the wall moves two.
   */
  @Test
  void relativeTimeCountsElapsedTimeAcrossADstChange() {
    Instant beforeChange = Instant.parse("2026-03-08T06:30:00Z");
    Instant afterChange = Instant.parse("2026-03-08T07:30:00Z");
    LocalTimes times = times(beforeChange);
    reader(Locale.ENGLISH, NEW_YORK);
    assertThat(times.at(beforeChange)).isEqualTo("Mar 8, 2026, 1:30\u202fAM Eastern Standard Time");
    assertThat(times.at(afterChange)).isEqualTo("Mar 8, 2026, 3:30\u202fAM Eastern Daylight Time");
    assertThat(times.relative(afterChange)).isEqualTo("in 60 minutes");
    // The day the clocks change has 23 hours: a "to" date still ends at the next local midnight.
    var filter = HistoryFilters.parse(Map.of("from", "2026-03-08", "to", "2026-03-08"), NEW_YORK);
    assertThat(filter.from()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
    assertThat(filter.to()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
  }

  @Test
  void onlyIanaZonesAreAccepted() {
    assertThat(ReaderZone.parse("Asia/Shanghai")).contains(SHANGHAI);
    assertThat(ReaderZone.parse(" UTC ")).contains(ZoneOffset.UTC);
    assertThat(ReaderZone.parse("Etc/UTC")).contains(ZoneOffset.UTC);
    assertThat(ReaderZone.parse("+08:00")).isEmpty();
    assertThat(ReaderZone.parse("Mars/Olympus_Mons")).isEmpty();
    assertThat(ReaderZone.parse("")).isEmpty();
    assertThat(ReaderZone.parse(null)).isEmpty();
    assertThat(ReaderZone.parse("Asia/" + "x".repeat(80))).isEmpty();
    assertThat(ReaderZone.id(ZoneOffset.UTC)).isEqualTo("UTC");
    assertThat(ReaderZone.id(SHANGHAI)).isEqualTo("Asia/Shanghai");
    // A zone that sits at +00:00 is still its own zone, not "UTC".
    assertThat(ReaderZone.id(ZoneId.of("Africa/Abidjan"))).isEqualTo("Africa/Abidjan");
  }
}
