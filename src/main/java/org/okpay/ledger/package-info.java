/**
 * The double-entry ledger: accounts, transfers (posted, pending, post-pending, void-pending and
 * expiring), balances, statements and the invariant check. {@link org.okpay.ledger.LedgerApi} is
 * the only way in; everything else is internal.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package org.okpay.ledger;
