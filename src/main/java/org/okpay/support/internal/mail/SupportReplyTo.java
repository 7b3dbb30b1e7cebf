package org.okpay.support.internal.mail;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Reply-To of a case's e-mails: the support mailbox's plus-address of the case
 * ({@code support+C-20261207-4F2K@okpay.example}), so a reply reaches the mailbox the poller reads
 * and names its case even when a mail program rewrites the subject. Empty while no mailbox is
 * configured (replies then go to the From address, which nobody reads).
 */
@Component
public class SupportReplyTo {

  private final ImapProperties properties;

  SupportReplyTo(ImapProperties properties) {
    this.properties = properties;
  }

  public Optional<String> of(String reference) {
    String address = properties.supportAddress();
    if (!properties.enabled() || address == null
        || !CaseReferences.REFERENCE.matcher(reference).matches()) {
      return Optional.empty();
    }
    return Optional.of(CaseReferences.replyTo(address, reference));
  }
}
