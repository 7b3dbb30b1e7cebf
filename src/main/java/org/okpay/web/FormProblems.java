package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.shared.OkPayException;
import org.okpay.shared.internal.ProblemFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Shows an error on a form the way the API reports it: the same problem (code, message in the
 * reader's language, fields at fault), the same status, and Retry-After when there is one.
 */
@Component
public class FormProblems {

  private final ProblemFactory problems;

  FormProblems(ProblemFactory problems) {
    this.problems = problems;
  }

  public void show(String attribute, OkPayException e, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    ProblemDetail problem = problems.problem(e.errorCode(), e.messageArgs(), e.properties(),
        request.getRequestURI(), LocaleContextHolder.getLocale());
    model.addAttribute(attribute, problem);
    response.setStatus(e.errorCode().status().value());
    if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
    }
  }
}
