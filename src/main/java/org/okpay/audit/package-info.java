/**
 * The tamper-evident audit log: every security- and money-relevant action appended to a
 * hash-chained table that the database refuses to change, with signed checkpoints kept outside
 * it. Other modules append through {@link org.okpay.audit.AuditApi}. See docs/support-audit.md.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared"})
package org.okpay.audit;
