package org.okpay.payments.internal.sources;

import static org.okpay.payments.internal.sources.CardStore.requireOne;
import static org.okpay.payments.internal.sources.CardStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.FundingSourcesApi.BankAccountState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** payments.bank_accounts. Every read is scoped to the user; removed accounts are not read. */
@Component
class BankAccountStore {

  /** How many wrong micro-deposit confirmations reject an account. */
  static final int MICRO_ATTEMPTS_MAX = 3;

  record BankAccountRow(UUID id, UUID userId, String holderName, String accountNumber,
      String bankCode, String country, Currency currency, BankAccountState state,
      String declineCode, Long microFirstMinor, Long microSecondMinor, int microAttempts,
      Instant addedAt) {
  }

  private final JdbcClient jdbc;

  BankAccountStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<BankAccountRow> active(UUID userId) {
    return jdbc.sql("""
        select * from payments.bank_accounts where user_id = :user and removed_at is null
         order by added_at, id limit 100
        """).param("user", userId).query(BankAccountStore::row).list();
  }

  Optional<BankAccountRow> active(UUID userId, UUID id) {
    return jdbc.sql("""
        select * from payments.bank_accounts
         where id = :id and user_id = :user and removed_at is null
        """).param("id", id).param("user", userId).query(BankAccountStore::row).optional();
  }

  Optional<BankAccountRow> lockActive(UUID userId, UUID id) {
    return jdbc.sql("""
        select * from payments.bank_accounts
         where id = :id and user_id = :user and removed_at is null for update
        """).param("id", id).param("user", userId).query(BankAccountStore::row).optional();
  }

  Optional<BankAccountRow> activeByNumber(UUID userId, String accountNumber, String bankCode) {
    return jdbc.sql("""
        select * from payments.bank_accounts
         where user_id = :user and account_number = :number and bank_code = :code
           and removed_at is null
        """).param("user", userId).param("number", accountNumber).param("code", bankCode)
        .query(BankAccountStore::row).optional();
  }

  int countActive(UUID userId) {
    return jdbc.sql("""
        select count(*) from payments.bank_accounts where user_id = :user and removed_at is null
        """).param("user", userId).query(Integer.class).single();
  }

  void insert(BankAccountRow row) {
    Instant now = row.addedAt();
    int n = jdbc.sql("""
        insert into payments.bank_accounts (id, user_id, holder_name, account_number, bank_code,
               country, currency, state, decline_code, micro_first_minor, micro_second_minor,
               verified_at, added_at)
        values (:id, :user, :holder, :number, :code, :country, :currency, :state, :decline,
               :first, :second, :verifiedAt, :now)
        """).param("id", row.id()).param("user", row.userId()).param("holder", row.holderName())
        .param("number", row.accountNumber()).param("code", row.bankCode())
        .param("country", row.country()).param("currency", row.currency().getCurrencyCode())
        .param("state", key(row.state())).param("decline", row.declineCode())
        .param("first", row.microFirstMinor()).param("second", row.microSecondMinor())
        .param("verifiedAt", row.state() == BankAccountState.VERIFIED ? utc(now) : null)
        .param("now", utc(now)).update();
    requireOne(n);
  }

  void verify(UUID id, Instant now) {
    requireOne(jdbc.sql("""
        update payments.bank_accounts set state = 'verified', verified_at = :now
         where id = :id and state = 'pending_verification'
        """).param("now", utc(now)).param("id", id).update());
  }

  /** Counts a wrong confirmation; the last allowed one rejects the account. */
  void wrongAttempt(UUID id, int attempts) {
    requireOne(jdbc.sql("""
        update payments.bank_accounts
           set micro_attempts = :attempts,
               state = case when :attempts >= :max then 'rejected' else state end
         where id = :id and state = 'pending_verification'
        """).param("attempts", attempts).param("max", MICRO_ATTEMPTS_MAX).param("id", id)
        .update());
  }

  boolean remove(UUID userId, UUID id, Instant now) {
    return jdbc.sql("""
        update payments.bank_accounts set removed_at = :now
         where id = :id and user_id = :user and removed_at is null
        """).param("now", utc(now)).param("id", id).param("user", userId).update() == 1;
  }

  private static String key(BankAccountState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  private static BankAccountRow row(ResultSet rs, int n) throws SQLException {
    return new BankAccountRow(rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class), rs.getString("holder_name"),
        rs.getString("account_number"), rs.getString("bank_code"), rs.getString("country"),
        Currency.getInstance(rs.getString("currency")),
        BankAccountState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        rs.getString("decline_code"), rs.getObject("micro_first_minor", Long.class),
        rs.getObject("micro_second_minor", Long.class), rs.getInt("micro_attempts"),
        rs.getObject("added_at", OffsetDateTime.class).toInstant());
  }
}
