package org.okpay.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.okpay.merchants.ReputationApi;
import org.okpay.merchants.ReputationApi.Inputs;
import org.okpay.merchants.ReputationApi.Reputation;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * A merchant's reputation in words, for the public merchant page and the checkout pages, e.g.
 * {@code ${@reputationPages.of(m.merchantId())}} and {@code ${@reputationPages.lines(r)}}.
 */
@Component("reputationPages")
public class ReputationPageText {

  private final ReputationApi reputation;
  private final MessageSource messages;
  private final CountryList countries;

  ReputationPageText(ReputationApi reputation, MessageSource messages, CountryList countries) {
    this.reputation = reputation;
    this.messages = messages;
    this.countries = countries;
  }

  /** Null for an unknown merchant. */
  public Reputation of(UUID merchantId) {
    return reputation.reputation(merchantId).orElse(null);
  }

  /** "4.6 out of 5" or "New merchant". */
  public String headline(Reputation r) {
    return r.newMerchant() ? text("reputation.new_merchant")
        : text("reputation.score", number(r.score()));
  }

  /** The inputs, one sentence each, in the reader's language. */
  public List<String> lines(Reputation r) {
    Inputs in = r.inputs();
    List<String> lines = new ArrayList<>();
    if (r.newMerchant()) {
      lines.add(text("reputation.new_merchant.why", ReputationApi.NEW_MERCHANT_BELOW));
    }
    lines.add(text("reputation.age", in.ageDays()));
    lines.add(text("reputation.payments", in.completedPayments()));
    lines.add(text("reputation.refund_rate", number(in.refundRatePercent()),
        in.refundedPayments(), in.completedPayments()));
    lines.add(in.medianAnswerMinutes() == null ? text("reputation.answers.none")
        : text("reputation.answers", duration(in.medianAnswerMinutes())));
    if (in.expiredSharePercent() != null) {
      lines.add(text("reputation.expired", number(in.expiredSharePercent()),
          in.expiredRequests(), in.refundRequests()));
    }
    lines.add(text("reputation.complaints", number(in.complaintsPer1000()), in.complaints()));
    lines.add(in.ratings() == 0 ? text("reputation.ratings.none")
        : text("reputation.ratings", number(in.averageRating()), in.ratings()));
    return lines;
  }

  public String country(String code) {
    return countries.name(code, LocaleContextHolder.getLocale());
  }

  private String duration(long minutes) {
    if (minutes < 60) {
      return text("reputation.duration.minutes", Math.max(1, minutes));
    }
    if (minutes < 48 * 60) {
      return text("reputation.duration.hours", Math.round(minutes / 60.0));
    }
    return text("reputation.duration.days", Math.round(minutes / 1440.0));
  }

  private static String number(BigDecimal n) {
    return n.stripTrailingZeros().toPlainString();
  }

  private String text(String key, Object... args) {
    Locale locale = LocaleContextHolder.getLocale();
    return messages.getMessage(key, args, locale);
  }
}
