package org.okpay.notify.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Mailbox mode: an e-mail is "delivered" by keeping it in the development mailbox, written on the
 * dispatchers' connections ({@link DispatchDatabase}) so that it joins the transaction that
 * records the batch delivered.
 */
@Component
@Conditional(SmtpMode.Mailbox.class)
final class MailboxTransport implements MailTransport {

  private final MailboxStore mailbox;
  /**
   * Below this id this instance's trims have deleted everything (0: not yet trimmed). Another
   * instance trims from its own bound; rows it already deleted are simply gone for this one.
   */
  private final AtomicLong trimmedBelow = new AtomicLong();
  private final NotifyConfiguration.MailFrom from;
  private final NotifyProperties properties;

  MailboxTransport(DispatchDatabase database, NotifyConfiguration.MailFrom from,
      NotifyProperties properties) {
    this.mailbox = new MailboxStore(database.jdbc());
    this.from = from;
    this.properties = properties;
  }

  /**
   * Delivers the whole batch in the caller's transaction (on the dispatchers' connections), or
   * throws: one insert for the batch and one trim, instead of both per e-mail.
   */
  void deliverAll(List<Outgoing> batch) {
    if (batch.isEmpty()) {
      return;
    }
    String sender = from.address().toUnicodeString();
    mailbox.insertAll(batch.stream().map(o -> new MailboxStore.NewMessage(o.row().id(),
        o.row().recipient(), sender, o.mail(), Locales.tag(o.row().locale()), o.row().template()))
        .toList());
    long below = mailbox.trim(properties.mailboxKeep(), trimmedBelow.get());
    // Only once the deletes are committed: after a rollback the next trim covers them again.
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          trimmedBelow.accumulateAndGet(below, Math::max);
        }
      });
    }
  }
}
