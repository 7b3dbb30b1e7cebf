package org.okpay.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one place that answers "may this signed-in user use this staff path?", from the
 * {@link StaffRules} every module contributes. The API guard asks it for {@code /api/v1/admin/**},
 * the web module's staff pages for {@code /admin/**}. Two modules declaring the same pattern
 * stop start-up; otherwise the most specific matching pattern decides (where two equally
 * specific ones match, only the roles both allow).
 */
@Component
public class StaffAuthorization {

  private record Compiled(PathPattern pattern, Set<StaffRole> roles, String module) {
  }

  private final List<Compiled> rules;

  StaffAuthorization(List<StaffRules> contributed) {
    this.rules = compile(contributed);
  }

  /**
   * The roles that may use {@code path} (the request URI), empty when no rule matches: then no
   * signed-in user may.
   */
  public Set<StaffRole> rolesFor(String path) {
    PathContainer container = PathContainer.parsePath(path);
    List<Compiled> matching = rules.stream().filter(r -> r.pattern().matches(container))
        .sorted(Comparator.comparing(Compiled::pattern, PathPattern.SPECIFICITY_COMPARATOR))
        .toList();
    if (matching.isEmpty()) {
      return Set.of();
    }
    Compiled best = matching.getFirst();
    EnumSet<StaffRole> roles = EnumSet.copyOf(best.roles());
    for (Compiled tie : matching) {
      if (PathPattern.SPECIFICITY_COMPARATOR.compare(tie.pattern(), best.pattern()) == 0) {
        roles.retainAll(tie.roles());
      }
    }
    return roles;
  }

  /** Whether the user signed in on this request has a role that the rules open {@code path} to. */
  public boolean allows(String path) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated()) {
      return false;
    }
    Set<StaffRole> roles = rolesFor(path);
    return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
        .anyMatch(a -> roles.stream().anyMatch(r -> r.authority().equals(a)));
  }

  /** The module whose most specific rule matches {@code path}, for the coverage test. */
  public Optional<String> declaredBy(String path) {
    PathContainer container = PathContainer.parsePath(path);
    return rules.stream().filter(r -> r.pattern().matches(container))
        .min(Comparator.comparing(Compiled::pattern, PathPattern.SPECIFICITY_COMPARATOR))
        .map(Compiled::module);
  }

  private static List<Compiled> compile(Collection<StaffRules> contributed) {
    PathPatternParser parser = PathPatternParser.defaultInstance;
    Map<String, String> seen = new HashMap<>();
    List<Compiled> compiled = new ArrayList<>();
    for (StaffRules module : contributed) {
      for (StaffRules.Rule rule : module.rules()) {
        PathPattern pattern = parser.parse(rule.pathPattern());
        String earlier = seen.putIfAbsent(pattern.getPatternString(), module.module());
        if (earlier != null) {
          throw new IllegalStateException("staff rule " + rule.pathPattern() + " is declared by "
              + earlier + " and " + module.module() + ": each module declares its own paths");
        }
        compiled.add(new Compiled(pattern, rule.roles(), module.module()));
      }
    }
    return List.copyOf(compiled);
  }
}
