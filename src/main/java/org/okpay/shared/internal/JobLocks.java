package org.okpay.shared.internal;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every {@code @Scheduled} job also carries {@code @SchedulerLock}: with several instances on one
 * database, a run happens on one of them. The lease is kept in {@code shared.shedlock} and timed
 * by the database's clock, so instances with skewed clocks still agree. A job whose instance
 * dies keeps its lease until {@code lockAtMostFor}; every job is also safe to run twice
 * (claims with {@code SKIP LOCKED}, compare-and-set moves), the lock only saves the work.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
class JobLocks {

  @Bean
  LockProvider lockProvider(DataSource dataSource) {
    return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
        .withJdbcTemplate(new JdbcTemplate(dataSource))
        .withTableName("shared.shedlock")
        .usingDbTime()
        .build());
  }
}
