package org.okpay.notify.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.okpay.notify.EmailRequest;
import org.okpay.shared.ReaderZone;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Template variables: the checks every request's variables pass, and their JSON form in the
 * outbox. Values are kept to a few flat types so that what a template sees after the round trip
 * is what the caller gave; an {@link Instant} is stored as {@code {"instant": "..."}} and comes
 * back as an Instant.
 */
@Component
class Variables {

  static final int COUNT_MAX = 16;
  static final int STRING_CHARS_MAX = 2000;
  static final int LINK_CHARS_MAX = 2048;
  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,31}");
  private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s<>\"'\\\\]+");
  private static final String INSTANT = "instant";
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

  private final JsonMapper json;

  Variables(JsonMapper json) {
    this.json = json;
  }

  /** Refuses variables a template does not know, lacks a required one, or a value out of bounds. */
  static void check(Map<String, Object> variables, Set<String> required, Set<String> allowed,
      String template) {
    require(variables.size() <= COUNT_MAX, "more than " + COUNT_MAX + " variables");
    for (String name : required) {
      Object value = variables.get(name);
      require(value != null && !(value instanceof String s && s.isBlank()),
          template + " needs the variable " + name);
    }
    variables.forEach((name, value) -> {
      require(NAME.matcher(name).matches(), "bad variable name: " + name);
      if (name.equals(EmailRequest.TIME_ZONE)) {
        require(value instanceof String zone && ReaderZone.parse(zone).isPresent(),
            "timeZone must be an IANA time zone");
        return;
      }
      if (name.equals(EmailRequest.REPLY_TO)) {
        require(value instanceof String address && address.length() <= 254
            && address.matches("[^\\s@<>\"]+@[^\\s@<>\"]+"), "replyTo must be one e-mail address");
        return;
      }
      require(allowed.contains(name), template + " has no variable " + name);
      checkValue(name, value);
    });
  }

  private static void checkValue(String name, Object value) {
    switch (value) {
      case String s -> {
        require(s.length() <= STRING_CHARS_MAX, name + " is longer than " + STRING_CHARS_MAX);
        if (name.equals("link")) {
          require(s.length() <= LINK_CHARS_MAX && HTTP_URL.matcher(s).matches(),
              "link must be an http(s) URL");
        }
      }
      case Integer i -> { }
      case Long l -> { }
      case Boolean b -> { }
      case Instant t -> { }
      default -> throw new IllegalArgumentException(name + " has an unsupported type: "
          + value.getClass().getName());
    }
  }

  /** Canonical JSON: keys in order, so that equal variables give equal text (and hash). */
  String encode(Map<String, Object> variables) {
    Map<String, Object> plain = new TreeMap<>();
    variables.forEach((name, value) ->
        plain.put(name, value instanceof Instant t ? Map.of(INSTANT, t.toString()) : value));
    return json.writeValueAsString(plain);
  }

  Map<String, Object> decode(String text) {
    Map<String, Object> decoded = new LinkedHashMap<>();
    json.readValue(text, MAP).forEach((name, value) -> decoded.put(name,
        value instanceof Map<?, ?> m && m.get(INSTANT) instanceof String t ? Instant.parse(t) : value));
    return decoded;
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
