package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The zone a new user starts in when the browser does not say. */
class CountryZonesTest {

  @Test
  void aCountryStartsInItsCapitalsZone() {
    assertThat(CountryZones.of("CN")).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(CountryZones.of("US")).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(CountryZones.of("RU")).isEqualTo(ZoneId.of("Europe/Moscow"));
    assertThat(CountryZones.of("AU")).isEqualTo(ZoneId.of("Australia/Sydney"));
    assertThat(CountryZones.of("DE")).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(CountryZones.of("XX")).isEqualTo(ZoneOffset.UTC);
    assertThat(CountryZones.of(null)).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void theBrowsersZoneWinsWhenItIsOne() {
    assertThat(CountryZones.of("Europe/Paris", "CN")).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(CountryZones.of("not/a zone", "CN")).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(CountryZones.of(null, "CN")).isEqualTo(ZoneId.of("Asia/Shanghai"));
  }

  @Test
  void nearlyEveryCountryOfTheRegistrationListHasAZone() {
    long missing = java.util.Arrays.stream(Locale.getISOCountries())
        .filter(c -> CountryZones.of(c).equals(ZoneOffset.UTC)).count();
    // Only places without a zone of their own in IANA's zone.tab (and Antarctica) start in UTC.
    assertThat(missing).isLessThan(10);
  }
}
