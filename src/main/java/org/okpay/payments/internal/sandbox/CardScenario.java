package org.okpay.payments.internal.sandbox;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.RailState;

/**
 * What a test card does when charged, chosen by its number when it is tokenized (in the style of
 * Stripe's test cards). Any other valid number approves. A past expiry declines whatever the
 * number ({@link DeclineCode#EXPIRED_CARD}).
 */
enum CardScenario {
  APPROVES(List.of("4242424242424242", "5555555555554444"), RailState.COMPLETED, null, false),
  INSUFFICIENT_FUNDS(List.of("4000000000009995"), RailState.DECLINED,
      DeclineCode.INSUFFICIENT_FUNDS, false),
  EXPIRED_CARD(List.of("4000000000000069"), RailState.DECLINED, DeclineCode.EXPIRED_CARD, false),
  DO_NOT_HONOR(List.of("4000000000000002"), RailState.DECLINED, DeclineCode.DO_NOT_HONOR, false),
  STOLEN_CARD(List.of("4000000000009979"), RailState.DECLINED, DeclineCode.STOLEN_CARD, false),
  PROCESSING_ERROR(List.of("4000000000000119"), RailState.DECLINED,
      DeclineCode.PROCESSING_ERROR, false),
  /** The request times out; the rail did charge the card, as status() later tells. */
  TIMEOUT_COMPLETED(List.of("4000000000000507"), RailState.COMPLETED, null, true),
  /** The request times out; the rail declined it, as status() later tells. */
  TIMEOUT_DECLINED(List.of("4000000000000515"), RailState.DECLINED, DeclineCode.DO_NOT_HONOR,
      true);

  final List<String> numbers;
  final RailState outcome;
  final DeclineCode decline;
  final boolean timesOut;

  CardScenario(List<String> numbers, RailState outcome, DeclineCode decline, boolean timesOut) {
    this.numbers = numbers;
    this.outcome = outcome;
    this.decline = decline;
    this.timesOut = timesOut;
  }

  static CardScenario of(String digits) {
    return Arrays.stream(values()).filter(s -> s.numbers.contains(digits)).findFirst()
        .orElse(APPROVES);
  }

  static CardScenario fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }

  String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
