package org.okpay.merchants.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.MerchantsApi.Onboarding;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.FieldErrors;

/** The field rules of onboarding: all faults at once, as 400 validation_failed. */
final class OnboardingRules {

  static final int NAME_MAX = 100;
  static final int WEBSITE_MAX = 200;
  static final int EMAIL_MAX = 254;
  static final int POLICY_MAX = 2000;
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  /** One @, something before it, a dot in the domain, no spaces: the mailbox decides the rest. */
  static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** The onboarding with its texts trimmed and defaults filled in. */
  record Clean(String businessName, String country, String website, String supportEmail,
      Currency settlementCurrency, String refundPolicy, int refundWindowDays) {
  }

  private OnboardingRules() {
  }

  static Clean check(Onboarding in) {
    FieldErrors errors = new FieldErrors();
    String name = trim(in.businessName());
    text(errors, "businessName", name, NAME_MAX);
    if (in.category() == null) {
      errors.add("category", FieldErrors.REQUIRED);
    }
    String country = trim(in.country()).toUpperCase(Locale.ROOT);
    if (country.isEmpty()) {
      errors.add("country", FieldErrors.REQUIRED);
    } else if (!COUNTRIES.contains(country)) {
      errors.add("country", FieldErrors.UNKNOWN);
    }
    String website = trim(in.website());
    if (website.length() > WEBSITE_MAX) {
      errors.add("website", FieldErrors.TOO_LONG);
    } else if (!website.isEmpty() && !webUrl(website)) {
      errors.add("website", FieldErrors.FORMAT);
    }
    String email = trim(in.supportEmail());
    if (text(errors, "supportEmail", email, EMAIL_MAX) && !EMAIL.matcher(email).matches()) {
      errors.add("supportEmail", FieldErrors.FORMAT);
    }
    Currency currency = currency(errors, trim(in.settlementCurrency()));
    String policy = trim(in.refundPolicy());
    text(errors, "refundPolicy", policy, POLICY_MAX);
    int window = in.refundWindowDays() == null ? MerchantsApi.REFUND_WINDOW_DAYS_DEFAULT
        : in.refundWindowDays();
    if (window < 1 || window > MerchantsApi.REFUND_WINDOW_DAYS_MAX) {
      errors.add("refundWindowDays", FieldErrors.OUT_OF_RANGE);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    return new Clean(name, country, website.isEmpty() ? null : website, email, currency, policy,
        window);
  }

  private static boolean text(FieldErrors errors, String field, String value, int max) {
    if (value.isEmpty()) {
      errors.add(field, FieldErrors.REQUIRED);
      return false;
    }
    if (value.length() > max) {
      errors.add(field, FieldErrors.TOO_LONG);
      return false;
    }
    return true;
  }

  private static Currency currency(FieldErrors errors, String code) {
    if (code.isEmpty()) {
      errors.add("settlementCurrency", FieldErrors.REQUIRED);
      return null;
    }
    try {
      Currency currency = Currency.getInstance(code.toUpperCase(Locale.ROOT));
      if (SupportedCurrencies.supported(currency)) {
        return currency;
      }
    } catch (IllegalArgumentException e) {
      // not an ISO code: the same answer as an unsupported one
    }
    errors.add("settlementCurrency", FieldErrors.UNKNOWN);
    return null;
  }

  private static boolean webUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null && !uri.getHost().isBlank();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static String trim(String text) {
    return text == null ? "" : text.strip();
  }
}
