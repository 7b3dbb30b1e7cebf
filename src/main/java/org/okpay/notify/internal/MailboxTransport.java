package org.okpay.notify.internal;

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

  @Override
  public void deliver(OutboxRow row, RenderedEmail mail) {
    mailbox.insert(row.id(), row.recipient(), from.address().toUnicodeString(), mail,
        Locales.tag(row.locale()), row.template());
    mailbox.trim(properties.mailboxKeep());
  }
}
