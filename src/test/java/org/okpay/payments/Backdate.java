package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moves a user's latest payments into the past, for tests and screenshots that need a history
 * over days or months. Neither the ledger's nor the payments module's clock can be set per
 * payment (the ledger stamps a batch with the database's clock), so the rows' times are changed
 * after the fact, in a test only: every ledger transfer touching the user's wallets, and every
 * transaction of the user with its tracker steps, made in the last {@link #RECENT} (that is, not
 * moved yet), goes back by {@code ago}. Call it after each payment, the oldest first.
 */
public final class Backdate {

  /** Rows newer than this are the ones just made; anything moved before is older. */
  static final Duration RECENT = Duration.ofMinutes(30);

  private Backdate() {
  }

  /** Returns how many ledger transfers moved (at least one, or the test is wrong). */
  public static int latestPayments(JdbcClient jdbc, String email, Duration ago) {
    String recent = RECENT.toSeconds() + " seconds";
    int transfers = jdbc.sql("""
        update ledger.transfers t set created_at = t.created_at - cast(:ago as interval)
         where t.created_at > now() - cast(:recent as interval)
           and exists (select 1 from ledger.accounts a join identity.users u
                         on a.owner_id = u.id::text
                        where u.email = :email and a.owner_type = 'customer'
                          and a.id in (t.debit_account_id, t.credit_account_id))
        """).param("ago", ago.toSeconds() + " seconds").param("recent", recent)
        .param("email", email).update();
    assertThat(transfers).as("ledger transfers of %s to move back", email).isPositive();
    jdbc.sql("""
        update payments.transaction_steps s set at = s.at - cast(:ago as interval)
          from payments.transactions t join identity.users u on u.id = t.user_id
         where s.transaction_id = t.id and u.email = :email
           and t.created_at > now() - cast(:recent as interval)
        """).param("ago", ago.toSeconds() + " seconds").param("recent", recent)
        .param("email", email).update();
    jdbc.sql("""
        update payments.transactions t
           set created_at = t.created_at - cast(:ago as interval),
               updated_at = t.updated_at - cast(:ago as interval),
               expected_at = t.expected_at - cast(:ago as interval)
          from identity.users u
         where u.id = t.user_id and u.email = :email
           and t.created_at > now() - cast(:recent as interval)
        """).param("ago", ago.toSeconds() + " seconds").param("recent", recent)
        .param("email", email).update();
    return transfers;
  }
}
