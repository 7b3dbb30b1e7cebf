package org.okpay.shared;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The staff rules one module declares, as a bean, for the staff endpoints and pages it serves
 * itself: which roles may use which paths (Spring path patterns such as
 * {@code /api/v1/admin/users/{id}/unlock} or {@code /api/v1/admin/ledger/**}). No module names
 * another's paths. {@link StaffAuthorization} consults every module's rules: the most specific
 * matching pattern decides, and a path under {@code /api/v1/admin} or {@code /admin} that no
 * rule matches is open to no signed-in user (only to the operator token).
 *
 * <pre>{@code
 * @Bean
 * StaffRules identityStaffRules() {
 *   return StaffRules.of("identity",
 *       StaffRules.rule("/api/v1/admin/users/**", StaffRole.ADMIN),
 *       StaffRules.rule("/api/v1/admin/users/{id}/unlock", StaffRole.ADMIN, StaffRole.AGENT));
 * }
 * }</pre>
 *
 * @param module the declaring module's name, for error messages and the coverage test
 * @param rules at least one
 */
public record StaffRules(String module, List<Rule> rules) {

  /** Rules one module may declare; more is a sign of matching someone else's paths. */
  public static final int RULES_MAX = 100;

  /**
   * @param pathPattern a Spring {@code PathPattern} starting with "/"
   * @param roles who may use it; never empty (a path nobody may use needs no rule)
   */
  public record Rule(String pathPattern, Set<StaffRole> roles) {
    public Rule {
      if (pathPattern == null || !pathPattern.startsWith("/") || roles == null
          || roles.isEmpty()) {
        throw new IllegalArgumentException("a rule needs a path pattern from / and a role: "
            + pathPattern + " " + roles);
      }
      roles = Set.copyOf(roles);
    }
  }

  public StaffRules {
    if (module == null || module.isBlank() || rules == null || rules.isEmpty()
        || rules.size() > RULES_MAX) {
      throw new IllegalArgumentException("a module declares 1.." + RULES_MAX + " rules: " + module);
    }
    rules = List.copyOf(rules);
  }

  public static StaffRules of(String module, Rule... rules) {
    return new StaffRules(module, List.of(rules));
  }

  public static Rule rule(String pathPattern, StaffRole first, StaffRole... more) {
    return new Rule(pathPattern, EnumSet.of(first, more));
  }
}
