package okpay.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the statements and commits the application sends through its DataSource, by the kind
 * of thread that sends them: the bench's callers (the request path), the ledger's writers, the
 * notification dispatchers, and everything else (the reconciler, janitors, the bench's probes). Each counted call is
 * about one round trip to the server with pgjdbc (a statement, with BEGIN folded into the first
 * one of a transaction; a commit or rollback; a JDBC batch counts once). The application's code
 * is untouched: its DataSource bean is wrapped as it is created, and every connection it hands
 * out is a proxy that counts and delegates.
 */
final class StatementCounter {

  enum Kind {
    REQUEST("request threads"), GROUP_COMMIT("payments recorders/completers"),
    LEDGER_WRITER("ledger writers"),
    NOTIFY("notify dispatchers"), BACKGROUND("background");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private static final ThreadLocal<Boolean> REQUEST_THREAD = new ThreadLocal<>();
  private static final String LEDGER_WRITER_PREFIX = "ledger-writer";
  private static final String NOTIFY_DISPATCHER_PREFIX = "okpay-notify-dispatcher";
  /** The request path's group commit (payments.internal.GroupCommit): payments-record-N, ... */
  private static final String GROUP_COMMIT_PREFIX = "payments-";

  private final LongAdder[] statements = adders();
  private final LongAdder[] commits = adders();

  /** Marks the calling thread as one of the bench's callers, for the rest of its life. */
  static void markRequestThread() {
    REQUEST_THREAD.set(Boolean.TRUE);
  }

  /** Registers the wrapping of the application's DataSource; pass to SpringApplication. */
  ApplicationContextInitializer<ConfigurableApplicationContext> initializer() {
    return context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof DataSource ds && !(bean instanceof Counting) ? new Counting(ds)
            : bean;
      }
    });
  }

  record Snapshot(long[] statements, long[] commits) {

    Snapshot minus(Snapshot earlier) {
      long[] s = new long[statements.length];
      long[] c = new long[commits.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = statements[i] - earlier.statements[i];
        c[i] = commits[i] - earlier.commits[i];
      }
      return new Snapshot(s, c);
    }

    long statements(Kind kind) {
      return statements[kind.ordinal()];
    }

    long commits(Kind kind) {
      return commits[kind.ordinal()];
    }

    long roundTrips() {
      long sum = 0;
      for (int i = 0; i < statements.length; i++) {
        sum += statements[i] + commits[i];
      }
      return sum;
    }
  }

  Snapshot snapshot() {
    long[] s = new long[statements.length];
    long[] c = new long[commits.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = statements[i].sum();
      c[i] = commits[i].sum();
    }
    return new Snapshot(s, c);
  }

  private static LongAdder[] adders() {
    LongAdder[] a = new LongAdder[Kind.values().length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  private static Kind kind() {
    if (REQUEST_THREAD.get() != null) {
      return Kind.REQUEST;
    }
    String name = Thread.currentThread().getName();
    if (name.startsWith(NOTIFY_DISPATCHER_PREFIX)) {
      return Kind.NOTIFY;
    }
    if (name.startsWith(GROUP_COMMIT_PREFIX)) {
      return Kind.GROUP_COMMIT;
    }
    return name.startsWith(LEDGER_WRITER_PREFIX) ? Kind.LEDGER_WRITER : Kind.BACKGROUND;
  }

  /** The application's pool, with every connection it hands out counted. */
  private final class Counting extends DelegatingDataSource {

    Counting(DataSource target) {
      super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
      return connection(super.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return connection(super.getConnection(user, password));
    }
  }

  /**
   * Only the connection is a proxy: Spring's JdbcTemplate (under JdbcClient) prepares a new
   * statement for every execution, so counting {@code prepareStatement}/{@code createStatement}
   * counts executions, and the statements themselves, with their many setter calls, stay
   * unwrapped and cost nothing extra.
   */
  private Connection connection(Connection target) {
    return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "equals" -> {
              return proxy == args[0];
            }
            case "hashCode" -> {
              return System.identityHashCode(proxy);
            }
            case "prepareStatement", "createStatement", "prepareCall" ->
                statements[kind().ordinal()].increment();
            case "commit", "rollback" -> commits[kind().ordinal()].increment();
            default -> {
            }
          }
          return call(target, method, args);
        });
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
