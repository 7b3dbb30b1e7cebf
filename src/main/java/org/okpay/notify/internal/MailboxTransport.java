package org.okpay.notify.internal;

import java.util.List;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/** Mailbox mode: an e-mail is "delivered" by keeping it in the development mailbox. */
@Component
@Conditional(SmtpMode.Mailbox.class)
class MailboxTransport implements MailTransport {

  private final MailboxStore mailbox;
  private final NotifyConfiguration.MailFrom from;
  private final NotifyProperties properties;

  MailboxTransport(MailboxStore mailbox, NotifyConfiguration.MailFrom from,
      NotifyProperties properties) {
    this.mailbox = mailbox;
    this.from = from;
    this.properties = properties;
  }

  @Override
  public boolean transactional() {
    return true;
  }

  /** One insert for the batch and one trim, instead of both per e-mail. */
  @Override
  public void deliverAll(List<Outgoing> batch) {
    if (batch.isEmpty()) {
      return;
    }
    String sender = from.address().toUnicodeString();
    mailbox.insertAll(batch.stream().map(o -> new MailboxStore.NewMessage(o.row().id(),
        o.row().recipient(), sender, o.mail(), Locales.tag(o.row().locale()), o.row().template()))
        .toList());
    mailbox.trim(properties.mailboxKeep());
  }
}
