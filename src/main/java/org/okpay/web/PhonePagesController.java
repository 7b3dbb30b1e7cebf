package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.PhoneApi;
import org.okpay.shared.OkPayException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The "Phone number" card of the account page: set or change the number, type the code that
 * confirms it, remove it. Errors are shown on the card, with the account page around it.
 */
@Controller
public class PhonePagesController {

  private final PhoneApi phones;
  private final FormProblems forms;
  PhonePagesController(PhoneApi phones, FormProblems forms) {
    this.phones = phones;
    this.forms = forms;
  }

  @PostMapping("/account/phone")
  public String set(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String phone, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      return switch (phones.setPhone(user, phone)) {
        case CODE_SENT -> "redirect:/account?phoneCodeSent#phone";
        case ALREADY_CONFIRMED -> "redirect:/account?phoneAlreadyConfirmed#phone";
      };
    } catch (OkPayException e) {
      return account(user, e, request, phone.length() > 100 ? "" : phone);
    }
  }

  @PostMapping("/account/phone/confirm")
  public String confirm(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      phones.confirmPhone(user, code);
      return "redirect:/account?phoneConfirmed#phone";
    } catch (OkPayException e) {
      return account(user, e, request, null);
    }
  }

  @PostMapping("/account/phone/remove")
  public String remove(@AuthenticationPrincipal CurrentUser user) {
    phones.removePhone(user);
    return "redirect:/account?phoneRemoved#phone";
  }

  /** The refusal on the phone card of the account page, with the number as typed. */
  private String account(CurrentUser user, OkPayException e, HttpServletRequest request,
      String typedPhone) {
    return forms.redirect(request, user, AccountPagesController.ACCOUNT_DRAFT, "/account#phone",
        FormProblems.fields("typedPhone", typedPhone), "phoneProblem", e);
  }
}
