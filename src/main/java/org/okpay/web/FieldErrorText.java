package org.okpay.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The message to show beside one field of a form, read from the same problem the API answers
 * ({@code errors: [{field, code, message}]}, see {@code shared.FieldErrors}), e.g. in a template
 * {@code ${@fieldErrors.message(problem, 'amount,amountMinor')}}: the messages of the errors
 * on any of the named fields (the page's field and the API's name for it), or null.
 *
 * <p>A few refusals without an {@code errors} list are about one field all the same (no such
 * recipient, not enough money, a wrong code): their message is shown beside that field too.
 */
@Component("fieldErrors")
public class FieldErrorText {

  /** Refusals that are about one field of the form, by the field's name. */
  private static final Map<String, String> FIELD_OF_CODE = Map.of(
      "recipient_not_found", "recipient",
      "insufficient_funds", "amount",
      "invalid_second_factor", "code",
      "second_factor_required", "code",
      "card_number_invalid", "number",
      "card_expired", "expiry",
      "phone_invalid", "phone",
      "phone_code_wrong", "phoneCode",
      "phone_code_expired", "phoneCode");

  /** The messages of the errors on any of {@code fields} (comma-separated), or null. */
  public String message(ProblemDetail problem, String fields) {
    if (problem == null || problem.getProperties() == null || fields == null) {
      return null;
    }
    Set<String> names = Arrays.stream(fields.split(",")).map(String::strip)
        .collect(Collectors.toSet());
    String messages = errors(problem).stream()
        .filter(e -> names.contains(String.valueOf(e.get("field"))))
        .map(e -> e.get("message") == null ? null : String.valueOf(e.get("message")))
        .filter(Objects::nonNull).distinct().collect(Collectors.joining("; "));
    if (!messages.isEmpty()) {
      return messages;
    }
    Object field = problem.getProperties().get("field");
    Object code = problem.getProperties().get("code");
    boolean aboutThisField = field != null ? names.contains(field.toString())
        : code != null && names.contains(FIELD_OF_CODE.get(code.toString()));
    return aboutThisField ? problem.getDetail() : null;
  }

  public boolean has(ProblemDetail problem, String fields) {
    return message(problem, fields) != null;
  }

  private static List<Map<?, ?>> errors(ProblemDetail problem) {
    if (!(problem.getProperties().get("errors") instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().filter(Map.class::isInstance).<Map<?, ?>>map(e -> (Map<?, ?>) e)
        .toList();
  }
}
