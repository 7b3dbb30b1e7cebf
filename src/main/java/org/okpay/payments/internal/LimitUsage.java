package org.okpay.payments.internal;

import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What a user has used of a limit, and how fast they are paying: sums over their transactions. */
@Component
class LimitUsage {

  private final JdbcClient jdbc;

  LimitUsage(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Serializes one user's money-moving requests until the caller's transaction ends, so two
   * requests cannot both pass a limit that only one of them fits under.
   */
  void lockUser(UUID userId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended('payments:' || :user, 0))")
        .param("user", userId.toString()).query(Object.class).single();
  }

  /**
   * In one scan of the user's recent transactions: how many they made since
   * {@code velocitySince}, and the limits' amounts of the operation since the start of the day
   * and of the month (failed ones do not count).
   */
  Usage usage(UUID userId, String operation, Instant velocitySince, Instant daySince,
      Instant monthSince) {
    return jdbc.sql("""
        select count(*) filter (where created_at >= :velocity) as recent,
               coalesce(sum(limit_amount_minor) filter (where operation = :op
                 and state <> 'failed' and created_at >= :day), 0) as day,
               coalesce(sum(limit_amount_minor) filter (where operation = :op
                 and state <> 'failed' and created_at >= :month), 0) as month
          from payments.transactions
         where user_id = :user and created_at >= least(:velocity, :month)
        """).param("user", userId).param("op", operation)
        .param("velocity", TransactionStore.ts(velocitySince))
        .param("day", TransactionStore.ts(daySince))
        .param("month", TransactionStore.ts(monthSince))
        .query((rs, n) -> new Usage(rs.getInt("recent"), rs.getLong("day"), rs.getLong("month")))
        .single();
  }

  /** @param recent requests in the velocity window; {@code dayMinor}, {@code monthMinor} used */
  record Usage(int recent, long dayMinor, long monthMinor) {
  }

  /** The user's usual amount of the operation: the mean of completed ones since {@code since}. */
  Usual usual(UUID userId, String operation, Instant since) {
    return jdbc.sql("""
        select count(*) as n, coalesce(avg(limit_amount_minor), 0)::bigint as mean
          from payments.transactions
         where user_id = :user and operation = :op and state = 'completed' and created_at >= :since
        """).param("user", userId).param("op", operation)
        .param("since", TransactionStore.ts(since))
        .query((rs, n) -> new Usual(rs.getInt("n"), rs.getLong("mean"))).single();
  }

  /** Whether the user completed a payment to this user, or this bank account, before. */
  boolean paidBefore(UUID userId, UUID recipientUserId, String recipientAccountNumber) {
    return jdbc.sql("""
        select exists (select 1 from payments.transactions
                        where user_id = :user and state in ('completed', 'processing')
                          and (counterparty_user_id = :recipient
                               or recipient_bank ->> 'accountNumber' = :account))
        """).param("user", userId).param("recipient", recipientUserId)
        .param("account", recipientAccountNumber).query(Boolean.class).single();
  }

  record Usual(int count, long meanMinor) {
  }
}
