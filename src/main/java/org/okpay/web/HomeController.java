package org.okpay.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The public landing page: what OKPay is, and where the API and the service status are. */
@Controller
public class HomeController {

  @GetMapping("/")
  public String home() {
    return "home";
  }
}
