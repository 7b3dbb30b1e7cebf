package org.okpay.support.internal.mail;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.okpay.SeparateTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real mail server for the support mailbox tests: GreenMail with SMTP (OKPay's outgoing case
 * e-mails arrive there) and IMAP (the support mailbox the poller reads), on ports chosen once.
 * The instance polls it with {@code okpay.support.imap.*} set; the schedule is an hour, so the
 * tests run each poll themselves and nothing polls behind their back.
 */
public final class MailboxFixture {

  public static final String SUPPORT = "support@okpay.test";
  public static final String SUPPORT_PASSWORD = "support-mailbox-secret";
  public static final String PROCESSED = "Processed";
  private static final int SMTP_PORT = freePort();
  private static final int IMAP_PORT = freePort();

  private MailboxFixture() {
  }

  public static GreenMailExtension greenMail() {
    return new GreenMailExtension(new ServerSetup[] {
        new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
        .withPerMethodLifecycle(false);
  }

  /** The instance's settings: its own database, SMTP to GreenMail, the IMAP mailbox on. */
  public static void properties(DynamicPropertyRegistry registry, String database) {
    registry.add("spring.datasource.url", () -> SeparateTestDatabase.url(database));
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP_PORT);
    registry.add("okpay.notify.poll-interval", () -> "100ms");
    registry.add("okpay.support.imap.enabled", () -> "true");
    registry.add("okpay.support.imap.host", () -> "127.0.0.1");
    registry.add("okpay.support.imap.port", () -> IMAP_PORT);
    registry.add("okpay.support.imap.ssl", () -> "false");
    registry.add("okpay.support.imap.username", () -> SUPPORT);
    registry.add("okpay.support.imap.password", () -> SUPPORT_PASSWORD);
    registry.add("okpay.support.imap.processed-folder", () -> PROCESSED);
    registry.add("okpay.support.imap.poll-interval", () -> "1h");
  }

  public static GreenMailUser supportUser(GreenMailExtension greenMail) {
    return greenMail.setUser(SUPPORT, SUPPORT, SUPPORT_PASSWORD);
  }

  /** The first e-mail GreenMail received for {@code to} that matches, waiting for it. */
  public static MimeMessage awaitMail(GreenMailExtension greenMail, String to,
      java.util.function.Predicate<MimeMessage> matching) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> received(greenMail, to).stream().anyMatch(matching));
    return received(greenMail, to).stream().filter(matching).findFirst().orElseThrow();
  }

  private static List<MimeMessage> received(GreenMailExtension greenMail, String to) {
    return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
            .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(to));
      } catch (MessagingException e) {
        return false;
      }
    }).toList();
  }

  /** A customer's answer to one of our e-mails, as a mail program writes it. */
  public static MimeMessage answer(MimeMessage ours, String from, String text, String messageId)
      throws MessagingException {
    MimeMessage reply = new MimeMessage(Session.getInstance(new Properties())) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
      }
    };
    reply.setFrom(new InternetAddress(from));
    reply.setRecipients(Message.RecipientType.TO, ours.getReplyTo());
    reply.setSubject("Re: " + ours.getSubject(), "UTF-8");
    reply.setHeader("In-Reply-To", ours.getMessageID());
    reply.setText(text + "\n\nOn Mon, Dec 7, 2026 at 10:47 AM OKPay <no-reply@okpay.local> wrote:\n"
        + "> " + "our earlier answer\n", "UTF-8");
    reply.saveChanges();
    return reply;
  }

  /** The plain text of an e-mail, however its parts nest. */
  public static String text(jakarta.mail.Part part) {
    try {
      if (part.isMimeType("text/plain")) {
        return String.valueOf(part.getContent());
      }
      if (part.isMimeType("multipart/*")) {
        jakarta.mail.Multipart multipart = (jakarta.mail.Multipart) part.getContent();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < multipart.getCount(); i++) {
          out.append(text(multipart.getBodyPart(i)));
        }
        return out.toString();
      }
      return "";
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many messages a folder of the support mailbox holds, read over IMAP. */
  public static int count(String folder) throws MessagingException {
    Properties props = new Properties();
    try (Store store = Session.getInstance(props).getStore("imap")) {
      store.connect("127.0.0.1", IMAP_PORT, SUPPORT, SUPPORT_PASSWORD);
      Folder f = store.getFolder(folder);
      if (!f.exists()) {
        return 0;
      }
      return f.getMessageCount();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
