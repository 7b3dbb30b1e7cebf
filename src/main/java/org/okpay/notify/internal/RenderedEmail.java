package org.okpay.notify.internal;

/** An e-mail ready to send: the subject line and the two bodies of one multipart/alternative. */
record RenderedEmail(String subject, String html, String text) {
}
