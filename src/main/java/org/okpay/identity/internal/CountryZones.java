package org.okpay.identity.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.okpay.shared.ReaderZone;

/**
 * The zone a new user starts in when the browser did not say: their country's, or the capital's
 * for a country with several ({@code identity/country-zones.properties}, from IANA's zone.tab);
 * UTC for a country it does not list.
 */
final class CountryZones {

  private static final Map<String, ZoneId> ZONES = load();

  private CountryZones() {
  }

  static ZoneId of(String country) {
    return country == null ? ZoneOffset.UTC : ZONES.getOrDefault(country, ZoneOffset.UTC);
  }

  /** The user's zone: the one they chose (or their browser gave), else their country's. */
  static ZoneId of(String timeZone, String country) {
    return ReaderZone.parse(timeZone).orElseGet(() -> of(country));
  }

  private static Map<String, ZoneId> load() {
    Properties table = new Properties();
    try (InputStream in = CountryZones.class.getResourceAsStream(
        "/identity/country-zones.properties")) {
      table.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Every entry must be a zone this JDK knows: a typo fails at start-up, not for one user.
    return table.stringPropertyNames().stream().collect(Collectors.toUnmodifiableMap(c -> c,
        c -> ReaderZone.parse(table.getProperty(c)).orElseThrow(
            () -> new IllegalStateException("unknown zone for " + c))));
  }
}
