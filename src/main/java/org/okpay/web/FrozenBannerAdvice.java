package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.RecoveryState.Stage;
import org.okpay.identity.SupportActionsApi;
import org.okpay.identity.SupportActionsApi.AccountFreeze;
import org.okpay.support.CaseCategory;
import org.okpay.support.CaseStatus;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The frozen-account banner of the wallet and account pages (everything under
 * {@code /account}): money cannot leave, why (the owner reported a hack, or support froze it),
 * and what to do next as buttons: set a new password while the report waits for it, see the
 * account-security case, get help. Nothing for other pages or users who are not frozen.
 */
@ControllerAdvice(basePackageClasses = FrozenBannerAdvice.class)
class FrozenBannerAdvice {

  static final int CASES_READ = 20;
  private static final Set<CaseStatus> OPEN = Set.of(CaseStatus.OPEN,
      CaseStatus.WAITING_ON_AGENT, CaseStatus.WAITING_ON_CUSTOMER);

  /**
   * @param byOwner frozen by the owner's "my account was hacked" report (else by support)
   * @param awaitingReset the report waits for the owner's new password
   * @param caseId the newest open account-security case, null if none
   */
  record FrozenBanner(boolean byOwner, boolean awaitingReset, Instant since, UUID caseId,
      String caseReference) {
  }

  private final IdentityApi identity;
  private final SupportActionsApi actions;
  private final ObjectProvider<SupportApi> cases;

  FrozenBannerAdvice(IdentityApi identity, SupportActionsApi actions,
      ObjectProvider<SupportApi> cases) {
    this.identity = identity;
    this.actions = actions;
    this.cases = cases;
  }

  @ModelAttribute("frozenBanner")
  FrozenBanner frozenBanner(HttpServletRequest request) {
    String path = request.getRequestURI();
    if (path == null || !(path.equals("/account") || path.startsWith("/account/"))) {
      return null;
    }
    Optional<CurrentUser> user = identity.currentUser();
    if (user.isEmpty()) {
      return null;
    }
    Optional<AccountFreeze> freeze = actions.freezeOf(user.get().userId());
    if (freeze.isEmpty()) {
      return null;
    }
    Optional<SupportCase> securityCase = securityCase(user.get().userId());
    return new FrozenBanner(freeze.get().byHackedReport(),
        freeze.get().stage() == Stage.AWAITING_RESET, freeze.get().since(),
        securityCase.map(SupportCase::id).orElse(null),
        securityCase.map(SupportCase::reference).orElse(null));
  }

  private Optional<SupportCase> securityCase(UUID userId) {
    SupportApi support = cases.getIfAvailable();
    return support == null ? Optional.empty()
        : support.casesOf(userId, CASES_READ).stream()
            .filter(c -> c.category() == CaseCategory.ACCOUNT_SECURITY)
            .filter(c -> OPEN.contains(c.status()))
            .findFirst();
  }
}
