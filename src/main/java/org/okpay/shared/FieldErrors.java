package org.okpay.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * The one shape of "these fields are wrong", for every module and the framework's own
 * validation: {@code errors: [{field, code, message}]} with a stable machine {@code code}
 * ({@link #REQUIRED}, {@link #FORMAT}, {@link #OUT_OF_RANGE}, {@link #TOO_LONG}, ...) and a
 * {@code message} in the reader's language (by default {@code field.error.<code>}). Documented in
 * docs/api-errors.md.
 *
 * <pre>{@code
 * throw FieldErrors.invalid("amountMinor", FieldErrors.OUT_OF_RANGE);
 * }</pre>
 */
public final class FieldErrors {

  public static final String REQUIRED = "required";
  public static final String FORMAT = "format";
  public static final String OUT_OF_RANGE = "out_of_range";
  public static final String TOO_LONG = "too_long";
  public static final String TOO_SHORT = "too_short";
  public static final String UNKNOWN = "unknown";
  public static final String INVALID = "invalid";
  /** More decimals than the currency has (12.345 dollars): refused, never rounded. */
  public static final String TOO_PRECISE = "too_precise";
  /** An end before (or at) the start of a range. */
  public static final String BEFORE_FROM = "before_from";

  /** Every code a field error may carry, with a message of its own in messages*.properties. */
  public static final Set<String> CODES =
      Set.of(REQUIRED, FORMAT, OUT_OF_RANGE, TOO_LONG, TOO_SHORT, UNKNOWN, INVALID,
          TOO_PRECISE, BEFORE_FROM);

  private static final int ERRORS_MAX = 50;
  private static final String MESSAGE_PREFIX = "field.error.";

  private final List<Map<String, Object>> errors = new ArrayList<>();

  public static FieldErrors of(String field, String code) {
    return new FieldErrors().add(field, code);
  }

  /** The common case: one field at fault, as a 400 {@code validation_failed}. */
  public static OkPayException invalid(String field, String code) {
    return of(field, code).exception();
  }

  /** One entry of {@code errors}, for code that gathers several before it throws. */
  public static Map<String, Object> error(String field, String code) {
    return error(field, code, message(code));
  }

  /** One entry with a message of its own (a text, or a resolvable one). */
  public static Map<String, Object> error(String field, String code, Object message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field == null ? "" : field);
    error.put("code", code);
    error.put("message", message == null ? message(code) : message);
    return error;
  }

  /** The gathered entries (each from {@link #error}) as one exception. */
  public static OkPayException exception(ErrorCode code, List<Map<String, Object>> errors) {
    FieldErrors all = new FieldErrors();
    errors.forEach(e -> all.add(String.valueOf(e.get("field")), String.valueOf(e.get("code")),
        e.get("message")));
    return all.exception(code);
  }

  /** Adds a field at fault with the standard message of its code. */
  public FieldErrors add(String field, String code) {
    return add(field, code, message(code));
  }

  /**
   * Adds a field at fault with its own message: a text already in the reader's language, or a
   * {@link MessageSourceResolvable} resolved when the problem is rendered.
   */
  public FieldErrors add(String field, String code, Object message) {
    if (errors.size() >= ERRORS_MAX) {
      return this;
    }
    errors.add(error(field, code, message));
    return this;
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** The {@code errors} problem property and nothing else. */
  public Map<String, Object> properties() {
    return Map.of("errors", List.copyOf(errors));
  }

  public OkPayException exception() {
    return exception(ErrorCode.VALIDATION_FAILED);
  }

  /** For codes other than validation_failed that name fields (weak_password, phone_invalid). */
  public OkPayException exception(ErrorCode code) {
    return new OkPayException(code, properties());
  }

  /** The standard message of a code; a code without one of its own reads as "not valid". */
  public static MessageSourceResolvable message(String code) {
    return new DefaultMessageSourceResolvable(
        new String[] {MESSAGE_PREFIX + code, MESSAGE_PREFIX + INVALID}, code);
  }

  /** The code of a Bean Validation constraint (its simple name) for a value of that length. */
  public static String codeOfConstraint(String constraint, Object rejected, Number max) {
    return switch (constraint) {
      case "NotNull", "NotBlank", "NotEmpty" -> REQUIRED;
      case "Size", "Length" -> max != null && length(rejected) > max.longValue()
          ? TOO_LONG : TOO_SHORT;
      case "Min", "Max", "DecimalMin", "DecimalMax", "Positive", "PositiveOrZero", "Negative",
          "NegativeOrZero", "Range", "Digits" -> OUT_OF_RANGE;
      case "Pattern", "Email", "Past", "PastOrPresent", "Future", "FutureOrPresent" -> FORMAT;
      default -> INVALID;
    };
  }

  private static long length(Object value) {
    return switch (value) {
      case CharSequence text -> text.length();
      case Collection<?> collection -> collection.size();
      case Map<?, ?> map -> map.size();
      case Object[] array -> array.length;
      case null, default -> 0;
    };
  }
}
