package org.okpay.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.okpay.shared.ReaderZone;
import org.springframework.stereotype.Component;

/**
 * The zones the account page offers, e.g. "(UTC+08:00) Asia/Shanghai": UTC and every IANA
 * "Area/City" zone, by their offset now and then by name. Legacy aliases (US/Eastern, Etc/GMT+5,
 * SystemV/...) are left out; {@link ReaderZone#parse} still accepts any IANA id from the API.
 */
@Component("zoneChoices")
public class ZoneChoices {

  private static final List<String> AREAS = List.of("Africa/", "America/", "Antarctica/",
      "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/");

  private final Clock clock;

  ZoneChoices(Clock clock) {
    this.clock = clock;
  }

  public record Choice(String id, String label) {
  }

  public List<Choice> all() {
    Instant now = clock.instant();
    Stream<ZoneId> cities = ZoneId.getAvailableZoneIds().stream()
        .filter(id -> AREAS.stream().anyMatch(id::startsWith)).map(ZoneId::of);
    return Stream.concat(Stream.of((ZoneId) ZoneOffset.UTC), cities)
        .sorted(Comparator.comparingInt((ZoneId z) -> z.getRules().getOffset(now).getTotalSeconds())
            .thenComparing(ZoneId::getId))
        .map(z -> new Choice(ReaderZone.id(z), label(z, now))).toList();
  }

  private static String label(ZoneId zone, Instant now) {
    if (ReaderZone.isUtc(zone)) {
      return "(UTC) UTC";
    }
    ZoneOffset offset = zone.getRules().getOffset(now);
    return "(UTC" + (offset.equals(ZoneOffset.UTC) ? "" : offset.getId()) + ") "
        + zone.getId().replace('_', ' ');
  }
}
