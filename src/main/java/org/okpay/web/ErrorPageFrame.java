package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.ErrorPageModel;
import org.springframework.stereotype.Component;

/**
 * The error page's frame, as every other page has it: the signed-in user's header (and so the
 * wallet link) and the language links of the page that failed.
 */
@Component
class ErrorPageFrame implements ErrorPageModel {

  private final IdentityApi identity;
  private final PageModelAdvice pages;

  ErrorPageFrame(IdentityApi identity, PageModelAdvice pages) {
    this.identity = identity;
    this.pages = pages;
  }

  @Override
  public Map<String, Object> variables(HttpServletRequest request) {
    Map<String, Object> variables = new LinkedHashMap<>();
    identity.currentUser().ifPresent(user -> variables.put("currentUser", user));
    variables.put("errorPage", true);
    variables.put("languageLinks", pages.languageLinks(request));
    return variables;
  }
}
