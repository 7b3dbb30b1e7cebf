package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusApi;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The public status page: no sign-in, every component, incidents, coming maintenance. */
@Controller
public class StatusPageController {

  private final StatusApi status;
  private final FormProblems forms;

  StatusPageController(StatusApi status, FormProblems forms) {
    this.status = status;
    this.forms = forms;
  }

  @GetMapping("/status")
  public String status(Model model) {
    model.addAttribute("overview", status.overview());
    model.addAttribute("uptime", status.uptime());
    return "status";
  }

  /** Same answer whether or not the address was subscribed: nothing to learn from the form. */
  @PostMapping("/status/subscribe")
  public String subscribe(@RequestParam(defaultValue = "") String email,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    try {
      status.subscribe(email, LocaleContextHolder.getLocale(), request.getRemoteAddr());
      model.addAttribute("outcome", "subscribe.sent");
    } catch (OkPayException e) {
      forms.show("subscribeProblem", e, request, response, model);
      return status(model);
    }
    return "status-subscription";
  }

  @GetMapping("/status/subscribe/confirm")
  public String confirm(@RequestParam(defaultValue = "") String token, Model model) {
    model.addAttribute("outcome", status.confirmSubscription(token)
        ? "subscribe.confirmed" : "subscribe.invalid");
    return "status-subscription";
  }

  @GetMapping("/status/unsubscribe")
  public String unsubscribe(@RequestParam(defaultValue = "") String token, Model model) {
    model.addAttribute("outcome", status.unsubscribe(token)
        ? "subscribe.unsubscribed" : "subscribe.invalid");
    return "status-subscription";
  }
}
