package org.okpay.shared.internal.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL on a thread of its own once the application's settings are known
 * and before the context's refresh (ApplicationPreparedEvent), so that the server's start (reading
 * and checking its binaries, pg_ctl, the wait until it answers) runs while the main thread reads
 * several hundred configuration classes. The {@code embeddedPostgres} bean then takes the started
 * server instead of starting one; a start that failed throws from that bean, as before.
 *
 * <p>It starts only where EmbeddedDatabaseConfiguration applies (no {@code spring.datasource.url})
 * and {@code okpay.embedded-db.early-start} is not false. A server no bean took (the refresh failed
 * first, or a context without the configuration) is stopped when the context closes or its
 * refresh fails. Registered in META-INF/spring.factories: it has to run before any bean exists.
 */
public final class EmbeddedDatabaseEarlyStart implements ApplicationListener<ApplicationPreparedEvent> {

  static final String BEAN_NAME = "okpay.embeddedDatabaseEarlyStart";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseEarlyStart.class);

  @Override
  public void onApplicationEvent(ApplicationPreparedEvent event) {
    ConfigurableApplicationContext context = event.getApplicationContext();
    if (!applies(context.getEnvironment())) {
      return;
    }
    EmbeddedDatabaseProperties properties = Binder.get(context.getEnvironment())
        .bindOrCreate("okpay.embedded-db", EmbeddedDatabaseProperties.class);
    Started started = new Started(properties);
    ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
    beanFactory.registerSingleton(BEAN_NAME, started);
    ((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(BEAN_NAME, started);
  }

  /** EmbeddedDatabaseConfiguration's condition, and the switch that turns this start off. */
  static boolean applies(Environment environment) {
    return environment.getProperty("spring.datasource.url", "").isBlank()
        && environment.getProperty("okpay.embedded-db.early-start", Boolean.class, true);
  }

  /** A server being started on its own thread; taken once by the embeddedPostgres bean. */
  static final class Started implements DisposableBean {

    private final EmbeddedDatabaseProperties properties;
    private final CompletableFuture<EmbeddedPostgres> server = new CompletableFuture<>();
    private boolean taken;

    Started(EmbeddedDatabaseProperties properties) {
      this.properties = properties;
      Thread.ofPlatform().name("embedded-postgres-start").daemon().start(this::run);
    }

    private void run() {
      try {
        server.complete(EmbeddedDatabaseConfiguration.start(properties));
      } catch (Throwable e) {
        server.completeExceptionally(e);
      }
    }

    /**
     * Waits for the server and hands it over; the caller closes it. Settings bound again by the
     * context are the same by construction; should they differ, this server is stopped and one
     * with the context's settings started.
     */
    synchronized EmbeddedPostgres take(EmbeddedDatabaseProperties wanted) throws IOException {
      if (taken) {
        throw new IllegalStateException("the early-started embedded PostgreSQL was taken already");
      }
      taken = true;
      long waitNs = System.nanoTime();
      EmbeddedPostgres postgres = await();
      // How much of the server's start the context still waited for: the part not overlapped.
      log.info("the context waited {} ms for the embedded PostgreSQL started beside it",
          (System.nanoTime() - waitNs) / 1_000_000);
      if (properties.equals(wanted)) {
        return postgres;
      }
      log.warn("embedded PostgreSQL: settings changed between the early start and the context; starting again");
      postgres.close();
      return EmbeddedDatabaseConfiguration.start(wanted);
    }

    private EmbeddedPostgres await() throws IOException {
      try {
        return server.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new UncheckedIOException(new IOException(cause));
      }
    }

    /** The context closed or failed without taking the server: stop it, it is nobody's. */
    @Override
    public synchronized void destroy() throws IOException {
      if (taken) {
        return;
      }
      taken = true;
      try {
        server.join().close();
      } catch (CompletionException e) {
        // It never started; the context's own failure says why it stops.
      }
    }
  }
}
