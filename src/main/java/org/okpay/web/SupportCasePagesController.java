package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.PaymentsApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.CaseCategory;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportApi.CaseDetail;
import org.okpay.support.SupportApi.CustomerRequest;
import org.okpay.support.SupportApi.Download;
import org.okpay.support.SupportApi.Upload;
import org.okpay.support.SupportCase;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The customer's cases: the list ({@code /support/cases}), the form
 * ({@code /support/cases/new?category=&transaction=&refund=&refundRequest=}, linked from the
 * help center and the transaction tracker) and one case with its thread, the answer-by time in
 * the reader's zone, and its buttons (reply with a file, close, reopen, rate, call me back).
 * Every form is Post/Redirect/Get with its draft; another customer's case is 404.
 */
@Controller
public class SupportCasePagesController {

  static final String BASE = "/support/cases";
  private static final int SUBJECT_MAX = 200;

  private final SupportApi support;
  private final PaymentsApi payments;
  private final FormProblems forms;

  SupportCasePagesController(SupportApi support, PaymentsApi payments, FormProblems forms) {
    this.support = support;
    this.payments = payments;
    this.forms = forms;
  }

  @GetMapping(BASE)
  public String list(@AuthenticationPrincipal CurrentUser user, Model model) {
    if (user == null) {
      return signIn(BASE);
    }
    model.addAttribute("cases", support.casesOf(user.userId(), SupportApi.CASES_PAGE_MAX));
    return "support-cases/list";
  }

