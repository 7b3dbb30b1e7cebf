package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.OkPayException;
import org.okpay.shared.internal.ProblemFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.View;

/**
 * Shows an error on a form the way the API reports it: the same problem (code, message in the
 * reader's language, fields at fault), the same status, and Retry-After when there is one.
 */
@Component
public class FormProblems {

  private final ProblemFactory problems;
  private final FormDrafts drafts;

  FormProblems(ProblemFactory problems, FormDrafts drafts) {
    this.problems = problems;
    this.drafts = drafts;
  }

  /**
   * Post/Redirect/Get for a refused form: keeps what was typed ({@code fields}, never a secret)
   * and the refusal in a draft of {@code form}, and answers 303 to {@code page} with
   * {@code draft=<id>} added (before any {@code #fragment}). That page shows both again, in the
   * reader's language, however often it is reloaded or switched to the other language.
   */
  String redirect(HttpServletRequest request, CurrentUser user, String form, String page,
      Map<String, String> fields, String attribute, OkPayException e) {
    UUID id = drafts.save(user == null ? null : user.userId(), form, fields, attribute, e);
    return seeOther(request, withDraft(page, id));
  }

  /** A draft without a refusal (a review to show, a form to change); 303 to the page. */
  String redirect(HttpServletRequest request, CurrentUser user, String form, String page,
      Map<String, String> fields) {
    UUID id = drafts.save(user == null ? null : user.userId(), form, fields, null, null);
    return seeOther(request, withDraft(page, id));
  }

  /**
   * The draft {@code id} of {@code form}, the user's own and not expired; its refusal, if any,
   * is put in the model (and the status) as {@link #show} does.
   */
  Optional<FormDrafts.Draft> restore(CurrentUser user, String id, String form,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    Optional<FormDrafts.Draft> draft = drafts.find(user == null ? null : user.userId(), id, form);
    draft.filter(d -> d.problem() != null)
        .ifPresent(d -> show(d.problemAttribute(), d.problem(), request, response, model));
    return draft;
  }

  /** Field names and values, in pairs; null values are left out. */
  static Map<String, String> fields(String... namesAndValues) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        fields.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return fields;
  }

  /** "redirect:" with 303 See Other: after a POST the browser GETs the page it is sent to. */
  static String seeOther(HttpServletRequest request, String location) {
    request.setAttribute(View.RESPONSE_STATUS_ATTRIBUTE, HttpStatus.SEE_OTHER);
    return "redirect:" + location;
  }

  /** The page with {@code draft=<id>}; a draft of a page is the UUID, placed before its anchor. */
  static String withDraft(String page, UUID id) {
    int anchor = page.indexOf('#');
    String path = anchor < 0 ? page : page.substring(0, anchor);
    String fragment = anchor < 0 ? "" : page.substring(anchor);
    return path + (path.contains("?") ? "&" : "?") + "draft=" + id + fragment;
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
