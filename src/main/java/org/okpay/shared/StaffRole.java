package org.okpay.shared;

/**
 * The roles a staff rule may open a path to. Identity gives each signed-in user the Spring
 * Security authority {@code ROLE_<NAME>} of their role; these are the names a rule may use.
 */
public enum StaffRole {
  ADMIN, AGENT, MERCHANT;

  /** The Spring Security authority, e.g. {@code ROLE_AGENT}. */
  public String authority() {
    return "ROLE_" + name();
  }
}
