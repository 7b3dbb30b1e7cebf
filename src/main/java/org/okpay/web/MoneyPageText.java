package org.okpay.web;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.okpay.payments.Operation;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * How the money pages write times, signed amounts and the facts of a refusal, e.g.
 * {@code ${@moneyPages.at(tx.createdAt())}}. Times are in UTC (OKPay keeps no time zone per user),
 * written the way the reader's language writes dates.
 */
@Component("moneyPages")
public class MoneyPageText {

  /** While a transaction is in one of these, its page keeps asking for news. */
  private static final Set<TransactionState> LIVE = EnumSet.of(TransactionState.CREATED,
      TransactionState.ON_HOLD, TransactionState.PENDING, TransactionState.PROCESSING);

  private final MoneyText money;
  private final MessageSource messages;

  MoneyPageText(MoneyText money, MessageSource messages) {
    this.money = money;
    this.messages = messages;
  }

  /** A moment, e.g. "Nov 25, 2026, 10:00 AM UTC" or "2026年11月25日 10:00 UTC". */
  public String at(Instant instant) {
    if (instant == null) {
      return "";
    }
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
        .withLocale(LocaleContextHolder.getLocale()).withZone(ZoneOffset.UTC).format(instant)
        + " UTC";
  }

  /** A day, e.g. "Nov 25, 2026". */
  public String day(Instant instant) {
    if (instant == null) {
      return "";
    }
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
        .withLocale(LocaleContextHolder.getLocale()).withZone(ZoneOffset.UTC).format(instant);
  }

  /** A month, e.g. "November 2026" or "2026年11月". */
  public String month(YearMonth month) {
    return DateTimeFormatter.ofLocalizedPattern("yMMMM")
        .withLocale(LocaleContextHolder.getLocale()).format(month);
  }

  public String money(Money amount) {
    return amount == null ? "" : money.of(amount.amountMinor(), amount.currency());
  }

  /** True when the transaction added money to the viewer's balance. */
  public boolean moneyIn(TransactionView tx) {
    return tx.incoming() || tx.operation() == Operation.TOPUP_CARD
        || tx.operation() == Operation.TOPUP_BANK || "merchant_refund".equals(tx.operationKey());
  }

  /**
   * The amount with its direction, e.g. "+100.00 USD" or "-25.00 USD"; without a sign when it
   * failed, as no money moved.
   */
  public String signed(TransactionView tx) {
    long minor = tx.amount().amountMinor();
    if (tx.state() == TransactionState.FAILED) {
      return money(tx.amount());
    }
    return money.signed(moneyIn(tx) ? minor : Math.negateExact(minor), tx.amount().currency());
  }

  /**
   * What the tracker says under a step: the bank's reference, or why a payment was held, in the
   * reader's words. Other details are for agents (who approved it, internal reasons): null.
   */
  public String stepDetail(TransactionView.Step step) {
    if (step.detail() == null || step.detail().isBlank()) {
      return null;
    }
    return switch (step.step()) {
      case "sent_to_rail", "in_transit", "awaiting_bank" -> step.detail();
      case "held_for_review" -> risks(List.of(step.detail().split(",")));
      default -> null;
    };
  }

  /** The risk checks' reasons, e.g. "a new recipient, a device you started using today". */
  public String risks(List<String> reasons) {
    return reasons.stream().map(String::strip).filter(r -> !r.isEmpty())
        .map(r -> messages.getMessage("money.risk." + r, null, r, LocaleContextHolder.getLocale()))
        .collect(Collectors.joining(", "));
  }

  public boolean live(TransactionView tx) {
    return LIVE.contains(tx.state());
  }

  /**
   * A fact of a refusal (a limit, what remains, when it resets) as the page writes it, whatever
   * shape the problem carries it in: money, an amount with its currency, a time or plain text.
   */
  public String fact(Object value) {
    return switch (value) {
      case null -> "";
      case Money m -> money(m);
      case Instant i -> at(i);
      case Map<?, ?> m when m.get("amountMinor") instanceof Number n
          && m.get("currency") != null ->
          money.of(n.longValue(), Currency.getInstance(m.get("currency").toString()));
      case String s -> instantOrText(s);
      default -> String.valueOf(value);
    };
  }

  private String instantOrText(String text) {
    try {
      return at(Instant.parse(text));
    } catch (DateTimeParseException notATime) {
      return text;
    }
  }
}
