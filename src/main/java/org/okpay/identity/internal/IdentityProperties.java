package org.okpay.identity.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in and session rules.
 *
 * @param customerIdle a customer's web session ends after this long without a request
 * @param staffIdle the same for agents and admins
 * @param sessionMax every session ends this long after sign-in
 * @param failuresToLock consecutive failures that lock a customer temporarily
 * @param staffFailuresToLock the same for staff (PCI DSS 8.3.4)
 * @param lockFirst the first temporary lock of a customer; each next one lasts twice as long
 * @param staffLockFirst the same for staff: at least 30 minutes
 * @param lockMax no temporary lock lasts longer
 * @param failuresPerDayToLockHard failures within 24 hours after which only a password reset or
 *     support unlocks a customer
 * @param staffFailuresPerDayToLockHard the same for staff
 * @param adminEmail the first admin, created at start-up when no admin exists
 * @param publicUrl where users reach OKPay, for links in e-mails (never taken from the request's
 *     Host header, which an attacker could set)
 * @param verifyLinkValidity how long an e-mail verification link works
 * @param resetLinkValidity how long a password-reset link works
 */
@ConfigurationProperties("okpay.identity")
record IdentityProperties(
    @DefaultValue("30m") Duration customerIdle,
    @DefaultValue("15m") Duration staffIdle,
    @DefaultValue("12h") Duration sessionMax,
    @DefaultValue("5") int failuresToLock,
    @DefaultValue("10") int staffFailuresToLock,
    @DefaultValue("15m") Duration lockFirst,
    @DefaultValue("30m") Duration staffLockFirst,
    @DefaultValue("24h") Duration lockMax,
    @DefaultValue("10") int failuresPerDayToLockHard,
    @DefaultValue("20") int staffFailuresPerDayToLockHard,
    @DefaultValue("") String adminEmail,
    @DefaultValue("") String adminPassword,
    @DefaultValue("20") int loginsPerMinutePerIp,
    @DefaultValue("10") int registrationsPerMinutePerIp,
    @DefaultValue("5") int resetsPerMinutePerIp,
    @DefaultValue("http://localhost:8080") String publicUrl,
    @DefaultValue("24h") Duration verifyLinkValidity,
    @DefaultValue("30m") Duration resetLinkValidity) {
}
