package org.okpay.web;

import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.OkPayException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The account page's time zone card: saves the zone and goes back to the page (Post/Redirect/Get,
 * so a reload or a language switch never posts again).
 */
@Controller
class TimeZonePageController {

  private final IdentityApi identity;

  TimeZonePageController(IdentityApi identity) {
    this.identity = identity;
  }

  @PostMapping("/account/time-zone")
  String save(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String timeZone) {
    try {
      identity.changeTimeZone(user, timeZone);
      return "redirect:/account?timeZoneSaved#time-zone";
    } catch (OkPayException unknownZone) {
      // The list offers only valid zones: only an edited form gets here.
      return "redirect:/account?timeZoneInvalid#time-zone";
    }
  }
}
