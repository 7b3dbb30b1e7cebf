package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRequest;

/**
 * The idempotency fingerprint is a documented canonical text, not a record's toString: the
 * expected values below are written out, so a change that alters them (a renamed field name, a
 * new order, another format) fails here before a deploy turns honest retries into refusals.
 */
class RequestFingerprintTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final UUID QUOTE = UUID.fromString("0b0c5c1e-5a3f-4e55-9d5e-0f6a3e2b9c11");

  @Test
  void theCanonicalTextIsNamedSortedAndLeavesOutMissingFields() {
    PaymentRequest send = new PaymentRequest.Send("bob@example.com", 1_000, USD, null);

    assertThat(RequestFingerprint.canonical(send)).isEqualTo("""
        okpay-request-fingerprint v1
        operation=p2p
        amountMinor=1000
        currency=USD
        recipient=bob@example.com
        """);
    assertThat(RequestFingerprint.of(send)).startsWith("v1:").hasSize(3 + 64)
        .isEqualTo(RequestFingerprint.of(new PaymentRequest.Send("bob@example.com", 1_000, USD,
            null)));
  }

  @Test
  void nestedFieldsAreFlattenedAndLineBreaksCannotForgeAField() {
    PaymentRequest abroad = new PaymentRequest.CrossBorder(QUOTE, new BankAccountDetails(
        "Li Wei", "6222020200112233445", "ICBKCNBJ", "CN", Currency.getInstance("CNY")));
    PaymentRequest forged = new PaymentRequest.Send("bob@example.com\ncurrency=EUR", 1_000,
        USD, null);

    assertThat(RequestFingerprint.canonical(abroad)).isEqualTo("""
        okpay-request-fingerprint v1
        operation=cross_border
        quoteId=0b0c5c1e-5a3f-4e55-9d5e-0f6a3e2b9c11
        recipient.accountNumber=6222020200112233445
        recipient.bankCode=ICBKCNBJ
        recipient.country=CN
        recipient.currency=CNY
        recipient.holderName=Li Wei
        """);
    assertThat(RequestFingerprint.canonical(forged)).contains("recipient=bob@example.com\\ncurrency=EUR\n");
  }

  @Test
  void anyFieldThatMattersChangesIt() {
    String base = RequestFingerprint.of(new PaymentRequest.Send("bob@example.com", 1_000, USD,
        "rent"));

    assertThat(RequestFingerprint.of(new PaymentRequest.Send("bob@example.com", 1_001, USD,
        "rent"))).isNotEqualTo(base);
    assertThat(RequestFingerprint.of(new PaymentRequest.Send("bob@example.com", 1_000,
        Currency.getInstance("EUR"), "rent"))).isNotEqualTo(base);
    assertThat(RequestFingerprint.of(new PaymentRequest.Send("bob@example.com", 1_000, USD,
        "food"))).isNotEqualTo(base);
    assertThat(RequestFingerprint.of(new PaymentRequest.Withdrawal(QUOTE, 1_000)))
        .isNotEqualTo(RequestFingerprint.of(new PaymentRequest.BankTopUp(QUOTE, 1_000)));
  }

  @Test
  void aRowStoredBeforeVersionOneIsComparedTheOldWay() {
    PaymentRequest send = new PaymentRequest.Send("bob@example.com", 1_000, USD, null);
    String legacy = RequestFingerprint.legacy(send);

    assertThat(legacy).hasSize(64).doesNotStartWith("v1:");
    assertThat(RequestFingerprint.matches(legacy, send)).isTrue();
    assertThat(RequestFingerprint.matches(legacy,
        new PaymentRequest.Send("bob@example.com", 2_000, USD, null))).isFalse();
    assertThat(RequestFingerprint.matches(RequestFingerprint.of(send), send)).isTrue();
    assertThat(RequestFingerprint.matches("v1:" + legacy, send)).isFalse();
  }
}
