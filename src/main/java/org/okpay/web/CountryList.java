package org.okpay.web;

import java.text.Collator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** ISO 3166 countries and regions, named and sorted in the reader's language. */
@Component("countryList")
public class CountryList {

  public record Country(String code, String name) {
  }

  public List<Country> all(Locale locale) {
    Collator collator = Collator.getInstance(locale);
    return Arrays.stream(Locale.getISOCountries())
        .map(code -> new Country(code, Locale.of("", code).getDisplayCountry(locale)))
        .sorted(Comparator.comparing(Country::name, collator))
        .toList();
  }
}
