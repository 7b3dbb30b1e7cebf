package org.okpay.notify.internal;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where rendered e-mails go: an SMTP server, or the development mailbox. The dispatcher hands over
 * a claimed batch at a time.
 */
interface MailTransport {

  /** A claimed row and the e-mail it renders to. */
  record Outgoing(OutboxRow row, RenderedEmail mail) {
  }

  /** What became of one e-mail of a batch sent by {@link #send}. */
  record Sent(Outgoing outgoing, Outcome outcome, RuntimeException error) {

    enum Outcome {
      /** The server took it. */
      SENT,
      /** Not sent; {@code error} says why (a MailException is worth retrying, see below). */
      FAILED,
      /** Not tried: the batch's time ran out or the dispatcher is stopping. */
      NOT_TRIED
    }
  }

  /**
   * True when delivery is a database write: the dispatcher then calls {@link #deliverAll} in the
   * transaction that records the batch delivered, so each e-mail is delivered exactly once.
   */
  boolean transactional();

  /** Transactional transports: delivers the whole batch in the caller's transaction, or throws. */
  default void deliverAll(List<Outgoing> batch) {
    throw new UnsupportedOperationException("not a transactional transport");
  }

  /**
   * Other transports: sends the batch in order, each e-mail on its own (one that fails does not
   * stop the others), and reports every one. {@code mayStartNext} is asked before each e-mail;
   * when it says no, that one and the rest are {@code NOT_TRIED}. A
   * {@link org.springframework.mail.MailParseException} or
   * {@link org.springframework.mail.MailPreparationException} means the e-mail itself is unusable;
   * any other error is worth retrying.
   */
  default List<Sent> send(List<Outgoing> batch, BooleanSupplier mayStartNext) {
    throw new UnsupportedOperationException("a transactional transport");
  }
}
