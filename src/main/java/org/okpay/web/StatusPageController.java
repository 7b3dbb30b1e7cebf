package org.okpay.web;

import org.okpay.status.StatusApi;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The public status page: no sign-in, every component, incidents, coming maintenance. */
@Controller
public class StatusPageController {

  private final StatusApi status;

  StatusPageController(StatusApi status) {
    this.status = status;
  }

  @GetMapping("/status")
  public String status(Model model) {
    model.addAttribute("overview", status.overview());
    model.addAttribute("uptime", status.uptime());
    return "status";
  }
}
