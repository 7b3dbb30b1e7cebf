/**
 * Support: the help center with its self-checks, cases with SLA clocks the customer can see,
 * e-mail both ways, call-backs, the agent console and its account actions, and disputes
 * (inquiry, claim with a held amount, decision). See docs/support.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "ledger",
    "identity", "notify", "status", "payments", "merchants", "audit"})
package org.okpay.support;
