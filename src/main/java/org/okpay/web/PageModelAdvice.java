package org.okpay.web;

import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import java.util.List;
import org.okpay.notify.NotifyApi;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusApi;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's frame shows: the signed-in user, unread notifications, affected services. */
@ControllerAdvice(basePackageClasses = PageModelAdvice.class)
class PageModelAdvice {

  private final IdentityApi identity;
  private final NotifyApi notify;
  private final StatusApi status;

  PageModelAdvice(IdentityApi identity, NotifyApi notify, StatusApi status) {
    this.identity = identity;
    this.notify = notify;
    this.status = status;
  }

  /**
   * The components that are under maintenance or out right now, for the banner every page shows
   * (empty when all is well; degraded performance alone shows on the status page only).
   */
  @ModelAttribute("affectedComponents")
  List<String> affectedComponents() {
    return status.overview().components().entrySet().stream()
        .filter(e -> e.getValue().compareTo(ComponentState.PARTIAL_OUTAGE) >= 0)
        .map(e -> e.getKey().key())
        .toList();
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
