package org.okpay.payments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The sandbox rail's controls, for its page and the operator API: the test card numbers and
 * bank accounts and what each does, and the sandbox clock, which can be moved forward so that
 * settlements, returns and expiries happen without waiting.
 */
public interface SandboxApi {

  /** The most one call to {@link #advance} moves the clock. */
  Duration ADVANCE_MAX = Duration.ofDays(30);

  List<TestCard> testCards();

  List<TestBankAccount> testBankAccounts();

  /** The sandbox clock: the application's clock plus every advance so far. */
  Instant now();

  /**
   * Moves the sandbox clock forward by {@code by} (one second to {@link #ADVANCE_MAX}; anything
   * else is {@code validation_failed} on the field {@code seconds}) and returns the new time.
   */
  Instant advance(Duration by);

  /** Real waiting is nominal delay ÷ this factor (okpay.sandbox.time-factor). */
  long timeFactor();

  /** How many business days after settling a "returned" test account sends the money back. */
  int returnAfterBusinessDays();

  /**
   * Whether every signed-in user may advance the clock (okpay.sandbox.open-controls), not only
   * admins and the operator.
   */
  boolean openControls();

  /**
   * @param behaviour a stable key of what the card does, e.g. {@code approves},
   *     {@code insufficient_funds}, {@code timeout_completed}; pages show
   *     {@code sandbox.behaviour.<key>}
   */
  record TestCard(String number, String brand, String behaviour) {
  }

  /**
   * A test bank account: any account number or IBAN ending in {@code lastDigits} behaves so.
   *
   * @param accountNumber an example domestic account number
   * @param iban an example IBAN (with a valid check sum)
   */
  record TestBankAccount(String lastDigits, String accountNumber, String iban,
      String behaviour) {
  }
}
