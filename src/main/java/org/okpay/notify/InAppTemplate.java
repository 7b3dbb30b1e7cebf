package org.okpay.notify;

import java.util.Arrays;
import java.util.Set;

/**
 * The notifications shown inside OKPay. Each has a title and a body under
 * {@code notify.<key>.title} and {@code notify.<key>.body} in both message files; {@code {name}}
 * in those texts is replaced by the variable of that name.
 */
public enum InAppTemplate {
  /** A sign-in from a new device: {@code time}, {@code device}. */
  NEW_DEVICE_LOGIN("new-device-login", Set.of("time", "device")),
  /** The password was changed: {@code time}. */
  PASSWORD_CHANGED("password-changed", Set.of("time")),
  /** The account was frozen: {@code time}. */
  ACCOUNT_FROZEN("account-frozen", Set.of("time")),
  /** Two-factor sign-in was switched on: {@code time}. */
  TWO_FACTOR_ENABLED("two-factor-enabled", Set.of("time")),
  /** Two-factor sign-in was switched off: {@code time}. */
  TWO_FACTOR_DISABLED("two-factor-disabled", Set.of("time")),
  /** The e-mail address was changed: {@code time}, {@code email} (the new one). */
  EMAIL_CHANGED("email-changed", Set.of("time", "email")),
  /** Another user sent money: {@code amount}, {@code from}. */
  MONEY_RECEIVED("money-received", Set.of("amount", "from")),
  /** Money was sent or paid out: {@code amount}, {@code to}. */
  MONEY_SENT("money-sent", Set.of("amount", "to")),
  /** Money arrived where it was going (a top-up in the balance, a payout at the bank). */
  MONEY_ARRIVED("money-arrived", Set.of("amount", "to")),
  /** A payment failed: {@code amount}, {@code reason} (a customer-readable text). */
  PAYMENT_FAILED("payment-failed", Set.of("amount", "reason")),
  /** Money came back after it had been sent: {@code amount}, {@code reason}. */
  MONEY_RETURNED("money-returned", Set.of("amount", "reason")),
  /** A phone number was confirmed: others can pay to it now: {@code time}, {@code phone}. */
  PHONE_CONFIRMED("phone-confirmed", Set.of("time", "phone")),
  /** A refund or refund request moved (merchants): {@code message}, already in the language. */
  REFUND_UPDATE("refund-update", Set.of("message")),
  /** A support case moved (opened, answered, status): {@code message}, already in the language. */
  SUPPORT_UPDATE("support-update", Set.of("message")),
  /** A dispute moved (support module): the message is already in the reader's language. */
  DISPUTE_UPDATE("dispute-update", Set.of("message"));

  private final String key;
  private final Set<String> variables;

  InAppTemplate(String key, Set<String> variables) {
    this.key = key;
    this.variables = variables;
  }

  public String key() {
    return key;
  }

  /** Every variable is required; no others are allowed. */
  public Set<String> variables() {
    return variables;
  }

  public static InAppTemplate fromKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown in-app template: " + key));
  }
}
