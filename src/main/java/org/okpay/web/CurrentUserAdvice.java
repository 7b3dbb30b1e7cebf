package org.okpay.web;

import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the signed-in user (or none), for the header's account links. */
@ControllerAdvice(basePackageClasses = CurrentUserAdvice.class)
class CurrentUserAdvice {

  private final IdentityApi identity;

  CurrentUserAdvice(IdentityApi identity) {
    this.identity = identity;
  }

  @ModelAttribute("currentUser")
  CurrentUser currentUser() {
    return identity.currentUser().orElse(null);
  }
}
