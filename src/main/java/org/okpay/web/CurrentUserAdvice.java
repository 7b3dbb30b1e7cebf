package org.okpay.web;

import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.notify.NotifyApi;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the signed-in user (or none), for the header's account links. */
@ControllerAdvice(basePackageClasses = CurrentUserAdvice.class)
class CurrentUserAdvice {

  private final IdentityApi identity;
  private final NotifyApi notify;

  CurrentUserAdvice(IdentityApi identity, NotifyApi notify) {
    this.identity = identity;
    this.notify = notify;
  }

  /** Unread in-app notifications, for the badge in the header; 0 when nobody is signed in. */
  @ModelAttribute("unreadCount")
  long unreadCount() {
    return identity.currentUser().map(u -> notify.unreadCount(u.userId().toString())).orElse(0L);
  }

  @ModelAttribute("currentUser")
  CurrentUser currentUser() {
    return identity.currentUser().orElse(null);
  }
}
