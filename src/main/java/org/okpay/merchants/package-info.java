/**
 * The merchant side: merchants and their staff, API keys with scopes, checkout sessions and QR
 * payments, refunds and refund requests, signed webhooks, and reputation. Checkout payments and
 * refunds are operation types on the payments engine; a merchant's balances are ledger accounts
 * of owner type {@code merchant}. See docs/merchants.md.
 */
@org.springframework.modulith.ApplicationModule(
    allowedDependencies = {"shared", "ledger", "identity", "notify", "status", "payments", "audit"})
package org.okpay.merchants;
