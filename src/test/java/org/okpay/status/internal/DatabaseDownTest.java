package org.okpay.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusApi;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Without its database OKPay can do nothing, and the status must say so rather than fail. */
class DatabaseDownTest {

  @Test
  void anUnreachableDatabaseShowsEveryComponentAsAMajorOutage() {
    // Port 1 on loopback: nothing listens, so every connection is refused at once.
    JdbcClient unreachable = JdbcClient.create(
        new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2"));
    // Neither subscriptions, transactions nor the limiter are reached when the database is down.
    StatusService status = new StatusService(unreachable, Clock.systemUTC(), List.of(), null,
        null, new IncidentStore(unreachable), null, 5, null, null);

    StatusApi.Overview overview = status.overview();

    assertThat(overview.components().values()).containsOnly(ComponentState.MAJOR_OUTAGE);
    assertThat(overview.components()).hasSize(8);
  }
}
