package org.okpay.citus;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.okpay.citus.DistributionPlan.Coordinator;
import org.okpay.citus.DistributionPlan.Distributed;
import org.okpay.citus.DistributionPlan.Placement;
import org.okpay.citus.DistributionPlan.Reference;
import org.okpay.citus.DistributionPlan.SchemaSharded;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the catalog of a plain PostgreSQL database and reports, per table, what would stop
 * {@code create_distributed_table}, {@code create_reference_table} or a distributed schema from
 * taking it as the plan says. The rules are Citus's documented ones (docs/scaling.md); Citus
 * itself is not installed here, so this is what can be checked without it.
 */
final class CitusRules {

  record Column(String name, String type, boolean notNull, boolean identity) {
  }

  record UniqueIndex(String name, List<String> columns, boolean hasExpressions) {
  }

  record ForeignKey(String name, String table, List<String> columns, String target,
      List<String> targetColumns) {
  }

  private final JdbcClient jdbc;

  CitusRules(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Tables (schema.name) of the given schemas. */
  Set<String> tables(Set<String> schemas) {
    return new TreeSet<>(jdbc.sql("""
        select n.nspname || '.' || c.relname
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any(:schemas)
        """).param("schemas", schemas.toArray(String[]::new)).query(String.class).list());
  }

  /** Schemas of the application: everything but PostgreSQL's own and the given scratch ones. */
  Set<String> applicationSchemas(String excludedPrefix) {
    return new TreeSet<>(jdbc.sql("""
        select nspname from pg_namespace
         where nspname not like 'pg\\_%' and nspname <> 'information_schema'
           and nspname not like :excluded
        """).param("excluded", excludedPrefix + "%").query(String.class).list());
  }

  /**
   * Every rule break of the tables in {@code plan}, by table: a distributed table lacking its
   * column, a unique index without it, a foreign key that would cross shards, a reference table
   * pointing at a distributed one, an identity column too narrow for Citus's per-node ranges.
   */
  Map<String, Set<String>> violations(Map<String, Placement> plan) {
    Map<String, Set<String>> found = new TreeMap<>();
    for (Map.Entry<String, Placement> e : plan.entrySet()) {
      Set<String> v = new TreeSet<>();
      String table = e.getKey();
      switch (e.getValue()) {
        case Distributed d -> distributed(table, d, plan, v);
        case Reference r -> onlyTo(table, plan, v, "reference", false);
        case SchemaSharded s -> onlyTo(table, plan, v, "schema", true);
        case Coordinator c -> onlyTo(table, plan, v, "coordinator", false);
      }
      found.put(table, v);
    }
    // Citus distributes a schema as a whole: it cannot hold tables placed otherwise.
    Set<String> sharded = new TreeSet<>();
    plan.forEach((t, placement) -> {
      if (placement instanceof SchemaSharded) {
        sharded.add(schema(t));
      }
    });
    plan.forEach((t, placement) -> {
      if (!(placement instanceof SchemaSharded) && sharded.contains(schema(t))) {
        found.get(t).add("schema " + schema(t) + " is schema-sharded, so all its tables must be");
      }
    });
    return found;
  }

  private void distributed(String table, Distributed d, Map<String, Placement> plan,
      Set<String> v) {
    List<Column> columns = columns(table);
    Column key = columns.stream().filter(c -> c.name().equals(d.column())).findFirst()
        .orElse(null);
    if (key == null) {
      v.add("column " + d.column() + " missing");
    } else {
      if (!key.notNull()) {
        v.add("column " + d.column() + " nullable");
      }
      for (Map.Entry<String, Placement> other : plan.entrySet()) {
        if (other.getValue() instanceof Distributed o && o.group().equals(d.group())
            && !other.getKey().equals(table)) {
          columns(other.getKey()).stream().filter(c -> c.name().equals(o.column()))
              .filter(c -> !c.type().equals(key.type())).findFirst()
              .ifPresent(c -> v.add("column " + d.column() + " is " + key.type() + " but "
                  + other.getKey() + "." + o.column() + " in group " + d.group() + " is "
                  + c.type()));
        }
      }
    }
    for (Column c : columns) {
      // Citus hands each node its own range of a sequence: it needs 64 bits for that.
      if (c.identity() && !c.type().equals("bigint")) {
        v.add("identity " + c.name() + " is " + c.type() + ", not bigint");
      }
    }
    for (UniqueIndex u : uniqueIndexes(table)) {
      if (!u.columns().contains(d.column())) {
        v.add("unique " + u.name() + " lacks " + d.column());
      }
    }
    for (ForeignKey fk : foreignKeys(table)) {
      Placement target = plan.get(fk.target());
      if (target instanceof Reference) {
        continue;
      }
      if (target instanceof Distributed t && t.group().equals(d.group())
          && keyedTogether(fk, d.column(), t.column())) {
        continue;
      }
      v.add("fk " + fk.name() + " to " + fk.target() + " not on " + d.column());
    }
    for (String waiting : d.atMove()) {
      if (!v.remove(waiting)) {
        v.add("at-move exception no longer needed, strike it from the plan: " + waiting);
      }
    }
  }

  /** The foreign key maps this table's distribution column to the target's. */
  private static boolean keyedTogether(ForeignKey fk, String column, String targetColumn) {
    int at = fk.columns().indexOf(column);
    return at >= 0 && fk.targetColumns().get(at).equals(targetColumn);
  }

  /**
   * A reference, schema-sharded or coordinator table may point only at reference tables and at
   * tables placed like itself (for a distributed schema: in the same schema).
   */
  private void onlyTo(String table, Map<String, Placement> plan, Set<String> v, String kind,
      boolean sameSchema) {
    for (ForeignKey fk : foreignKeys(table)) {
      Placement target = plan.get(fk.target());
      boolean ok = target instanceof Reference
          || (!sameSchema && target != null
              && target.getClass().equals(plan.get(table).getClass()))
          || (sameSchema && target instanceof SchemaSharded
              && schema(fk.target()).equals(schema(table)));
      if (!ok) {
        v.add("fk " + fk.name() + " from a " + kind + " table to " + fk.target());
      }
    }
  }

  private static String schema(String table) {
    return table.substring(0, table.indexOf('.'));
  }

  List<Column> columns(String table) {
    return jdbc.sql("""
        select a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull,
               a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid), '')
                 like 'nextval(%' as identity
          from pg_attribute a
          left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
         where a.attrelid = cast(:t as regclass) and a.attnum > 0 and not a.attisdropped
         order by a.attnum
        """).param("t", table).query((rs, n) -> new Column(rs.getString(1), rs.getString(2),
            rs.getBoolean(3), rs.getBoolean(4))).list();
  }

  List<UniqueIndex> uniqueIndexes(String table) {
    return jdbc.sql("""
        select c.relname,
               array(select a.attname from unnest(i.indkey) with ordinality k(num, pos)
                       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.num
                      order by k.pos) as columns,
               i.indexprs is not null
          from pg_index i join pg_class c on c.oid = i.indexrelid
         where i.indrelid = cast(:t as regclass) and i.indisunique
         order by c.relname
        """).param("t", table).query((rs, n) -> new UniqueIndex(rs.getString(1),
            strings(rs, 2), rs.getBoolean(3))).list();
  }

  List<ForeignKey> foreignKeys(String table) {
    return jdbc.sql("""
        select c.conname, tn.nspname || '.' || t.relname as target,
               array(select a.attname from unnest(c.conkey) with ordinality k(num, pos)
                       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.num
                      order by k.pos) as columns,
               array(select a.attname from unnest(c.confkey) with ordinality k(num, pos)
                       join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.num
                      order by k.pos) as target_columns
          from pg_constraint c
          join pg_class t on t.oid = c.confrelid
          join pg_namespace tn on tn.oid = t.relnamespace
         where c.contype = 'f' and c.conrelid = cast(:t as regclass)
         order by c.conname
        """).param("t", table).query((rs, n) -> new ForeignKey(rs.getString(1), table,
            strings(rs, 3), rs.getString(2), strings(rs, 4))).list();
  }

  private static List<String> strings(ResultSet rs, int column) throws SQLException {
    Array array = rs.getArray(column);
    return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
  }
}
