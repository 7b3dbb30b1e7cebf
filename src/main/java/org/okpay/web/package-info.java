/**
 * The server-rendered pages (Thymeleaf + htmx) for customers, merchants, agents and the public
 * status page. Controllers live at the package root; helpers go to {@code internal}. Pages reach
 * other modules only through their {@code *Api} types, never their tables or internals.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "ledger", "identity", "notify", "status", "payments", "merchants", "support", "audit"})
package org.okpay.web;
