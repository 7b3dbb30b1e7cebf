package org.okpay.payments;

/**
 * The notices an {@link OperationType} sends when its transaction completes: in-app always,
 * e-mail where the money came to someone. Each has a dedup key, so a step tried twice tells once.
 * Failures, returns and the large-payment security e-mail are the engine's, for every type.
 */
public interface PaymentNotifier {

  /** The payer's money arrived: in the balance ({@code toBalance}) or with the counterparty. */
  void arrived(PaymentTransaction t, boolean toBalance);

  /** A payment between users: "sent" to the payer, "received" (in-app and e-mail) to the payee. */
  void sentToUser(PaymentTransaction t);
}
