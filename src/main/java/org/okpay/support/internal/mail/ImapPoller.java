package org.okpay.support.internal.mail;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls the support mailbox over IMAP, as help desks do: unseen messages in
 * {@code okpay.support.imap.folder}, each handed to {@link InboundMails} (which matches it to its
 * case, checks the sender and adds it once per Message-ID), then flagged seen or moved to
 * {@code processed-folder}. One instance of the cluster polls at a time: it holds a PostgreSQL
 * advisory lock for the whole poll, and the others skip their turn. Bodies are read with
 * {@code peek}, so a crash before the case commit leaves the mail unseen for the next poll; a
 * crash after the commit and before the flag is caught by the Message-ID.
 */
@Component
@EnableConfigurationProperties(ImapProperties.class)
class ImapPoller {

  private static final Logger log = LoggerFactory.getLogger(ImapPoller.class);
  private static final long LOCK_KEY = 0x5550_504f_4c4cL; // "SUPPOLL": one poller per cluster

  /** What one poll did; {@code skipped} when another instance held the lock or it is off. */
  record PollResult(boolean skipped, int read, int accepted, int ignored, int failed) {
    static final PollResult SKIPPED = new PollResult(true, 0, 0, 0, 0);
  }

  private final ImapProperties properties;
  private final InboundMails mails;
  private final DataSource dataSource;

  ImapPoller(ImapProperties properties, InboundMails mails, DataSource dataSource) {
    this.properties = properties;
    this.mails = mails;
    this.dataSource = dataSource;
  }

  @Scheduled(initialDelayString = "${okpay.support.imap.poll-interval:60s}",
      fixedDelayString = "${okpay.support.imap.poll-interval:60s}")
  @SchedulerLock(name = "support.ImapPoller.scheduled", lockAtMostFor = "PT10M")
  void scheduled() {
    if (!properties.enabled()) {
      return;
    }
    try {
      PollResult result = poll();
      if (result.read() > 0) {
        log.info("support mailbox: {}", result);
      }
    } catch (MessagingException | SQLException | RuntimeException e) {
      log.warn("polling the support mailbox failed; the next poll tries again: {}", e.toString());
    }
  }

  /** One poll now (also what the schedule runs); skipped while disabled or locked elsewhere. */
  PollResult poll() throws MessagingException, SQLException {
    if (!properties.enabled()) {
      return PollResult.SKIPPED;
    }
    try (Connection lock = dataSource.getConnection()) {
      if (!advisory(lock, "select pg_try_advisory_lock(?)")) {
        return PollResult.SKIPPED;
      }
      try {
        return pollLocked();
      } finally {
        advisory(lock, "select pg_advisory_unlock(?)");
      }
    }
  }

  private PollResult pollLocked() throws MessagingException {
    Session session = Session.getInstance(sessionProperties());
    try (Store store = session.getStore(protocol())) {
      store.connect(properties.host(), properties.port(), properties.username(),
          properties.password());
      Folder inbox = store.getFolder(properties.folder());
      inbox.open(Folder.READ_WRITE);
      try {
        Folder processed = processedFolder(store);
        Message[] unseen = inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        Message[] batch = Arrays.copyOf(unseen, Math.min(unseen.length, properties.batchMax()));
        int accepted = 0;
        int ignored = 0;
        int failed = 0;
        int read = 0;
        for (Message message : batch) {
          read++;
          InboundMail mail;
          try {
            mail = MailParser.parse(message);
          } catch (IOException | MessagingException | RuntimeException e) {
            // An e-mail we cannot read is left seen in the folder (a person can look at it)
            // rather than read again on every poll.
            failed++;
            log.warn("support mailbox: could not read message {}: {}",
                message.getMessageNumber(), e.toString());
            done(inbox, processed, message);
            continue;
          }
          // A failure here (the database) leaves the mail unseen for the next poll.
          InboundMailStore.Outcome outcome = mails.handle(mail);
          if (outcome == InboundMailStore.Outcome.ACCEPTED) {
            accepted++;
          } else if (outcome != null) {
            ignored++;
          }
          done(inbox, processed, message);
        }
        return new PollResult(false, read, accepted, ignored, failed);
      } finally {
        inbox.close(true); // expunges what was moved
      }
    }
  }

  private Folder processedFolder(Store store) throws MessagingException {
    if (properties.processedFolder().isBlank()) {
      return null;
    }
    Folder folder = store.getFolder(properties.processedFolder());
    if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES)) {
      throw new MessagingException("cannot create " + properties.processedFolder());
    }
    return folder;
  }

  private static void done(Folder inbox, Folder processed, Message message)
      throws MessagingException {
    message.setFlag(Flags.Flag.SEEN, true);
    if (processed != null) {
      inbox.copyMessages(new Message[] {message}, processed);
      message.setFlag(Flags.Flag.DELETED, true);
    }
  }

  private String protocol() {
    return properties.ssl() ? "imaps" : "imap";
  }

  private Properties sessionProperties() {
    String p = "mail." + protocol() + ".";
    String timeoutMs = Long.toString(properties.timeout().toMillis());
    Properties props = new Properties();
    props.put(p + "connectiontimeout", timeoutMs);
    props.put(p + "timeout", timeoutMs);
    props.put(p + "writetimeout", timeoutMs);
    // Reading a body must not mark it seen: only a handled message is flagged.
    props.put(p + "peek", "true");
    if (properties.ssl()) {
      props.put(p + "ssl.checkserveridentity", "true");
    }
    return props;
  }

  private static boolean advisory(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, LOCK_KEY);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
