package org.okpay.notify.internal;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.okpay.notify.internal.MailTransport.Sent.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * SMTP mode: sends through Spring Boot's JavaMailSender ({@code spring.mail.*}). Each e-mail is
 * multipart/alternative (plain text and HTML) with a Message-ID derived from its outbox row, so
 * that the rare repeat after a lost lease carries the same id and mail systems can fold it. A
 * batch goes over one SMTP connection (connect, EHLO, STARTTLS and AUTH once, not per e-mail).
 */
@Component
@Conditional(SmtpMode.Smtp.class)
final class SmtpTransport implements MailTransport {

  private static final Logger log = LoggerFactory.getLogger(SmtpTransport.class);

  private final JavaMailSender sender;
  private final NotifyConfiguration.MailFrom from;
  private final Session session;

  SmtpTransport(JavaMailSender sender, NotifyConfiguration.MailFrom from) {
    this.sender = sender;
    this.from = from;
    this.session = sender instanceof JavaMailSenderImpl impl
        ? impl.getSession() : Session.getInstance(new Properties());
  }

  /**
   * Sends the batch in order, each e-mail on its own (one that fails does not stop the others),
   * and reports every one. {@code mayStartNext} is asked before each e-mail; when it says no, that
   * one and the rest are {@code NOT_TRIED}. A {@link MailParseException} or
   * {@link MailPreparationException} means the e-mail itself is unusable; any other error is
   * worth retrying.
   *
   * <p>The batch goes over one connection, opened for it and closed after it. A message the server
   * refuses fails alone; if the connection is lost, the next message opens a new one; if a new one
   * cannot be opened, the rest of the batch fails with that error (retried later, with backoff).
   */
  List<Sent> send(List<Outgoing> batch, BooleanSupplier mayStartNext) {
    if (!(sender instanceof JavaMailSenderImpl impl)) {
      return sendOneByOne(batch, mayStartNext); // a sender we cannot open a connection of
    }
    List<Sent> results = new ArrayList<>(batch.size());
    Transport transport = null;
    RuntimeException cannotConnect = null;
    try {
      for (Outgoing outgoing : batch) {
        if (cannotConnect != null) {
          results.add(new Sent(outgoing, Outcome.FAILED, cannotConnect));
          continue;
        }
        if (!mayStartNext.getAsBoolean()) {
          results.add(new Sent(outgoing, Outcome.NOT_TRIED, null));
          continue;
        }
        MimeMessage message;
        try {
          message = message(outgoing.row(), outgoing.mail());
        } catch (MailException e) {
          results.add(new Sent(outgoing, Outcome.FAILED, e));
          continue;
        }
        if (transport == null) {
          try {
            transport = connect(impl);
          } catch (MailException e) {
            cannotConnect = e;
            results.add(new Sent(outgoing, Outcome.FAILED, e));
            continue;
          }
        }
        try {
          message.setSentDate(new Date());
          message.saveChanges(); // keeps the stable Message-ID, see StableIdMessage
          transport.sendMessage(message, message.getAllRecipients());
          results.add(new Sent(outgoing, Outcome.SENT, null));
        } catch (MessagingException | RuntimeException e) {
          results.add(new Sent(outgoing, Outcome.FAILED,
              new MailSendException("sending failed: " + e.getMessage(), e)));
          // Asking costs a NOOP, so only after a failure: a refused message leaves the connection
          // usable, a dropped connection is replaced for the next message.
          if (!transport.isConnected()) {
            closeQuietly(transport);
            transport = null;
          }
        }
      }
    } finally {
      closeQuietly(transport);
    }
    return results;
  }

  private List<Sent> sendOneByOne(List<Outgoing> batch, BooleanSupplier mayStartNext) {
    List<Sent> results = new ArrayList<>(batch.size());
    for (Outgoing outgoing : batch) {
      if (!mayStartNext.getAsBoolean()) {
        results.add(new Sent(outgoing, Outcome.NOT_TRIED, null));
        continue;
      }
      try {
        sender.send(message(outgoing.row(), outgoing.mail()));
        results.add(new Sent(outgoing, Outcome.SENT, null));
      } catch (MailException e) {
        results.add(new Sent(outgoing, Outcome.FAILED, e));
      }
    }
    return results;
  }

  /** As JavaMailSenderImpl connects for its own sends: same session, server and credentials. */
  private static Transport connect(JavaMailSenderImpl impl) {
    String username = impl.getUsername();
    String password = impl.getPassword();
    if ("".equals(username)) {
      username = null;
      password = "".equals(password) ? null : password;
    }
    try {
      Transport transport = impl.getSession().getTransport(
          impl.getProtocol() == null ? "smtp" : impl.getProtocol());
      transport.connect(impl.getHost(), impl.getPort(), username, password);
      return transport;
    } catch (AuthenticationFailedException e) {
      throw new MailAuthenticationException(e);
    } catch (MessagingException e) {
      throw new MailSendException("mail server connection failed: " + e.getMessage(), e);
    }
  }

  /** Everything given to the connection was sent already; a failing QUIT changes nothing. */
  private static void closeQuietly(Transport transport) {
    if (transport == null) {
      return;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      log.debug("closing the SMTP connection failed; the e-mails it sent are sent", e);
    }
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
