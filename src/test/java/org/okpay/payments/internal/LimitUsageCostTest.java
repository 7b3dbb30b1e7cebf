package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limit check's read costs the same for a user with many payments this month as for one
 * with few: rows read per table and buffers touched by {@link LimitUsage#USAGE}, from EXPLAIN
 * (ANALYZE, BUFFERS), at a fixed moment of a past month. The rows are made before the velocity
 * window, so the velocity count reads none of them; the monthly total reads one row per day.
 * The month scan the totals replaced ({@link LimitTotalsFuzzTest#SCAN}) is measured the same
 * way, to show the measure sees rows where there are rows to read.
 */
@OkPayTest
class LimitUsageCostTest {

  static final Instant NOW = Instant.parse("2025-03-20T12:00:00Z");
  static final int DAYS = 20;

  @Autowired Checks checks;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired LimitUsage usage;
  @Autowired PaymentsProperties properties;

  @Test
  void aUserWithManyRowsReadsWhatAUserWithFewReads() {
    UUID none = UUID.randomUUID();
    UUID few = payer(1);
    UUID many = payer(100);

    Cost noneCost = explain(LimitUsage.USAGE, none);
    Cost fewCost = explain(LimitUsage.USAGE, few);
    Cost manyCost = explain(LimitUsage.USAGE, many);
    System.out.printf("LimitUsageCostTest: none %s, %d rows %s, %d rows %s%n", noneCost,
        DAYS, fewCost, DAYS * 100, manyCost);

    assertThat(noneCost.rows()).isEqualTo(Map.of("limit_usage", 0L, "transactions", 0L));
    // One total per day of the month so far, however many payments made it.
    assertThat(fewCost.rows()).isEqualTo(Map.of("limit_usage", (long) DAYS, "transactions", 0L));
    assertThat(manyCost.rows()).isEqualTo(fewCost.rows());
    // Pages: at most the day rows' own (in a database other tests churn, with autovacuum off,
    // the free space map may put each new day row on a page of its own) and the indexes'
    // descents; not the 2,000 payments'. Equal buffers for both users hold only in a fresh
    // database (bench/limits/usage-cost.sql measures that).
    assertThat(manyCost.buffers()).isLessThanOrEqualTo(2L * DAYS + 10);

    Cost scanned = explain(LimitTotalsFuzzTest.SCAN, many);
    assertThat(scanned.rows().get("transactions")).as("the month scan's rows")
        .isEqualTo(DAYS * 100L);
  }

  @Test
  void theVelocityCountStopsAtTheMax() {
    // The production default (application.yml); the tests' own velocity-max is far higher.
    int cap = 20;
    UUID hasty = UUID.randomUUID();
    Instant since = NOW.minus(properties.velocityWindow());
    int inserted = jdbc.sql("""
        insert into payments.transactions (id, user_id, operation, state, amount_minor,
          currency, fee_minor, counterparty, limit_amount_minor, idempotency_key, request_hash,
          created_at, updated_at)
        select gen_random_uuid(), :user, 'p2p', 'completed', 100, 'USD', 0, 'cost', 100,
               'hasty-' || n, 'hash', t, t
          from generate_series(1, :n) as n,
               lateral (select cast(:since as timestamptz) + n * interval '1 second' as t) as at
        """).param("user", hasty).param("n", 3 * cap)
        .param("since", TransactionStore.ts(since)).update();
    assertThat(inserted).isEqualTo(3 * cap);

    Map<String, Object> params = usageParams(hasty);
    params.put("velocityCap", cap);
    Cost capped = explain(LimitUsage.USAGE, params);
    System.out.printf("LimitUsageCostTest: %d payments in the velocity window, cap %d: %s%n",
        3 * cap, cap, capped);
    assertThat(capped.rows().get("transactions")).as("rows the velocity count read")
        .isEqualTo((long) cap);
    Integer recent = jdbc.sql(LimitUsage.USAGE).params(params)
        .query((rs, n) -> rs.getInt("recent")).single();
    // What the velocity check asks: recent >= velocity-max, so the user is refused.
    assertThat(recent).isEqualTo(cap);

    Checks.Window w = checks.window(NOW);
    LimitUsage.Usage used = usage.usage(hasty, "p2p", w.velocitySince(), w.daySince(),
        w.monthSince());
    assertThat(used.recent()).as("under the tests' velocity-max, the whole window")
        .isEqualTo(Math.min(3 * cap, properties.velocityMax()));
  }

  @Test
  void aNewRecipientCostsADescentNotTheUsersRows() {
    UUID payer = UUID.randomUUID();
    UUID known = UUID.randomUUID();
    int rows = 500;
    int inserted = jdbc.sql("""
        insert into payments.transactions (id, user_id, operation, state, amount_minor,
          currency, fee_minor, counterparty_user_id, counterparty, limit_amount_minor,
          idempotency_key, request_hash, created_at, updated_at)
        select gen_random_uuid(), :user, 'p2p', 'completed', 100, 'USD', 0,
               case when n = 1 then cast(:known as uuid) else gen_random_uuid() end, 'cost', 100,
               'payee-' || n, 'hash', t, t
          from generate_series(1, :n) as n,
               lateral (select cast(:start as timestamptz) + n * interval '1 minute' as t) as at
        """).param("user", payer).param("known", known).param("n", rows)
        .param("start", TransactionStore.ts(Instant.parse("2025-03-01T00:00:00Z"))).update();
    assertThat(inserted).isEqualTo(rows);
    // Statistics as autovacuum would keep them (the tests' server runs without it).
    jdbc.sql("analyze payments.transactions").update();

    Map<String, Object> params = new HashMap<>();
    params.put("user", payer);
    params.put("recipient", UUID.randomUUID());
    Cost newOne = explain(LimitUsage.PAID_USER_BEFORE, params);
    params.put("recipient", known);
    Cost knownOne = explain(LimitUsage.PAID_USER_BEFORE, params);
    Cost newAccount = explain(LimitUsage.PAID_ACCOUNT_BEFORE,
        Map.of("user", payer, "account", "GB00NOTPAIDBEFORE"));
    System.out.printf("LimitUsageCostTest: %d payments, a new recipient %s, a known one %s, "
        + "a new bank account %s%n", rows, newOne, knownOne, newAccount);

    assertThat(newOne.rows().getOrDefault("transactions", 0L)).as("rows for a new recipient")
        .isZero();
    assertThat(knownOne.rows().get("transactions")).as("rows for a known recipient")
        .isEqualTo(1L);
    assertThat(newAccount.rows().getOrDefault("transactions", 0L))
        .as("rows for a new bank account").isZero();
    assertThat(newOne.buffers()).as("buffers for a new recipient").isLessThan(20L);
    assertThat(newAccount.buffers()).as("buffers for a new bank account").isLessThan(20L);
    assertThat(usage.paidBefore(payer, known, null)).isTrue();
    assertThat(usage.paidBefore(payer, UUID.randomUUID(), null)).isFalse();
    assertThat(usage.paidBefore(UUID.randomUUID(), known, null)).as("another payer").isFalse();
  }

  /** A user with {@code perDay} payments of 1.00 on each of the month's first DAYS days. */
  private UUID payer(int perDay) {
    UUID user = UUID.randomUUID();
    int inserted = jdbc.sql("""
        insert into payments.transactions (id, user_id, operation, state, amount_minor,
          currency, fee_minor, counterparty, limit_amount_minor, idempotency_key, request_hash,
          created_at, updated_at)
        select gen_random_uuid(), :user, 'p2p', 'completed', 100, 'USD', 0, 'cost', 100,
               'cost-' || d || '-' || n, 'hash', t, t
          from generate_series(0, :days - 1) as d,
               generate_series(1, :perDay) as n,
               lateral (select cast(:start as timestamptz) + d * interval '1 day'
                                 + n * interval '1 second' as t) as at
        """).param("user", user).param("days", DAYS).param("perDay", perDay)
        .param("start", TransactionStore.ts(Instant.parse("2025-03-01T00:00:00Z"))).update();
    assertThat(inserted).isEqualTo(DAYS * perDay);
    return user;
  }

  /** Rows read per table and buffers touched by {@code sql} for {@code user} at {@link #NOW}. */
  private Cost explain(String sql, UUID user) {
    return explain(sql, usageParams(sql.equals(LimitUsage.USAGE), user));
  }

  private Map<String, Object> usageParams(UUID user) {
    return usageParams(true, user);
  }

  /** The parameters of {@link LimitUsage#USAGE} ({@code totals}) or of the month scan. */
  private Map<String, Object> usageParams(boolean totals, UUID user) {
    Checks.Window w = checks.window(NOW);
    Map<String, Object> params = new HashMap<>();
    params.put("user", user);
    params.put("op", "p2p");
    params.put("velocity", TransactionStore.ts(w.velocitySince()));
    params.put("velocityCap", properties.velocityMax());
    params.put("day", totals ? LimitUsage.utcDay(w.daySince())
        : TransactionStore.ts(w.daySince()));
    params.put("month", totals ? LimitUsage.utcDay(w.monthSince())
        : TransactionStore.ts(w.monthSince()));
    return params;
  }

  private Cost explain(String sql, Map<String, ?> params) {
    String plan = jdbc.sql("explain (analyze, buffers, format json) " + sql).params(params)
        .query(String.class).single();
    JsonNode top = json.readTree(plan).get(0).get("Plan");
    Map<String, Long> rows = new TreeMap<>();
    addRows(top, rows);
    return new Cost(rows, top.get("Shared Hit Blocks").asLong()
        + top.get("Shared Read Blocks").asLong());
  }

  /** Rows each table's scans returned or read and dropped, over all their loops. */
  private static void addRows(JsonNode node, Map<String, Long> rows) {
    if (node.has("Relation Name")) {
      long loops = node.get("Actual Loops").asLong();
      long read = node.get("Actual Rows").asLong() * loops;
      for (String removed : new String[] {"Rows Removed by Filter",
          "Rows Removed by Index Recheck"}) {
        if (node.has(removed)) {
          read += node.get(removed).asLong() * loops;
        }
      }
      rows.merge(node.get("Relation Name").asText(), read, Long::sum);
    }
    if (node.has("Plans")) {
      node.get("Plans").forEach(child -> addRows(child, rows));
    }
  }

  /** @param buffers shared buffers hit or read by the whole statement */
  record Cost(Map<String, Long> rows, long buffers) {
  }
}
