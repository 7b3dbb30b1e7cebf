/**
 * Platform status: components, incidents and maintenance windows, and the gate that refuses a
 * request needing a component under maintenance before it has any effect.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "notify", "audit"})
package org.okpay.status;
