package org.okpay.notify.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import org.springframework.context.annotation.Conditional;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * SMTP mode: sends through Spring Boot's JavaMailSender ({@code spring.mail.*}). Each e-mail is
 * multipart/alternative (plain text and HTML) with a Message-ID derived from its outbox row, so
 * that the rare repeat after a lost lease carries the same id and mail systems can fold it.
 */
@Component
@Conditional(SmtpMode.Smtp.class)
class SmtpTransport implements MailTransport {

  private final JavaMailSender sender;
  private final NotifyConfiguration.MailFrom from;
  private final Session session;

  SmtpTransport(JavaMailSender sender, NotifyConfiguration.MailFrom from) {
    this.sender = sender;
    this.from = from;
    this.session = sender instanceof JavaMailSenderImpl impl
        ? impl.getSession() : Session.getInstance(new Properties());
  }

  @Override
  public boolean transactional() {
    return false;
  }

  @Override
  public void deliver(OutboxRow row, RenderedEmail mail) {
    sender.send(message(row, mail));
  }

  MimeMessage message(OutboxRow row, RenderedEmail mail) {
    MimeMessage message = new StableIdMessage(session, messageId(row));
    try {
      MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
      helper.setFrom(from.address());
      helper.setTo(row.recipient());
      helper.setSubject(mail.subject());
      if (mail.replyTo() != null) {
        helper.setReplyTo(mail.replyTo());
      }
      helper.setText(mail.text(), mail.html());
      message.setHeader("Auto-Submitted", "auto-generated");
      message.setHeader("Content-Language", Locales.tag(row.locale()));
      return message;
    } catch (jakarta.mail.internet.AddressException e) {
      throw new MailParseException("bad recipient address", e);
    } catch (MessagingException e) {
      throw new MailPreparationException("could not build the message", e);
    }
  }

  private String messageId(OutboxRow row) {
    String address = from.address().getAddress();
    String domain = address.substring(address.indexOf('@') + 1);
    long createdMicros = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, row.createdAt());
    return "<okpay.outbox." + row.id() + "." + createdMicros + "@" + domain + ">";
  }

  /** A MimeMessage that keeps the Message-ID it was given instead of generating one per send. */
  private static final class StableIdMessage extends MimeMessage {
    private final String messageId;

    StableIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
