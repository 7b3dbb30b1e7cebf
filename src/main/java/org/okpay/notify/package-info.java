/**
 * Notifications: e-mail (over SMTP, or into the development mailbox when no SMTP server is
 * configured) and in-app notifications, all through one transactional outbox.
 * {@link org.okpay.notify.NotifyApi} is the way in; {@link org.okpay.notify.DevMailbox} exists
 * only in mailbox mode. Everything else is internal.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package org.okpay.notify;
