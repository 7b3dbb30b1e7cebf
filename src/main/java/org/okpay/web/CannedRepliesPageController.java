package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.OkPayException;
import org.okpay.support.CannedRepliesApi;
import org.okpay.support.CannedRepliesApi.CannedReplyText;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Admins write the canned replies agents use (both languages, with placeholders); the support
 * module's staff rules open the page to admins only.
 */
@Controller
public class CannedRepliesPageController {

  static final String PAGE = "/admin/support/canned-replies";
  private static final String FORM = "support-canned";
  private static final Set<String> DONE = Set.of("saved", "deleted");

  private final CannedRepliesApi canned;
  private final IdentityApi identity;
  private final StaffAccess staff;
  private final FormProblems forms;

  CannedRepliesPageController(CannedRepliesApi canned, IdentityApi identity, StaffAccess staff,
      FormProblems forms) {
    this.canned = canned;
    this.identity = identity;
    this.staff = staff;
    this.forms = forms;
  }

  @GetMapping(PAGE)
  public String page(@RequestParam(required = false) UUID edit,
      @RequestParam(required = false) String done, @RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    if (staff.decide(request, PAGE) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    Map<String, String> fields = draft == null ? Map.of()
        : forms.restore(identity.currentUser().orElse(null), draft, FORM, request, response,
            model).map(FormDrafts.Draft::fields).orElse(Map.of());
    if (fields.isEmpty() && edit != null) {
      canned.find(edit).ifPresent(r -> model.addAttribute("form", Map.of("id", r.id().toString(),
          "titleEn", r.titleEn(), "titleZh", r.titleZh(), "bodyEn", r.bodyEn(),
          "bodyZh", r.bodyZh())));
    }
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", fields);
    }
    if (done != null && DONE.contains(done)) {
      model.addAttribute("done", "support.canned.done." + done);
    }
    model.addAttribute("replies", canned.list());
    return "support-agent/canned-replies";
  }

  /** {@code id} blank: a new reply; else that reply changed. */
  @PostMapping(PAGE)
  public String save(@RequestParam(defaultValue = "") String id,
      @RequestParam(defaultValue = "") String titleEn,
      @RequestParam(defaultValue = "") String titleZh,
      @RequestParam(defaultValue = "") String bodyEn,
      @RequestParam(defaultValue = "") String bodyZh, HttpServletRequest request) {
    if (staff.decide(request, PAGE) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    CannedReplyText text = new CannedReplyText(titleEn, titleZh, bodyEn, bodyZh);
    try {
      if (id.isBlank()) {
        canned.create(text);
      } else {
        canned.update(UUID.fromString(id), text);
      }
      return FormProblems.seeOther(request, PAGE + "?done=saved");
    } catch (IllegalArgumentException badId) {
      return FormProblems.seeOther(request, PAGE);
    } catch (OkPayException e) {
      return forms.redirect(request, identity.currentUser().orElse(null), FORM, PAGE + "#edit",
          FormProblems.fields("id", id, "titleEn", titleEn, "titleZh", titleZh, "bodyEn", bodyEn,
              "bodyZh", bodyZh), "cannedProblem", e);
    }
  }

  @PostMapping(PAGE + "/{id}/delete")
  public String delete(@PathVariable UUID id, HttpServletRequest request) {
    if (staff.decide(request, PAGE) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    canned.delete(id);
    return FormProblems.seeOther(request, PAGE + "?done=deleted");
  }
}
