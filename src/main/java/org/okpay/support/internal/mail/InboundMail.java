package org.okpay.support.internal.mail;

import java.util.List;

/**
 * One e-mail from the support mailbox, read and bounded.
 *
 * @param messageId the Message-ID header (or one derived from the headers when it has none)
 * @param from the sender's address, lower case; null when it has none that parses
 * @param recipients To, Cc and the delivery headers' addresses, lower case
 * @param subject the subject, at most {@link MailParser#SUBJECT_MAX} characters
 * @param text what the customer typed: the plain text (or the HTML's text) with the quoted
 *     history cut off
 * @param autoSubmitted an out-of-office or other automatic message (never added to a case, so
 *     two auto-responders cannot loop through us)
 * @param attachments files, each within {@link MailParser#ATTACHMENT_BYTES_MAX}; larger ones are
 *     counted in {@code attachmentsDropped}
 */
record InboundMail(String messageId, String from, List<String> recipients, String subject,
    String text, boolean autoSubmitted, List<Attachment> attachments, int attachmentsDropped) {

  record Attachment(String filename, String contentType, byte[] bytes) {
  }
}
