package org.okpay.citus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.ledger.LedgerFixture.USD;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.citus.DistributionPlan.Coordinator;
import org.okpay.citus.DistributionPlan.Distributed;
import org.okpay.citus.DistributionPlan.Placement;
import org.okpay.citus.DistributionPlan.Reference;
import org.okpay.citus.DistributionPlan.SchemaSharded;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResultCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The migrated schema stays ready to be distributed with Citus as docs/scaling.md plans it: every
 * table is placed in {@link DistributionPlan}, and no table breaks a rule of its placement except
 * the gaps the plan names. Citus is not installed here: these are catalog checks on plain
 * PostgreSQL (the server's 15 or the embedded 17), not a run on Citus.
 */
@OkPayTest
class CitusReadinessTest {

  private static final String SCRATCH = "citus_probe_";

  @Autowired JdbcClient jdbc;
  @Autowired LedgerApi ledger;

  @Test
  void everyTableIsPlacedAndEveryPlacedTableExists() {
    CitusRules rules = new CitusRules(jdbc);
    Set<String> tables = rules.tables(rules.applicationSchemas(SCRATCH));

    Set<String> unplaced = new TreeSet<>(tables);
    unplaced.removeAll(DistributionPlan.TABLES.keySet());
    Set<String> gone = new TreeSet<>(DistributionPlan.TABLES.keySet());
    gone.removeAll(tables);

    assertThat(unplaced)
        .as("tables not placed in DistributionPlan (add each as distributed by its owner's"
            + " column, reference, schema-sharded or coordinator; see docs/scaling.md)")
        .isEmpty();
    assertThat(gone).as("DistributionPlan names tables the migrations no longer have").isEmpty();
  }

  @Test
  void theSchemaBreaksNoRuleButThePlannedGaps() {
    Map<String, Set<String>> found = new CitusRules(jdbc).violations(DistributionPlan.TABLES);

    Map<String, Set<String>> unexpected = new TreeMap<>();
    Map<String, Set<String>> gapsClosed = new TreeMap<>();
    found.forEach((table, breaks) -> {
      Set<String> gaps = DistributionPlan.TABLES.get(table) instanceof Distributed d
          ? d.gaps() : Set.of();
      Set<String> extra = new TreeSet<>(breaks);
      extra.removeAll(gaps);
      Set<String> closed = new TreeSet<>(gaps);
      closed.removeAll(breaks);
      if (!extra.isEmpty()) {
        unexpected.put(table, extra);
      }
      if (!closed.isEmpty()) {
        gapsClosed.put(table, closed);
      }
    });
    System.out.printf("CitusReadinessTest: %d tables checked, planned gaps %s%n", found.size(),
        found.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
            .toList());

    assertThat(unexpected).as("rules broken (docs/scaling.md, 'Rules a migration keeps')")
        .isEmpty();
    assertThat(gapsClosed).as("gaps that are closed now: strike them from DistributionPlan")
        .isEmpty();
    assertThat(found.get("ledger.accounts")).isEmpty();
    assertThat(found.get("ledger.transfers")).isEmpty();
    assertThat(found.get("ledger.pending_timeouts")).isEmpty();
  }

  /** The rules catch what they are meant to: bad tables made on purpose in a scratch schema. */
  @Test
  void badTablesAreCaught() {
    String s = SCRATCH + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql("create schema " + s).update();
    try {
      jdbc.sql("""
          create table %1$s.rates (currency char(3) primary key);
          create table %1$s.owners (owner_id uuid not null, id bigint not null,
            primary key (id, owner_id));
          create table %1$s.good (owner_id uuid not null, id uuid not null,
            currency char(3) not null references %1$s.rates (currency),
            owner_ref bigint not null, primary key (id, owner_id),
            foreign key (owner_ref, owner_id) references %1$s.owners (id, owner_id));
          create table %1$s.no_column (id uuid primary key);
          create table %1$s.unique_without (owner_id uuid not null, email text,
            id bigint generated always as identity, seq int generated always as identity,
            primary key (id, owner_id));
          create unique index unique_without_email on %1$s.unique_without (lower(email));
          create table %1$s.other_group (account_id bigint not null, id bigint not null,
            primary key (id, account_id));
          create table %1$s.crossing (owner_id uuid not null, other_id bigint not null,
            other_account bigint not null, primary key (other_id, owner_id),
            foreign key (other_id, other_account) references %1$s.other_group (id, account_id));
          create table %1$s.nullable_key (owner_id uuid, id uuid,
            unique (id, owner_id));
          create table %1$s.ref_to_distributed (id bigint primary key, owner_id uuid,
            owner_ref bigint,
            foreign key (owner_ref, owner_id) references %1$s.owners (id, owner_id));
          create table %1$s.unplaced (id int);
          """.formatted(s)).update();
      Map<String, Placement> plan = new LinkedHashMap<>();
      plan.put(s + ".rates", new Reference());
      plan.put(s + ".owners", DistributionPlan.distributed("owner_id", "owner"));
      plan.put(s + ".good", DistributionPlan.distributed("owner_id", "owner"));
      plan.put(s + ".no_column", DistributionPlan.distributed("owner_id", "owner"));
      plan.put(s + ".unique_without", DistributionPlan.distributed("owner_id", "owner"));
      plan.put(s + ".other_group", DistributionPlan.distributed("account_id", "account"));
      plan.put(s + ".crossing", DistributionPlan.distributed("owner_id", "owner"));
      plan.put(s + ".nullable_key", DistributionPlan.distributed("owner_id", "owner"));
      plan.put(s + ".ref_to_distributed", new Reference());
      CitusRules rules = new CitusRules(jdbc);

      Map<String, Set<String>> found = rules.violations(plan);
      Set<String> unplaced = rules.tables(Set.of(s));
      unplaced.removeAll(plan.keySet());

      System.out.printf("CitusReadinessTest: scratch schema breaks %s%n", found);
      assertThat(found.get(s + ".rates")).isEmpty();
      assertThat(found.get(s + ".owners")).isEmpty();
      assertThat(found.get(s + ".good")).isEmpty();
      assertThat(found.get(s + ".no_column")).containsExactlyInAnyOrder(
          "column owner_id missing", "unique no_column_pkey lacks owner_id");
      assertThat(found.get(s + ".unique_without")).containsExactlyInAnyOrder(
          "unique unique_without_email lacks owner_id", "identity seq is integer, not bigint");
      assertThat(found.get(s + ".crossing")).containsExactly(
          "fk crossing_other_id_other_account_fkey to " + s + ".other_group not on owner_id");
      assertThat(found.get(s + ".nullable_key")).containsExactly("column owner_id nullable");
      assertThat(found.get(s + ".ref_to_distributed")).containsExactly(
          "fk ref_to_distributed_owner_ref_owner_id_fkey from a reference table to "
              + s + ".owners");
      assertThat(unplaced).containsExactly(s + ".unplaced");

      // An exception kept for the day of the move must still be needed, else it is reported.
      Map<String, Placement> stale = Map.of(s + ".owners",
          new Distributed("owner_id", "owner", Set.of("unique owners_pkey lacks owner_id"),
              Set.of()));
      assertThat(rules.violations(stale).get(s + ".owners")).containsExactly(
          "at-move exception no longer needed, strike it from the plan:"
              + " unique owners_pkey lacks owner_id");
      // A schema-sharded table may not point into another schema; a coordinator one only at
      // coordinator or reference tables.
      Map<String, Placement> placed = Map.of(
          s + ".ref_to_distributed", new SchemaSharded(),
          s + ".owners", new Coordinator(),
          s + ".good", new Coordinator(),
          s + ".rates", new SchemaSharded());
      Map<String, Set<String>> byPlacement = rules.violations(placed);
      assertThat(byPlacement.get(s + ".ref_to_distributed")).containsExactly(
          "fk ref_to_distributed_owner_ref_owner_id_fkey from a schema table to " + s
              + ".owners");
      assertThat(byPlacement.get(s + ".good")).containsExactlyInAnyOrder(
          "fk good_currency_fkey from a coordinator table to " + s + ".rates",
          "schema " + s + " is schema-sharded, so all its tables must be");
    } finally {
      jdbc.sql("drop schema " + s + " cascade").update();
    }
  }

  /**
   * The ledger's rows carry the shard key the writer gives them: an account its owner's bucket
   * (the same in SQL and in plain Java, so the application can route without asking the
   * database), a transfer, a hold's settlement and the hold's timeout row their debit account's.
   */
  @Test
  void ledgerRowsCarryTheirOwnersBucket() {
    LedgerFixture fixture = new LedgerFixture(ledger);
    Account alice = fixture.customer(USD);
    Account bob = fixture.customer(USD);
    fixture.fund(alice, 1_000);
    TransferRequest hold = LedgerFixture.pending(alice.id(), bob.id(), 300, USD,
        Duration.ofHours(1));
    assertThat(ledger.transfer(hold).code()).isEqualTo(TransferResultCode.OK);
    Integer timeoutKey = jdbc.sql(
            "select shard_key from ledger.pending_timeouts where pending_id = :id")
        .param("id", hold.id()).query(Integer.class).single();
    TransferRequest post = TransferRequest.postPending(UUID.randomUUID(), hold.id(), 300, "test");
    assertThat(ledger.transfer(post).code()).isEqualTo(TransferResultCode.OK);

    Map<String, Object> a = jdbc.sql("""
        select owner_type, owner_id, shard_key from ledger.accounts where id = :id
        """).param("id", alice.id()).query().singleRow();
    int aliceKey = ((Number) a.get("shard_key")).intValue();
    assertThat(aliceKey).isEqualTo(bucket("customer", (String) a.get("owner_id")));
    assertThat(timeoutKey).isEqualTo(aliceKey);
    for (UUID id : new UUID[] {hold.id(), post.id()}) {
      assertThat(jdbc.sql("select shard_key from ledger.transfers where id = :id")
          .param("id", id).query(Integer.class).single()).isEqualTo(aliceKey);
    }
    long mismatched = jdbc.sql("""
        select count(*) from ledger.transfers t join ledger.accounts d on d.id = t.debit_account_id
         where t.shard_key <> d.shard_key
        """).query(Long.class).single();
    assertThat(mismatched).as("transfers not under their debit account's shard key").isZero();
    long misplaced = jdbc.sql("""
        select count(*) from ledger.accounts
         where owner_type <> 'system' and shard_key <> ledger.shard_key(owner_type, owner_id)
        """).query(Long.class).single();
    assertThat(misplaced).as("customer or merchant accounts not in their owner's bucket").isZero();
    for (String owner : new String[] {"00000000-0000-0000-0000-000000000001", "okpay", "x"}) {
      assertThat(jdbc.sql("select ledger.shard_key('merchant', :o)").param("o", owner)
          .query(Integer.class).single()).isEqualTo(bucket("merchant", owner));
    }
  }

  /** The bucket formula of V42 in plain Java: first 32 bits of md5, unsigned, modulo 1024. */
  static int bucket(String ownerType, String ownerId) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5")
          .digest((ownerType + ":" + ownerId).getBytes(StandardCharsets.UTF_8));
      long first32 = ((md5[0] & 0xffL) << 24) | ((md5[1] & 0xffL) << 16)
          | ((md5[2] & 0xffL) << 8) | (md5[3] & 0xffL);
      return (int) (first32 % 1024);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
