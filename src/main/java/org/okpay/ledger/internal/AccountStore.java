package org.okpay.ledger.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.okpay.ledger.Account;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Account rows: opening, reading and changing status. Balances change only in the writer. */
@Component
class AccountStore {

  private static final String COLUMNS = """
      id, owner_type, owner_id, currency, kind, status, may_go_negative,
      debits_posted, credits_posted, debits_pending, credits_pending, created_at
      """;

  private final JdbcClient jdbc;

  AccountStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Account open(OpenAccount request) {
    jdbc.sql("""
        insert into ledger.accounts (owner_type, owner_id, currency, kind, may_go_negative,
               shard_key)
        values (:ownerType, :ownerId, :currency, :kind, :mayGoNegative,
                ledger.shard_key(:ownerType, :ownerId))
        on conflict on constraint accounts_owner_currency_kind_unique do nothing
        """)
        .param("ownerType", request.ownerType().dbValue())
        .param("ownerId", request.ownerId())
        .param("currency", request.currency().getCurrencyCode())
        .param("kind", request.kind())
        .param("mayGoNegative", request.mayGoNegative())
        .update();
    return jdbc.sql("select " + COLUMNS + """
         from ledger.accounts
        where owner_type = :ownerType and owner_id = :ownerId and currency = :currency
          and kind = :kind
        """)
        .param("ownerType", request.ownerType().dbValue())
        .param("ownerId", request.ownerId())
        .param("currency", request.currency().getCurrencyCode())
        .param("kind", request.kind())
        .query(AccountStore::account).single();
  }

  Optional<Account> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from ledger.accounts where id = :id")
        .param("id", id).query(AccountStore::account).optional();
  }

  List<Account> byOwner(OwnerType ownerType, String ownerId) {
    return jdbc.sql("select " + COLUMNS
            + " from ledger.accounts where owner_type = :t and owner_id = :o order by id")
        .param("t", ownerType.dbValue()).param("o", ownerId)
        .query(AccountStore::account).list();
  }

  /** Changes the status; the row lock makes it wait for a batch that holds the account. */
  boolean setStatus(long id, AccountStatus from, AccountStatus to) {
    return jdbc.sql("update ledger.accounts set status = :to where id = :id and status = :from")
        .param("to", to.dbValue()).param("id", id).param("from", from.dbValue())
        .update() == 1;
  }

  /** Closes an account that holds nothing and has no open holds. */
  boolean closeIfEmpty(long id) {
    return jdbc.sql("""
        update ledger.accounts set status = 'closed'
         where id = :id and status <> 'closed'
           and debits_posted = credits_posted and debits_pending = 0 and credits_pending = 0
        """).param("id", id).update() == 1;
  }

  static Account account(ResultSet rs, int row) throws SQLException {
    return new Account(
        rs.getLong("id"),
        OwnerType.fromDb(rs.getString("owner_type")),
        rs.getString("owner_id"),
        Currency.getInstance(rs.getString("currency")),
        rs.getString("kind"),
        AccountStatus.fromDb(rs.getString("status")),
        rs.getBoolean("may_go_negative"),
        rs.getLong("debits_posted"),
        rs.getLong("credits_posted"),
        rs.getLong("debits_pending"),
        rs.getLong("credits_pending"),
        TransferRows.instant(rs, "created_at"));
  }
}
