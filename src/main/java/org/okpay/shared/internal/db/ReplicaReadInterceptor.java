package org.okpay.shared.internal.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.okpay.shared.ReadYourWritesSubject;
import org.okpay.shared.ReplicaRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Around every {@link ReplicaRead} method: decides where its reads go, and runs it again on the
 * primary when the replica failed under it. The rule, in order (the first that applies wins):
 *
 * <ol>
 *   <li>inside a transaction, or inside another routed call: as the caller (its connection);</li>
 *   <li>the replica is not usable (down, lagging beyond max-lag, not a standby of the primary):
 *       primary;</li>
 *   <li>the caller wrote recently and the replica has not replayed that write yet, by this
 *       instance's marker ({@link WriteMarkers}) or by the position the client's cookie carries
 *       from another instance: primary;</li>
 *   <li>otherwise the replica.</li>
 * </ol>
 *
 * <p>Every decision is counted in {@code okpay.db.reads{target, reason}}.
 */
final class ReplicaReadInterceptor implements MethodInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ReplicaReadInterceptor.class);
  /** The WAL position the request's cookie asks for (set by {@link ReadYourWritesFilter}). */
  private static final ThreadLocal<Long> REQUEST_LSN = new ThreadLocal<>();
  /** Set while a routed call runs on this thread. */
  private static final ThreadLocal<Boolean> IN_CALL = new ThreadLocal<>();
  private static final int CAUSES_MAX = 20;

  private final ReplicaMonitor monitor;
  private final WriteMarkers markers;
  private final MeterRegistry meters;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  ReplicaReadInterceptor(ReplicaMonitor monitor, WriteMarkers markers, MeterRegistry meters) {
    this.monitor = monitor;
    this.markers = markers;
    this.meters = meters;
  }

  static void requestLsn(Long lsn) {
    if (lsn == null) {
      REQUEST_LSN.remove();
    } else {
      REQUEST_LSN.set(lsn);
    }
  }

  /** Who is reading: the signed-in subject, or null (nobody's writes to wait for). */
  static String subject() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth.getPrincipal() == null
        || "anonymousUser".equals(auth.getPrincipal())) {
      return null;
    }
    return auth.getPrincipal() instanceof ReadYourWritesSubject subject
        ? subject.readYourWritesKey() : auth.getClass().getSimpleName() + ":" + auth.getName();
  }

  @Override
  public Object invoke(MethodInvocation call) throws Throwable {
    if (IN_CALL.get() != null || TransactionSynchronizationManager.isActualTransactionActive()) {
      // A nested call follows the outer one's choice; a transaction keeps its connection.
      return call.proceed();
    }
    IN_CALL.set(Boolean.TRUE);
    try {
      String primaryReason = primaryReason();
      if (primaryReason != null) {
        count("primary", primaryReason);
        return call.proceed();
      }
      return onReplica(call);
    } finally {
      IN_CALL.remove();
    }
  }

  private Object onReplica(MethodInvocation call) throws Throwable {
    MethodInvocation again = call instanceof ProxyMethodInvocation proxied
        ? proxied.invocableClone() : null;
    boolean retryAllowed = again != null && retryAllowed(call);
    ReplicaRoutingDataSource.takeReplicaBroke();
    ReplicaRoutingDataSource.routeToReplica(true);
    try {
      Object result = call.proceed();
      if (ReplicaRoutingDataSource.takeReplicaBroke() && retryAllowed) {
        // The replica broke under the call and the code caught it (its answer may say
        // "unavailable"): answer from the primary instead.
        ReplicaRoutingDataSource.routeToReplica(false);
        count("primary", "down");
        return again.proceed();
      }
      // The routing data source clears the flag when the replica failed to give a connection.
      boolean replica = ReplicaRoutingDataSource.routedToReplica();
      count(replica ? "replica" : "primary", replica ? "ok" : "down");
      return result;
    } catch (Throwable e) {
      boolean replicaUsed = ReplicaRoutingDataSource.takeReplicaBroke()
          || ReplicaRoutingDataSource.routedToReplica();
      String failure = replicaUsed ? replicaFailure(e) : null;
      if (failure == null || !retryAllowed) {
        throw e;
      }
      ReplicaRoutingDataSource.routeToReplica(false);
      if ("write_refused".equals(failure)) {
        log.error("{} is marked @ReplicaRead but wrote; ran it again on the primary",
            call.getMethod(), e);
      } else if ("down".equals(failure)) {
        monitor.replicaFailed(e instanceof Exception ex ? ex : new RuntimeException(e));
      }
      count("primary", failure);
      return again.proceed();
    } finally {
      ReplicaRoutingDataSource.routeToReplica(false);
    }
  }

  /** Null when the replica may serve this read, else why not. */
  private String primaryReason() {
    ReplicaMonitor.State state = monitor.state();
    if (!state.usable()) {
      return state.reason().key;
    }
    Long asked = REQUEST_LSN.get();
    if (asked != null && asked > state.replayLsn()) {
      return "own_write";
    }
    return markers.needsPrimary(subject(), state.replayLsn()) ? "own_write" : null;
  }

  private static boolean retryAllowed(MethodInvocation call) {
    ReplicaRead marker = AnnotatedElementUtils.findMergedAnnotation(call.getMethod(),
        ReplicaRead.class);
    return marker == null || marker.retryOnPrimary();
  }

  /**
   * Why the replica failed a read, or null for any other error (a bad argument is the caller's,
   * and the primary would refuse it the same way): its connection broke or never came (08xxx,
   * the pool's timeout), it shut down (57P01-57P03), a write was refused on it (25006), or a
   * query was cancelled by a conflict with recovery (40001 on a standby).
   */
  static String replicaFailure(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < CAUSES_MAX; depth++, t = t.getCause()) {
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof java.sql.SQLTransientConnectionException) {
        return "down";
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return "down";
        }
        if ("25006".equals(state)) {
          return "write_refused";
        }
        if ("40001".equals(state)) {
          return "recovery_conflict";
        }
      }
    }
    return null;
  }

  private void count(String target, String reason) {
    counters.computeIfAbsent(target + "|" + reason, k -> Counter.builder("okpay.db.reads")
        .description("@ReplicaRead calls by where they were served and why")
        .tag("target", target).tag("reason", reason).register(meters)).increment();
  }
}
