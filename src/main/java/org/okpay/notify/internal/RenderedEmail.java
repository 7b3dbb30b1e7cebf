package org.okpay.notify.internal;

/**
 * An e-mail ready to send: the subject line and the two bodies of one multipart/alternative.
 *
 * @param replyTo the Reply-To address, or null (replies go to From)
 */
record RenderedEmail(String subject, String html, String text, String replyTo) {

  RenderedEmail(String subject, String html, String text) {
    this(subject, html, text, null);
  }
}
