package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** A group commit's transaction plans generically; its pooled connection goes back as it came. */
@OkPayTest
class GenericPlansTest {

  @Autowired DataSource dataSource;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void theSettingLastsUntilTheTransactionEndsWhetherItCommitsOrRollsBack() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String before = mode(c);
      c.setAutoCommit(false);
      GenericPlans.forThisTransaction(c);
      assertThat(mode(c)).isEqualTo("force_generic_plan");
      c.commit();
      assertThat(mode(c)).as("after a commit").isEqualTo(before).isNotEqualTo("force_generic_plan");

      GenericPlans.forThisTransaction(c);
      assertThat(mode(c)).isEqualTo("force_generic_plan");
      c.rollback();
      assertThat(mode(c)).as("after a rollback").isEqualTo(before);
      c.setAutoCommit(true);
    }
  }

  @Test
  void aSpringTransactionTakesItOnItsOwnConnection() {
    String inside = tx.execute(s -> {
      GenericPlans.forThisTransaction(jdbc);
      return jdbc.sql("show plan_cache_mode").query(String.class).single();
    });
    assertThat(inside).isEqualTo("force_generic_plan");
  }

  private static String mode(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show plan_cache_mode")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
