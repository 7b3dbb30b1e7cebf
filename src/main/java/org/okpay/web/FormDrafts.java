package org.okpay.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a form was filled with, kept from its POST to the GET it redirects to (Post/Redirect/Get):
 * a payment's review is a GET of its draft, and a refused form comes back from its draft with the
 * refusal. Reload, back and the language switch therefore never re-post, never answer 405 and
 * never lose the input. The refusal is kept as its code, arguments and properties, not as text,
 * so the page shows it again in whatever language the reader switches to.
 *
 * <p>A draft is the signed-in user's own (another user's id finds nothing), or nobody's for the
 * forms used signed out, whose ids are random and unguessable. Callers never put a password, a
 * card number, a CVC or a code in {@code fields}. Drafts expire after {@link #TTL}.
 */
@Component
class FormDrafts {

  static final Duration TTL = Duration.ofMinutes(30);
  private static final int FIELDS_MAX = 40;
  private static final int VALUE_LENGTH_MAX = 2000;
  private static final String MESSAGE = "$message";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  FormDrafts(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * @param problemAttribute the model attribute the form shows the refusal under ("problem",
   *     "emailProblem", ...)
   */
  record Draft(UUID id, String form, Map<String, String> fields, String problemAttribute,
      OkPayException problem) {

    String field(String name) {
      return fields.get(name);
    }
  }

  UUID save(UUID userId, String form, Map<String, String> fields, String problemAttribute,
      OkPayException problem) {
    UUID id = UUID.randomUUID();
    jdbc.sql("delete from web.form_drafts where expires_at < now()").update();
    jdbc.sql("""
        insert into web.form_drafts (id, user_id, form, fields, problem, expires_at)
        values (:id, :user, :form, cast(:fields as jsonb), cast(:problem as jsonb),
                now() + make_interval(secs => :ttl))
        """)
        .param("id", id).param("user", userId).param("form", form)
        .param("fields", json.writeValueAsString(bounded(fields)))
        .param("problem", problem == null ? null
            : json.writeValueAsString(stored(problemAttribute, problem)))
        .param("ttl", TTL.toSeconds())
        .update();
    return id;
  }

  /**
   * Records the first use of a one-time form id (a random id the page put in its form, for a
   * POST whose answer is shown in place, e.g. a new API key's secret): false when it was used
   * before, i.e. the browser re-posted the form on a reload. Remembered for {@link #TTL}.
   */
  boolean firstUse(UUID userId, String form, UUID formId) {
    jdbc.sql("delete from web.form_drafts where expires_at < now()").update();
    return jdbc.sql("""
        insert into web.form_drafts (id, user_id, form, fields, expires_at)
        values (:id, :user, :form, '{}'::jsonb, now() + make_interval(secs => :ttl))
        on conflict (id) do nothing
        """)
        .param("id", formId).param("user", userId).param("form", form)
        .param("ttl", TTL.toSeconds())
        .update() == 1;
  }

  /** The draft {@code id} of {@code form}, if it is this user's (or nobody's) and not expired. */
  Optional<Draft> find(UUID userId, String id, String form) {
    UUID draftId = uuid(id);
    if (draftId == null) {
      return Optional.empty();
    }
    return jdbc.sql("""
        select fields::text as fields, problem::text as problem from web.form_drafts
         where id = :id and form = :form and expires_at > now()
           and user_id is not distinct from :user
        """)
        .param("id", draftId).param("form", form).param("user", userId)
        .query((rs, n) -> draft(draftId, form, rs.getString("fields"), rs.getString("problem")))
        .optional();
  }

  private Draft draft(UUID id, String form, String fieldsJson, String problemJson) {
    Map<String, String> fields = json.readValue(fieldsJson,
        new TypeReference<LinkedHashMap<String, String>>() { });
    if (problemJson == null) {
      return new Draft(id, form, fields, null, null);
    }
    Map<String, Object> stored = json.readValue(problemJson,
        new TypeReference<LinkedHashMap<String, Object>>() { });
    ErrorCode code = Arrays.stream(ErrorCode.values())
        .filter(c -> c.code().equals(stored.get("code"))).findFirst()
        .orElse(ErrorCode.VALIDATION_FAILED);
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) restored(stored.get("properties"));
    Object[] args = ((List<?>) stored.getOrDefault("args", List.of())).stream()
        .map(FormDrafts::restored).toArray();
    return new Draft(id, form, fields, (String) stored.get("attribute"),
        new OkPayException(code, properties == null ? Map.of() : properties, args));
  }

  private Map<String, Object> stored(String attribute, OkPayException problem) {
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("attribute", attribute);
    stored.put("code", problem.errorCode().code());
    stored.put("args", Arrays.stream(problem.messageArgs()).map(this::argument).toList());
    stored.put("properties", storable(problem.properties()));
    return stored;
  }

  /** A texts-to-translate stays translatable: its codes and arguments are kept, not its text. */
  private Object storable(Object value) {
    return switch (value) {
      case MessageSourceResolvable text -> Map.of(MESSAGE, Map.of(
          "codes", text.getCodes() == null ? List.of() : List.of(text.getCodes()),
          "args", text.getArguments() == null ? List.of()
              : Arrays.stream(text.getArguments()).map(this::argument).toList(),
          "default", text.getDefaultMessage() == null ? "" : text.getDefaultMessage()));
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), storable(v)));
        yield out;
      }
      case List<?> list -> list.stream().map(this::storable).toList();
      case null -> null;
      case String s -> s;
      case Number n -> n;
      case Boolean b -> b;
      default -> json.convertValue(value, Object.class);
    };
  }

  private static Object restored(Object value) {
    return switch (value) {
      case Map<?, ?> map when map.get(MESSAGE) instanceof Map<?, ?> text ->
          new DefaultMessageSourceResolvable(
              ((List<?>) text.get("codes")).stream().map(String::valueOf).toArray(String[]::new),
              ((List<?>) text.get("args")).stream().map(FormDrafts::restored).toArray(),
              (String) text.get("default"));
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), restored(v)));
        yield out;
      }
      case List<?> list -> list.stream().map(FormDrafts::restored).toList();
      case null -> null;
      default -> value;
    };
  }

  /** A message argument as kept: numbers stay numbers ({0,choice,...} needs one), else text. */
  /** A message argument: a number stays one, a text to translate stays translatable (e.g. "in 15 minutes"). */
  private Object argument(Object value) {
    if (value instanceof MessageSourceResolvable) {
      return storable(value);
    }
    return value instanceof Number || value == null ? value : String.valueOf(value);
  }

  private static Map<String, String> bounded(Map<String, String> fields) {
    Map<String, String> kept = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (value != null && kept.size() < FIELDS_MAX) {
        kept.put(name, value.length() > VALUE_LENGTH_MAX ? value.substring(0, VALUE_LENGTH_MAX)
            : value);
      }
    });
    return kept;
  }

  static UUID uuid(String text) {
    try {
      return text == null || text.isBlank() ? null : UUID.fromString(text.strip());
    } catch (IllegalArgumentException notAnId) {
      return null;
    }
  }
}
