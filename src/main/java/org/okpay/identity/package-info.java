/**
 * Users, credentials, login with lockout, sessions and API tokens, login history. The
 * {@link org.okpay.identity.IdentityApi} is the way in; the current user of a request is a
 * {@link org.okpay.identity.CurrentUser}. Identity opens and freezes no ledger account: it
 * publishes {@link org.okpay.identity.UserVerified},
 * {@link org.okpay.identity.AccountCompromiseReported} and
 * {@link org.okpay.identity.AccountUnfrozen}, and payments acts on them.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "notify", "status", "audit"})
package org.okpay.identity;
