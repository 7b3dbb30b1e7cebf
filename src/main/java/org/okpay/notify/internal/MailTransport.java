package org.okpay.notify.internal;

/** Where a rendered e-mail goes: an SMTP server, or the development mailbox. */
interface MailTransport {

  /**
   * True when delivery is a database write: the dispatcher then delivers and records it in one
   * transaction, so it happens exactly once.
   */
  boolean transactional();

  /** Delivers or throws; a {@link org.springframework.mail.MailException} is worth retrying. */
  void deliver(OutboxRow row, RenderedEmail mail);
}
