package org.okpay.shared.internal.db;

import com.zaxxer.hikari.HikariConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.okpay.shared.ReplicaRead;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The read replica, on when {@code okpay.db.replica.url} ({@code OKPAY_DB_REPLICA_URL}) is set;
 * without it none of these beans exist and every read goes to the one database as before.
 *
 * <p>The application's {@code dataSource} bean (the external pool Spring Boot makes, or the
 * embedded one) is wrapped in a {@link ReplicaRoutingDataSource} that holds a second, smaller
 * Hikari pool to the replica. That pool is not a bean of its own, so Flyway, the health check
 * and everything that asks for "the" DataSource keep the primary. See docs/cluster.md "Read
 * replica".
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${okpay.db.replica.url:}'.isBlank()")
class ReplicaConfiguration {

  static final String PRIMARY_BEAN = "dataSource";

  static ReplicaProperties properties(Environment environment) {
    return Binder.get(environment).bind("okpay.db.replica", ReplicaProperties.class)
        .orElseThrow(() -> new IllegalStateException("okpay.db.replica is not bound"));
  }

  /** Wraps the primary pool as it is made; static so that it runs before any DataSource user. */
  @Bean
  static BeanPostProcessor replicaRouting(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (PRIMARY_BEAN.equals(name) && bean instanceof DataSource primary
            && !(bean instanceof ReplicaRoutingDataSource)) {
          return new ReplicaRoutingDataSource(primary, replicaConfig(properties(environment)));
        }
        return bean;
      }
    };
  }

  static HikariConfig replicaConfig(ReplicaProperties properties) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(properties.url());
    if (properties.username() != null && !properties.username().isBlank()) {
      config.setUsername(properties.username());
    }
    if (properties.password() != null && !properties.password().isBlank()) {
      config.setPassword(properties.password());
    }
    config.setPoolName("okpay-replica");
    config.setMaximumPoolSize(properties.poolSize());
    config.setMinimumIdle(Math.min(2, properties.poolSize()));
    config.setConnectionTimeout(properties.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(1000, properties.connectionTimeout().toMillis()));
    // The application starts (and serves from the primary) while the replica is down.
    config.setInitializationFailTimeout(-1);
    config.setReadOnly(true);
    return config;
  }

  private static ReplicaRoutingDataSource routing(DataSource dataSource) {
    try {
      return dataSource.unwrap(ReplicaRoutingDataSource.class);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("the dataSource bean is not routed to the replica", e);
    }
  }

  @Bean(destroyMethod = "close")
  ReplicaMonitor replicaMonitor(DataSource dataSource, Environment environment) {
    ReplicaRoutingDataSource routing = routing(dataSource);
    ReplicaMonitor monitor = new ReplicaMonitor(routing.primary(), routing.replica(),
        properties(environment));
    routing.onReplicaFailure(monitor::replicaFailed);
    monitor.start();
    return monitor;
  }

  @Bean
  WriteMarkers replicaWriteMarkers(Environment environment) {
    ReplicaProperties properties = properties(environment);
    return new WriteMarkers(properties.readYourWritesWindow(), properties.markersMax());
  }

  /** Around {@link ReplicaRead} methods, outside their transaction (so it can pick the pool). */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static DefaultPointcutAdvisor replicaReadAdvisor(
      org.springframework.beans.factory.ObjectProvider<ReplicaReadInterceptor> interceptor) {
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
        new AnnotationMatchingPointcut(null, ReplicaRead.class, true),
        (org.aopalliance.intercept.MethodInterceptor) call ->
            interceptor.getObject().invoke(call));
    advisor.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return advisor;
  }

  @Bean
  ReplicaReadInterceptor replicaReadInterceptor(ReplicaMonitor monitor, WriteMarkers markers,
      MeterRegistry meters) {
    return new ReplicaReadInterceptor(monitor, markers, meters);
  }

  /** After Spring Security's chain (order -100), so the signed-in subject is known. */
  @Bean
  FilterRegistrationBean<ReadYourWritesFilter> readYourWritesFilter(DataSource dataSource,
      WriteMarkers markers, Environment environment) {
    FilterRegistrationBean<ReadYourWritesFilter> registration = new FilterRegistrationBean<>(
        new ReadYourWritesFilter(routing(dataSource).primary(), markers,
            properties(environment).readYourWritesWindow()));
    registration.setOrder(0);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    return registration;
  }

  @Bean
  io.micrometer.core.instrument.binder.MeterBinder replicaMeters(ReplicaMonitor monitor,
      WriteMarkers markers) {
    return meters -> {
      Gauge.builder("okpay.db.replica.usable", monitor, m -> m.state().usable() ? 1 : 0)
          .description("1 while the read replica serves reads, 0 while they go to the primary")
          .register(meters);
      io.micrometer.core.instrument.TimeGauge.builder("okpay.db.replica.lag", monitor,
          TimeUnit.MILLISECONDS, m -> m.state().lagMs())
          .description("age of the oldest primary WAL position the replica has not replayed")
          .register(meters);
      Gauge.builder("okpay.db.replica.write.markers", markers, WriteMarkers::size)
          .description("users whose recent writes keep their reads on the primary")
          .register(meters);
    };
  }

  /**
   * Always UP, with the replica's state as details: a replica that is down or behind costs the
   * primary some reads, never an instance's place behind the load balancer.
   */
  @Bean
  HealthIndicator replicaHealthIndicator(ReplicaMonitor monitor) {
    return () -> {
      ReplicaMonitor.State state = monitor.state();
      return Health.up()
          .withDetail("reads", state.usable() ? "replica" : "primary")
          .withDetail("state", state.reason().key)
          .withDetail("lagMs", state.lagMs())
          .withDetail("replayLsn", state.replayLsn())
          .build();
    };
  }
}
