package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.ReversalsApi;
import org.okpay.support.ReversalsApi.Reversal;
import org.okpay.support.ReversalsApi.ReversalStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The staff pages for reversals (agents and admins): the requests waiting for a second approval
 * and the latest ones, a request form that takes a transaction id (the customer 360 page links to
 * {@code /admin/reversals/new?transaction=<id>}), and one request with approve and reject, each
 * with a reason. Everything goes through {@link ReversalsApi}, as the JSON API does; times are in
 * the reader's zone.
 */
@Controller
@RequestMapping(ReversalPagesController.PATH)
public class ReversalPagesController {

  static final String PATH = "/admin/reversals";
  private static final Set<String> DONE = Set.of("requested", "executed", "approved", "rejected");
  private static final int RECENT_SHOWN = 50;

  private final ReversalsApi reversals;
  private final IdentityApi identity;
  private final StaffAccess staff;
  private final FormProblems forms;

  ReversalPagesController(ReversalsApi reversals, IdentityApi identity, StaffAccess staff,
      FormProblems forms) {
    this.reversals = reversals;
    this.identity = identity;
    this.staff = staff;
    this.forms = forms;
  }

  /** What the request form sent, shown again with its problem. */
  public record RequestForm(String transactionId, String reason, String idempotencyKey) {
  }

  @GetMapping
  public String list(HttpServletRequest request, Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    List<Reversal> pending = reversals.list(ReversalStatus.PENDING_APPROVAL, ReversalsApi.LIST_MAX)
        .stream().sorted(Comparator.comparing(Reversal::createdAt)).toList();
    model.addAttribute("pending", pending);
    model.addAttribute("recent", reversals.list(null, RECENT_SHOWN));
    model.addAttribute("me", identity.currentUser().map(CurrentUser::userId).orElse(null));
    return "admin/reversals";
  }

  @GetMapping("/new")
  public String newForm(@RequestParam(required = false) String transaction,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH + "/new") instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    return showForm(new RequestForm(transaction, "", UUID.randomUUID().toString()), request,
        response, model);
  }

  @PostMapping
  public String create(@RequestParam(defaultValue = "") String transactionId,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "") String idempotencyKey, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH + "/new") instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    RequestForm form = new RequestForm(transactionId, reason, idempotencyKey);
    try {
      ReversalsApi.Created created = reversals.request(staffUser(), idempotencyKey,
          transactionId(transactionId), reason);
      Reversal r = created.reversal();
      String done = r.status() == ReversalStatus.EXECUTED ? "executed" : "requested";
      return FormProblems.seeOther(request, PATH + "/" + r.id() + "?done=" + done);
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return showForm(form, request, response, model);
    }
  }

  @GetMapping("/{id}")
  public String one(@PathVariable UUID id, @RequestParam(required = false) String done,
      HttpServletRequest request, Model model) {
    if (staff.decide(request, PATH + "/" + id) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    if (done != null && DONE.contains(done)) {
      model.addAttribute("done", "support.reversal.done." + done);
    }
    return showOne(id, model);
  }

  @PostMapping("/{id}/approve")
  public String approve(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    return decide(id, true, reason, request, response, model);
  }

  @PostMapping("/{id}/reject")
  public String reject(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    return decide(id, false, reason, request, response, model);
  }

  private String decide(UUID id, boolean approve, String reason, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH + "/" + id) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    try {
      if (approve) {
        reversals.approve(staffUser(), id, reason);
      } else {
        reversals.reject(staffUser(), id, reason);
      }
      return FormProblems.seeOther(request, PATH + "/" + id + "?done="
          + (approve ? "approved" : "rejected"));
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("decisionReason", reason);
      return showOne(id, model);
    }
  }

  private String showForm(RequestForm form, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    model.addAttribute("form", form);
    if (form.transactionId() != null && !form.transactionId().isBlank()) {
      try {
        model.addAttribute("candidate", reversals.candidate(transactionId(form.transactionId())));
      } catch (OkPayException e) {
        if (!model.containsAttribute("problem")) {
          forms.show("problem", e, request, response, model);
        }
      }
    }
    return "admin/reversal-new";
  }

  private String showOne(UUID id, Model model) {
    Reversal r = reversals.reversal(id)
        .orElseThrow(() -> new OkPayException(ErrorCode.REVERSAL_NOT_FOUND));
    model.addAttribute("reversal", r);
    model.addAttribute("mine", identity.currentUser()
        .map(u -> u.userId().equals(r.requestedBy())).orElse(false));
    return "admin/reversal";
  }

  /** The signed-in staff member; the operator token alone names nobody to ask or approve. */
  private CurrentUser staffUser() {
    return identity.currentUser().filter(u -> u.role() != null && u.role().staff())
        .orElseThrow(() -> new OkPayException(ErrorCode.FORBIDDEN));
  }

  private static UUID transactionId(String text) {
    if (text == null || text.isBlank()) {
      throw FieldErrors.invalid("transactionId", FieldErrors.REQUIRED);
    }
    try {
      return UUID.fromString(text.strip());
    } catch (IllegalArgumentException e) {
      throw FieldErrors.invalid("transactionId", FieldErrors.FORMAT);
    }
  }
}
