/**
 * Money movement: funding sources (cards, bank accounts), the payment rails behind the
 * {@link org.okpay.payments.PaymentRail} port (the sandbox rail by default), top-up, withdrawal,
 * person-to-person payments, conversion between own balances, cross-border transfers, FX quotes,
 * fees, limits, the transaction the user sees with its state machine and tracker, and the
 * reconciliation job that settles what the rails left open.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "ledger", "identity", "notify", "status", "audit"})
package org.okpay.payments;
