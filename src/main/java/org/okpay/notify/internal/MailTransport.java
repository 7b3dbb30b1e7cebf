package org.okpay.notify.internal;

/**
 * Where rendered e-mails go, one of two kinds that deliver differently: the development mailbox
 * ({@link MailboxTransport}: a database write, made in the transaction that records the batch
 * delivered, so exactly once) or an SMTP server ({@link SmtpTransport}: sent first, recorded
 * after, so at least once). The dispatcher hands over a claimed batch at a time.
 */
sealed interface MailTransport permits MailboxTransport, SmtpTransport {

  /** A claimed row and the e-mail it renders to. */
  record Outgoing(OutboxRow row, RenderedEmail mail) {
  }

  /** What became of one e-mail of a batch sent by {@link SmtpTransport#send}. */
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
}
