/**
 * Notifications: e-mail (over SMTP, or into the development mailbox when no SMTP server is
 * configured) through a transactional outbox, and in-app notifications written in the caller's
 * transaction.
 * {@link org.okpay.notify.NotifyApi} is the way in; {@link org.okpay.notify.DevMailbox} exists
 * only in mailbox mode. Everything else is internal.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package org.okpay.notify;
