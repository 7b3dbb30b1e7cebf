package org.okpay.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okpay.identity.AccountHelpApi;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.OkPayException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The anti-phishing phrase: the page {@code /account/anti-phishing} and
 * {@code GET/PUT/DELETE /api/v1/me/anti-phishing}. The phrase is shown in full to its signed-in
 * owner only; every e-mail OKPay sends them carries it at the top.
 */
@Controller
@Tag(name = "Anti-phishing phrase")
public class AntiPhishingController {

  private final AccountHelpApi accountHelp;
  private final FormProblems forms;

  AntiPhishingController(AccountHelpApi accountHelp, FormProblems forms) {
    this.accountHelp = accountHelp;
    this.forms = forms;
  }

  @GetMapping("/account/anti-phishing")
  public String page(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    model.addAttribute("phrase", accountHelp.antiPhishingPhrase(user.userId()).orElse(null));
    model.addAttribute("lengthMin", AccountHelpApi.PHRASE_LENGTH_MIN);
    model.addAttribute("lengthMax", AccountHelpApi.PHRASE_LENGTH_MAX);
    forms.restore(user, draft, "anti-phishing", request, response, model)
        .ifPresent(d -> model.addAttribute("typed", d.field("phrase")));
    return "help/anti-phishing";
  }

  @PostMapping("/account/anti-phishing")
  public String set(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String phrase, HttpServletRequest request) {
    try {
      accountHelp.setAntiPhishingPhrase(user, phrase);
      return FormProblems.seeOther(request, "/account/anti-phishing?saved");
    } catch (OkPayException e) {
      String typed = phrase.length() > 100 ? phrase.substring(0, 100) : phrase;
      return forms.redirect(request, user, "anti-phishing", "/account/anti-phishing",
          FormProblems.fields("phrase", typed), "problem", e);
    }
  }

  @PostMapping("/account/anti-phishing/delete")
  public String delete(@AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
    accountHelp.clearAntiPhishingPhrase(user);
    return FormProblems.seeOther(request, "/account/anti-phishing?removed");
  }

  // ---- API ----

  public record PhraseBody(String phrase) {
  }

  @GetMapping("/api/v1/me/anti-phishing")
  @ResponseBody
  public Map<String, Object> get(@AuthenticationPrincipal CurrentUser user) {
    return body(accountHelp.antiPhishingPhrase(user.userId()).orElse(null));
  }

  /** Sets or replaces the phrase; {@code validation_failed} on {@code phrase} otherwise. */
  @PutMapping("/api/v1/me/anti-phishing")
  @ResponseBody
  public Map<String, Object> put(@AuthenticationPrincipal CurrentUser user,
      @RequestBody PhraseBody body) {
    return body(accountHelp.setAntiPhishingPhrase(user, body == null ? null : body.phrase()));
  }

  @DeleteMapping("/api/v1/me/anti-phishing")
  public ResponseEntity<Void> remove(@AuthenticationPrincipal CurrentUser user) {
    accountHelp.clearAntiPhishingPhrase(user);
    return ResponseEntity.noContent().build();
  }

  private static Map<String, Object> body(String phrase) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("set", phrase != null);
    body.put("phrase", phrase);
    return body;
  }
}
