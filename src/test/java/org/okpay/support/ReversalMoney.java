package org.okpay.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.UUID;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;

/** Payments between test users and their balances, through the module APIs. */
final class ReversalMoney {

  static final Currency USD = Currency.getInstance("USD");

  private final PaymentsApi payments;
  private final LedgerApi ledger;

  ReversalMoney(PaymentsApi payments, LedgerApi ledger) {
    this.payments = payments;
    this.ledger = ledger;
  }

  /** A completed P2P payment of {@code amountMinor} USD from payer to recipient. */
  UUID pay(TestUser payer, TestUser recipient, long amountMinor) {
    TransactionView t = payments.execute(payer.current(), "p2p-" + UUID.randomUUID(),
        new PaymentRequest.Send(recipient.email(), amountMinor, USD, null), null).transaction();
    assertThat(t.state()).isEqualTo(TransactionState.COMPLETED);
    return t.id();
  }

  /** The user's available USD balance. */
  long balance(TestUser user) {
    return payments.balances(user.id()).stream().filter(b -> b.currency().equals(USD))
        .mapToLong(b -> b.available().amountMinor()).sum();
  }

  void assertInvariants() {
    assertThat(ledger.checkInvariants().holds()).as("ledger invariants").isTrue();
  }

  static TestUser funded(TestUsers users, long amountMinor) {
    return users.user().currency("USD").funded(amountMinor).create();
  }

  static TestUser plain(TestUsers users) {
    return users.user().currency("USD").create();
  }
}
