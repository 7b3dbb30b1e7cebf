package org.okpay.identity.internal;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Forgot password" requests, answered at once and worked off the request's thread: looking
 * the address up, issuing the link and queueing the e-mail happen only for a registered
 * address, so doing them before answering would tell by the answer's time who is a customer
 * (issue 13: 5 ms for an unknown address, 13 ms for a registered one). The request thread now
 * does the same thing for every address: it hands the address over.
 *
 * <p>A request still in the queue when the process dies is lost; its owner asks again (the
 * page says to check the inbox and the spam folder, and to try again). When the queue is full
 * the caller works the request itself rather than drop it: only a flood beyond the queue and
 * the per-IP limit can then time an answer.
 */
@Component
class ResetRequests {

  static final int QUEUE_MAX = 1_000;
  static final int SHUTDOWN_WAIT_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(ResetRequests.class);

  private final UserStore users;
  private final AccountRecovery recovery;
  private final TransactionTemplate tx;
  private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(QUEUE_MAX), r -> {
        Thread thread = new Thread(r, "password-reset-requests");
        thread.setDaemon(true);
        return thread;
      }, new ThreadPoolExecutor.CallerRunsPolicy());

  ResetRequests(UserStore users, AccountRecovery recovery, TransactionTemplate tx) {
    this.users = users;
    this.recovery = recovery;
    this.tx = tx;
  }

  /**
   * Sends a reset link to the address if it has an account, later. {@code email} is already
   * normalized; the link's base is taken now, while the request is at hand.
   */
  void submit(String email, String ip) {
    String base = recovery.baseUrl();
    worker.execute(() -> {
      try {
        users.byEmail(email).ifPresent(user ->
            tx.executeWithoutResult(s -> recovery.sendReset(user, ip, base)));
      } catch (RuntimeException e) {
        log.error("password reset request not sent", e);
      }
    });
  }

  @PreDestroy
  void stop() throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
