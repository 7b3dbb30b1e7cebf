package org.okpay.notify;

import java.util.List;
import java.util.Optional;

/**
 * Where e-mails go when no SMTP server is configured ({@code OKPAY_SMTP_HOST} empty): instead of
 * being sent they are kept here and shown at {@code /dev/mailbox}. This bean exists only in that
 * mode, so a production instance with SMTP has neither the bean nor the page. Tests use it to read
 * the e-mails an operation sent.
 */
public interface DevMailbox {

  /** Most messages one call returns, and about how many the mailbox keeps. */
  int LIMIT_MAX = 200;

  /** The newest messages first, to {@code to} only when it is not null (case-insensitive). */
  List<MailboxMessage> latest(String to, int limit);

  Optional<MailboxMessage> message(long id);
}
