package org.okpay.web;

import java.text.Collator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * ISO 3166 countries and regions, named and sorted in the reader's language. A few names come
 * from the message files instead of the JDK (the way a reader in mainland China writes Hong Kong,
 * Macao and Taiwan), and a Chinese reader finds those four at the top of the list.
 */
@Component("countryList")
public class CountryList {

  /** Named by the message files ({@code country.name.XX}). */
  private static final List<String> NAMED = List.of("HK", "MO", "TW");
  /** First for a Chinese reader, in this order. */
  private static final List<String> FIRST_IN_CHINESE = List.of("CN", "HK", "MO", "TW");

  private final MessageSource messages;

  CountryList(MessageSource messages) {
    this.messages = messages;
  }

  public record Country(String code, String name) {
  }

  public List<Country> all(Locale locale) {
    Collator collator = Collator.getInstance(locale);
    boolean chinese = "zh".equals(locale.getLanguage());
    Comparator<Country> firstOnes = Comparator.comparingInt(c -> chinese
        && FIRST_IN_CHINESE.contains(c.code()) ? FIRST_IN_CHINESE.indexOf(c.code())
        : FIRST_IN_CHINESE.size());
    return Arrays.stream(Locale.getISOCountries())
        .map(code -> new Country(code, name(code, locale)))
        .sorted(firstOnes.thenComparing(Country::name, collator))
        .toList();
  }

  public String name(String code, Locale locale) {
    String jdk = Locale.of("", code).getDisplayCountry(locale);
    return NAMED.contains(code) ? messages.getMessage("country.name." + code, null, jdk, locale)
        : jdk;
  }
}
