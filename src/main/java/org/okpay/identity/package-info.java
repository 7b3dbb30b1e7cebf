/**
 * Users, credentials, login with lockout, sessions and API tokens, login history. The
 * {@link org.okpay.identity.IdentityApi} is the way in; the current user of a request is a
 * {@link org.okpay.identity.CurrentUser}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "ledger", "notify", "status"})
package org.okpay.identity;
