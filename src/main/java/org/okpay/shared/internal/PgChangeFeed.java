package org.okpay.shared.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.okpay.shared.ChangeFeed;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@link ChangeFeed} on one JDBC connection of its own (not from the pool: it is held for the
 * instance's life, and behind PgBouncer in transaction mode it must go straight to PostgreSQL,
 * through {@code spring.flyway.url} as the migrations do). One platform thread waits for
 * notices, pings the connection when idle so a dead one is noticed within
 * {@link #PING_INTERVAL} plus the network timeout, and reconnects after {@link #RETRY_DELAY}.
 */
@Component
class PgChangeFeed implements ChangeFeed, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PgChangeFeed.class);
  static final Duration WAIT = Duration.ofMillis(500);
  static final Duration PING_INTERVAL = Duration.ofSeconds(2);
  static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(5);
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final Environment environment;
  private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
  private volatile boolean live;
  private volatile boolean running;
  private volatile boolean resubscribe;
  private Thread thread;

  PgChangeFeed(DataSource dataSource, Environment environment) {
    this.dataSource = dataSource;
    this.environment = environment;
  }

  @Override
  public void subscribe(String channel, Runnable onChange) {
    subscribeWithPayload(channel, payload -> onChange.run());
  }

  @Override
  public void subscribeWithPayload(String channel, Consumer<String> onNotice) {
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException("not a channel name: " + channel);
    }
    listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onNotice);
    // A channel added while connected is listened to after a reconnect; until then not live.
    resubscribe = true;
    live = false;
    onNotice.accept(null);
  }

  @Override
  public boolean live() {
    return live;
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("okpay-change-feed").start(this::loop);
  }

  @Override
  public synchronized void stop() {
    running = false;
    live = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(WAIT.plus(NETWORK_TIMEOUT).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    while (running) {
      try (Connection connection = connect()) {
        if (connection == null) {
          return;
        }
        listen(connection);
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("change feed: connection lost ({}); caches read the database until it is back",
              e.toString());
        }
      } finally {
        lost();
      }
      pause(RETRY_DELAY);
    }
  }

  private void listen(Connection connection) throws SQLException {
    resubscribe = false;
    try (Statement s = connection.createStatement()) {
      for (String channel : listeners.keySet()) {
        s.execute("listen " + channel);
      }
    }
    live = true;
    everyone();
    PGConnection pg = connection.unwrap(PGConnection.class);
    long quietSince = System.nanoTime();
    while (running && !resubscribe) {
      PGNotification[] notices = pg.getNotifications((int) WAIT.toMillis());
      if (notices != null && notices.length > 0) {
        for (PGNotification notice : notices) {
          tell(notice.getName(), notice.getParameter());
        }
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > PING_INTERVAL.toNanos()) {
        try (Statement s = connection.createStatement()) {
          s.execute("select 1");
        }
        quietSince = System.nanoTime();
      }
    }
  }

  private void lost() {
    boolean was = live;
    live = false;
    if (was) {
      everyone();
    }
  }

  private void everyone() {
    listeners.keySet().forEach(channel -> tell(channel, null));
  }

  /** {@code payload} null: the connection came or went. */
  private void tell(String channel, String payload) {
    for (Consumer<String> listener : listeners.getOrDefault(channel, List.of())) {
      try {
        listener.accept(payload);
      } catch (RuntimeException e) {
        log.error("change feed: a listener of {} failed", channel, e);
      }
    }
  }

  /** A connection of its own; null when there is no way to make one (then never live). */
  private Connection connect() throws SQLException {
    String url = environment.getProperty("spring.flyway.url");
    String user = environment.getProperty("spring.flyway.user");
    String password = environment.getProperty("spring.flyway.password");
    if (url == null || url.isBlank()) {
      if (!dataSource.isWrapperFor(HikariDataSource.class)) {
        log.warn("change feed: no JDBC URL known for a listening connection; caches stay off");
        return null;
      }
      HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
      url = hikari.getJdbcUrl();
      user = hikari.getUsername();
      password = hikari.getPassword();
    }
    Properties properties = new Properties();
    if (user != null && !user.isBlank()) {
      properties.setProperty("user", user);
    }
    if (password != null && !password.isBlank()) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", "okpay change feed");
    Connection connection = DriverManager.getConnection(url, properties);
    connection.setAutoCommit(true);
    connection.setNetworkTimeout(Runnable::run,
        (int) NETWORK_TIMEOUT.toMillis());
    return connection;
  }

  private void pause(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
