package org.okpay.payments.internal.sandbox;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a test bank account does, chosen by the last four characters of its account number or
 * IBAN (Stripe's test accounts inspired the digits: 000123456789 succeeds, 000111111113 is
 * closed). Any other account verifies at once and succeeds.
 */
enum BankScenario {
  /** Verified at once; transfers settle after the normal delay. */
  INSTANT("6789", "000123456789", "GB96SBOX00000000006789"),
  /** Verification passes; transfers are accepted, then declined (account closed) at settling. */
  ACCOUNT_CLOSED("1113", "000111111113", "GB88SBOX00000000001113"),
  /** Verification passes; transfers are declined at once (name does not match). */
  NAME_MISMATCH("2227", "000222222227", "GB80SBOX00000000002227"),
  /** Transfers complete, then the bank sends the money back some business days later. */
  RETURNED("3335", "000333333335", "GB40SBOX00000000003335"),
  /** Transfers settle ten times later (cross-border: three business days instead of one). */
  SLOW("4440", "000444444440", "GB81SBOX00000000004440"),
  /** Verified by two micro-deposits (always 32 and 45 minor units) that the user confirms. */
  MICRO_DEPOSITS("5553", "000555555553", "GB03SBOX00000000005553");

  final String lastDigits;
  final String exampleNumber;
  final String exampleIban;

  BankScenario(String lastDigits, String exampleNumber, String exampleIban) {
    this.lastDigits = lastDigits;
    this.exampleNumber = exampleNumber;
    this.exampleIban = exampleIban;
  }

  static BankScenario of(String accountNumber) {
    String clean = accountNumber.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> clean.endsWith(s.lastDigits)).findFirst()
        .orElse(INSTANT);
  }

  static BankScenario fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }

  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The page's and API's name for what it does. */
  String behaviour() {
    return "bank_" + key();
  }
}
