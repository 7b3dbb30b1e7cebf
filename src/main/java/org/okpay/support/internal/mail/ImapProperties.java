package org.okpay.support.internal.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The support mailbox that customers' e-mail replies arrive in ({@code okpay.support.imap.*}).
 *
 * @param enabled off by default: nothing is polled until an operator configures a mailbox
 * @param host the IMAP server
 * @param port 993 for IMAPS, 143 for plain IMAP
 * @param ssl IMAPS (TLS from the start); false for plain IMAP (tests, a local relay)
 * @param username the mailbox's login
 * @param password its password
 * @param folder where new mail is read
 * @param processedFolder where handled mail is moved; blank: it stays, flagged seen
 * @param pollInterval how often one instance of the cluster looks (an advisory lock keeps the
 *     others out while it does)
 * @param address the support address replies go to (Reply-To {@code local+<reference>@domain});
 *     blank: the username when it is an address
 * @param batchMax messages handled per poll; the rest wait for the next
 * @param timeout connect and read timeout of the IMAP connection
 */
@ConfigurationProperties("okpay.support.imap")
record ImapProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("") String host,
    @DefaultValue("993") int port,
    @DefaultValue("true") boolean ssl,
    @DefaultValue("") String username,
    @DefaultValue("") String password,
    @DefaultValue("INBOX") String folder,
    @DefaultValue("") String processedFolder,
    @DefaultValue("60s") Duration pollInterval,
    @DefaultValue("") String address,
    @DefaultValue("50") int batchMax,
    @DefaultValue("20s") Duration timeout) {

  ImapProperties {
    if (batchMax < 1 || batchMax > 500) {
      throw new IllegalArgumentException("okpay.support.imap.batch-max must be 1..500");
    }
    if (enabled && (host.isBlank() || username.isBlank())) {
      throw new IllegalArgumentException(
          "okpay.support.imap.enabled needs okpay.support.imap.host and .username");
    }
  }

  /** The support address, e.g. {@code support@okpay.example}; null when none is known. */
  String supportAddress() {
    String candidate = address.isBlank() ? username : address;
    return candidate.contains("@") ? candidate.strip() : null;
  }
}