  @GetMapping(BASE + "/new")
  public String form(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) UUID transaction,
      @RequestParam(required = false) UUID refund,
      @RequestParam(required = false) UUID refundRequest,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (user == null) {
      return signIn(BASE + "/new" + (request.getQueryString() == null ? ""
          : "?" + request.getQueryString()));
    }
    Optional<FormDrafts.Draft> kept = forms.restore(user, draft, "support-case", request,
        response, model);
    String chosen = kept.map(d -> d.field("category")).orElse(category);
    model.addAttribute("categories", CaseCategory.values());
    model.addAttribute("category", known(chosen) ? chosen : "other");
    model.addAttribute("subject", kept.map(d -> d.field("subject")).orElse(""));
    model.addAttribute("message", kept.map(d -> d.field("message")).orElse(""));
    model.addAttribute("formKey", kept.map(d -> d.field("formKey"))
        .orElse(UUID.randomUUID().toString()));
    model.addAttribute("transaction", transaction);
    model.addAttribute("refund", refund);
    model.addAttribute("refundRequest", refundRequest);
    if (transaction != null) {
      model.addAttribute("tx", payments.transaction(user.userId(), transaction).orElseThrow(
          () -> new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND)));
    }
    return "support-cases/new";
  }

  @PostMapping(BASE)
  public String open(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String category,
      @RequestParam(defaultValue = "") String subject,
      @RequestParam(defaultValue = "") String message,
      @RequestParam(defaultValue = "") String formKey,
      @RequestParam(required = false) UUID transaction,
      @RequestParam(required = false) UUID refund,
      @RequestParam(required = false) UUID refundRequest, HttpServletRequest request) {
    if (user == null) {
      return signIn(BASE + "/new");
    }
    String key = formKey.matches("[0-9a-fA-F-]{36}") ? formKey : UUID.randomUUID().toString();
    try {
      CaseCategory chosen = known(category) ? CaseCategory.fromCode(category) : null;
      if (chosen == null) {
        throw FieldErrors.invalid("category", FieldErrors.REQUIRED);
      }
      if (subject.strip().length() > SUBJECT_MAX) {
        throw FieldErrors.invalid("subject", FieldErrors.TOO_LONG);
      }
      SupportCase opened = support.openMine(user, new CustomerRequest(chosen, subject, message,
          transaction, refund, refundRequest), "web:" + user.userId() + ":" + key, "web")
          .supportCase();
      return FormProblems.seeOther(request, BASE + "/" + opened.id() + "?opened");
    } catch (OkPayException e) {
      StringBuilder page = new StringBuilder(BASE + "/new?category=" + category);
      if (transaction != null) {
        page.append("&transaction=").append(transaction);
      }
      if (refund != null) {
        page.append("&refund=").append(refund);
      }
      if (refundRequest != null) {
        page.append("&refundRequest=").append(refundRequest);
      }
      return forms.redirect(request, user, "support-case", page.toString(),
          FormProblems.fields("category", category, "subject", subject, "message", message,
              "formKey", key), "problem", e);
    }
  }

  @GetMapping(BASE + "/{id}")
  public String one(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (user == null) {
      return signIn(BASE + "/" + id);
    }
    CaseDetail detail = support.detailOf(user.userId(), id)
        .orElseThrow(() -> new OkPayException(ErrorCode.CASE_NOT_FOUND));
    forms.restore(user, draft, "support-case/" + id, request, response, model)
        .ifPresent(d -> {
          model.addAttribute("replyBody", d.field("body"));
          model.addAttribute("phone", d.field("phone"));
          model.addAttribute("windowStart", d.field("windowStart"));
          model.addAttribute("windowEnd", d.field("windowEnd"));
        });
    model.addAttribute("detail", detail);
    model.addAttribute("c", detail.supportCase());
    SupportCase c = detail.supportCase();
    if (c.link() != null && "transaction".equals(c.link().type())) {
      payments.transaction(user.userId(), c.link().id())
          .ifPresent(tx -> model.addAttribute("tx", tx));
    }
    model.addAttribute("zone", user.zone().getId());
    return "support-cases/case";
  }

  @PostMapping(BASE + "/{id}/messages")
  public String reply(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam(defaultValue = "") String body,
      @RequestParam(name = "file", required = false) MultipartFile file,
      HttpServletRequest request) throws IOException {
    if (user == null) {
      return signIn(BASE + "/" + id);
    }
    try {
      Upload upload = null;
      if (file != null && !file.isEmpty()) {
        if (file.getSize() > SupportApi.ATTACHMENT_BYTES_MAX) {
          throw new OkPayException(ErrorCode.CASE_ATTACHMENT_TOO_LARGE);
        }
        upload = new Upload(file.getOriginalFilename(), file.getContentType(), file.getBytes());
      }
      support.reply(user.userId(), id, body, "web", upload);
      return FormProblems.seeOther(request, BASE + "/" + id + "?sent#thread");
    } catch (OkPayException e) {
      return problem(request, user, id, e, "body", body);
    }
  }

  @PostMapping(BASE + "/{id}/close")
  public String close(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      HttpServletRequest request) {
    if (user == null) {
      return signIn(BASE + "/" + id);
    }
    try {
      support.closeByCustomer(user.userId(), id);
      return FormProblems.seeOther(request, BASE + "/" + id + "?closed");
    } catch (OkPayException e) {
      return problem(request, user, id, e);
    }
  }

  @PostMapping(BASE + "/{id}/reopen")
  public String reopen(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      HttpServletRequest request) {
    if (user == null) {
      return signIn(BASE + "/" + id);
    }
    try {
      SupportCase c = support.reopen(user.userId(), id);
      return FormProblems.seeOther(request, BASE + "/" + c.id() + "?reopened");
    } catch (OkPayException e) {
      return problem(request, user, id, e);
    }
  }

  @PostMapping(BASE + "/{id}/rating")
  public String rate(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam(defaultValue = "0") int rating,
      @RequestParam(defaultValue = "") String comment, HttpServletRequest request) {
    if (user == null) {
      return signIn(BASE + "/" + id);
    }
    try {
      support.rate(user.userId(), id, rating, comment);
      return FormProblems.seeOther(request, BASE + "/" + id + "?rated");
    } catch (OkPayException e) {
      return problem(request, user, id, e);
    }
  }

  /** The window is typed in the reader's zone (datetime-local) and stored as instants. */
  @PostMapping(BASE + "/{id}/callback")
  public String callback(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam(defaultValue = "") String phone,
      @RequestParam(defaultValue = "") String windowStart,
      @RequestParam(defaultValue = "") String windowEnd, HttpServletRequest request) {
    if (user == null) {
      return signIn(BASE + "/" + id);
    }
    try {
      support.requestCallback(user.userId(), id, phone,
          local(windowStart, user.zone(), "windowStart"),
          local(windowEnd, user.zone(), "windowEnd"));
      return FormProblems.seeOther(request, BASE + "/" + id + "?callback#callback");
    } catch (OkPayException e) {
      return problem(request, user, id, e, "phone", phone, "windowStart", windowStart,
          "windowEnd", windowEnd);
    }
  }

  @GetMapping(BASE + "/{id}/attachments/{attachmentId}")
  public ResponseEntity<byte[]> attachment(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id, @PathVariable UUID attachmentId) {
    if (user == null || support.caseOf(user.userId(), id).isEmpty()) {
      throw new OkPayException(ErrorCode.CASE_NOT_FOUND);
    }
    Download file = support.attachmentOf(user.userId(), id, attachmentId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CASE_ATTACHMENT_NOT_FOUND));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(file.contentType()))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(file.fileName(), java.nio.charset.StandardCharsets.UTF_8).build()
            .toString())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
        .body(file.content());
  }

  private String problem(HttpServletRequest request, CurrentUser user, UUID id,
      OkPayException e, String... fields) {
    if (e.errorCode() == ErrorCode.CASE_NOT_FOUND) {
      throw e;
    }
    return forms.redirect(request, user, "support-case/" + id, BASE + "/" + id + "#problem",
        FormProblems.fields(fields), "problem", e);
  }

  private static Instant local(String value, ZoneId zone, String field) {
    if (value == null || value.isBlank()) {
      throw FieldErrors.invalid(field, FieldErrors.REQUIRED);
    }
    try {
      return LocalDateTime.parse(value.strip()).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw FieldErrors.invalid(field, FieldErrors.FORMAT);
    }
  }

  private static boolean known(String category) {
    if (category == null || category.isBlank()) {
      return false;
    }
    try {
      CaseCategory.fromCode(category.strip());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String signIn(String page) {
    return "redirect:/login?next=" + java.net.URLEncoder.encode(page,
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
