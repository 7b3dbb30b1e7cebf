package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.notify.NotifyApi;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusApi;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

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

  /**
   * The links of the language switch: this page with its other query parameters kept (a filtered
   * history stays filtered), only {@code lang} replaced.
   */
  @ModelAttribute("languageLinks")
  Map<String, String> languageLinks(HttpServletRequest request) {
    Map<String, String> links = new LinkedHashMap<>();
    for (String lang : List.of("en", "zh-CN")) {
      links.put(lang, "?" + UriComponentsBuilder.newInstance().query(request.getQueryString())
          .replaceQueryParam("lang", lang).build().getQuery());
    }
    return links;
  }

  @ModelAttribute("currentUser")
  CurrentUser currentUser() {
    return identity.currentUser().orElse(null);
  }
}
