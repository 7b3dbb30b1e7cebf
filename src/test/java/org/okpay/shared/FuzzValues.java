package org.okpay.shared;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** The values {@link ApiFuzzer} sends: plausible ones from the schema, and odd ones. */
final class FuzzValues {

  private static final int DEPTH_MAX = 4;
  private static final String LONG = "x".repeat(5_000);

  /** Raw JSON that is legal syntax (mostly) but wrong for nearly any field. */
  private static final List<String> ODD_JSON = List.of("\"abc\"", "1e400", "9223372036854775808",
      "-9223372036854775809", "100.9", "250.75", "-1", "0", "true", "null", "[]", "{}", "1.0",
      "\"not-a-uuid\"", "\"00000000-0000-0000-0000-00000000000g\"", "\"\\u0000\"",
      "\"a\\u0000b\"", "\"\\ud800\"", "\"" + LONG + "\"", "\"+1000000000-01-01T00:00:00Z\"",
      "\"9999999999-12-31\"", "\"2026-13-45\"", "\"ключ 测试 🙂\"", "\"%ff%fe\"",
      "\"'; drop table x; --\"", "2147483648", "-2147483649", "\"1e3\"", "\"   \"", "\"\"",
      "NaN", "[1,2,3]", "{\"a\":{\"b\":{\"c\":[]}}}", "\"USD\"", "\"XXX\"", "\"usd\"");
  /** Whole bodies that are not the object asked for. */
  private static final List<String> ODD_BODIES = List.of("", "{", "{\"a\":", "[]", "null", "42",
      "\"text\"", "{}", "{\"a\":1,\"a\":2}", "{\"amountMinor\":100.9}", "<xml/>", "{'a':1}",
      "[{}]", "{\"amountMinor\":1e400}", "\u0000", "{\"x\":\"\\ud800\"}");
  /** Percent-encoded path or query values, as they go on the wire. */
  private static final List<String> ODD_PARAMETERS = List.of("%", "%zz", "%E0%A4%A", "%ff%fe",
      "%00", "a%00b", "-1", "0", "99999999999999999999", "1.5", "abc", "not-a-uuid",
      "%2B1000000000-01-01T00%3A00%3A00Z", "%2B1000000000-01", "9999999999-12", "2026-13",
      "a".repeat(3_000), "%E4%BD%A0%E5%A5%BD", "..%2F..%2Fetc", "%2F", "x;y=1", "%20",
      "00000000-0000-0000-0000-000000000000", "1e9", "NaN", "%C0%AF", "%ED%A0%80");
  private static final List<String> ODD_QUERIES = List.of("a=%", "%zz=1", "a=%E0%A4%A",
      "limit=%zz", "limit=-5", "limit=1000000000000", "limit=1.5", "cursor=%ff",
      "lang=%00", "lang=xx-%ZZ", "a=" + "b".repeat(3_000), "=&&=", "a[]=1&a[]=2");
  private static final List<String> CONTENT_TYPES = List.of("*/*", "application/*", "text/plain",
      "application/json; charset=latin1", "application/json; charset=nonsense", "garbage",
      "multipart/form-data", "application/x-www-form-urlencoded", "application/xml", ";;;",
      "application/json;;", "text/html; charset=utf-8", "application/problem+json");
  private static final List<String> ACCEPTS = List.of("*/*", "text/csv", "text/html",
      "application/xml", ";;;", "application/json;q=abc", "image/png", "text/*", "*/json",
      "application/problem+json");
  private static final List<String> LANGUAGES = List.of("en", "zh-CN", "zh", "fr", "*", ";;;",
      "en;q=abc", "x-" + "y".repeat(300), "zh-Hant-TW, en;q=0.1");
  private static final List<String> QUERY_KEYS = List.of("from", "to", "type", "status",
      "currency", "counterparty", "q", "cursor", "limit");

  private final JsonNode doc;

  FuzzValues(JsonNode doc) {
    this.doc = doc;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T pick(List<T> list, Random random) {
    return list.get(random.nextInt(list.size()));
  }

  String plainParameter(String name, JsonNode schema, Random random) {
    return URLEncoder.encode(String.valueOf(plain(name, schema, random, 0)),
        StandardCharsets.UTF_8);
  }

  String oddParameter(Random random) {
    return pick(ODD_PARAMETERS, random);
  }

  String oddQuery(Random random) {
    return pick(ODD_QUERIES, random);
  }

  void query(String name, JsonNode schema, boolean clean, Random random, StringBuilder query) {
    if ("object".equals(schema.path("type").asString())) {
      for (String key : QUERY_KEYS) {
        if (random.nextInt(3) == 0) {
          String value = clean || random.nextBoolean() ? URLEncoder.encode(
              String.valueOf(plain(key, schema, random, 0)), StandardCharsets.UTF_8)
              : oddParameter(random);
          query.append(query.isEmpty() ? "" : "&").append(key).append('=').append(value);
        }
      }
      return;
    }
    if (!clean && random.nextInt(4) == 0) {
      return;
    }
    String value = clean || random.nextBoolean() ? plainParameter(name, schema, random)
        : oddParameter(random);
    query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(value);
  }

  void header(String name, boolean clean, Random random, List<byte[]> headers) {
    int pick = clean ? 0 : random.nextInt(8);
    switch (pick) {
      case 0, 1, 2 -> headers.add(ascii(name + ": " + UUID.randomUUID()));
      case 3 -> headers.add(utf8(name + ": ключ-" + random.nextInt(1000)));
      case 4 -> headers.add(new byte[] {'I', 'd', 'e', 'm', 'p', 'o', 't', 'e', 'n', 'c', 'y',
          '-', 'K', 'e', 'y', ':', ' ', 'k', (byte) 0xE9, (byte) 0xFF});
      case 5 -> headers.add(ascii(name + ": " + "k".repeat(300 + random.nextInt(3_000))));
      case 6 -> headers.add(ascii(name + ": "));
      default -> { } // missing
    }
  }

  void contentHeaders(boolean clean, Random random, List<byte[]> headers) {
    if (clean) {
      headers.add(ascii("Accept: application/json"));
      return;
    }
    if (random.nextInt(3) == 0) {
      headers.add(ascii("Accept: " + pick(ACCEPTS, random)));
    }
    if (random.nextInt(3) == 0) {
      headers.add(ascii("Accept-Language: " + pick(LANGUAGES, random)));
    }
    if (random.nextInt(8) == 0) {
      headers.add(utf8("X-Fuzz: 值-ключ-" + random.nextInt(100)));
    }
    if (random.nextInt(12) == 0) {
      headers.add(new byte[] {'X', '-', 'R', 'a', 'w', ':', ' ', (byte) 0x80, (byte) 0xFE, 0x7F});
    }
  }

  byte[] contentType(boolean clean, Random random) {
    return ascii("Content-Type: " + (clean || random.nextInt(4) > 0 ? "application/json"
        : pick(CONTENT_TYPES, random)));
  }

  byte[] body(JsonNode schema, boolean clean, Random random) {
    Object value = plain("body", schema, random, 0);
    if (clean) {
      return utf8(json(value));
    }
    int pick = random.nextInt(10);
    if (pick == 0) {
      return utf8(pick(ODD_BODIES, random));
    }
    if (pick == 1) {
      return new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    }
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      return utf8(json(mutateField(map, random)));
    }
    return utf8(json(new Raw(pick(ODD_JSON, random))));
  }

  private Map<Object, Object> mutateField(Map<?, ?> object, Random random) {
    Map<Object, Object> copy = new LinkedHashMap<>(object);
    List<Object> keys = new ArrayList<>(copy.keySet());
    Object key = keys.get(random.nextInt(keys.size()));
    switch (random.nextInt(6)) {
      case 0 -> copy.remove(key);
      case 1 -> copy.put("unexpected" + random.nextInt(5), new Raw(pick(ODD_JSON, random)));
      default -> {
        if (copy.get(key) instanceof Map<?, ?> inner && !inner.isEmpty()) {
          copy.put(key, mutateField(inner, random));
        } else {
          copy.put(key, new Raw(pick(ODD_JSON, random)));
        }
      }
    }
    return copy;
  }

  /** A value that fits the schema, with a few well-known names given realistic values. */
  Object plain(String name, JsonNode schema, Random random, int depth) {
    JsonNode resolved = resolve(schema);
    String type = resolved.path("type").asString("object");
    String format = resolved.path("format").asString("");
    if (resolved.has("enum")) {
      JsonNode options = resolved.get("enum");
      return options.get(random.nextInt(options.size())).asString();
    }
    return switch (type) {
      case "integer", "number" -> named(name, random) instanceof Long n ? n
          : (long) random.nextInt(1_000);
      case "boolean" -> random.nextBoolean();
      case "array" -> depth >= DEPTH_MAX ? List.of()
          : List.of(plain(name, resolved.path("items"), random, depth + 1));
      case "object" -> object(resolved, random, depth);
      default -> switch (format) {
        case "uuid" -> UUID.randomUUID().toString();
        case "date-time" -> "2026-11-25T10:00:00Z";
        case "date" -> "2026-11-25";
        default -> named(name, random) instanceof String s ? s : "fuzz-" + random.nextInt(1_000);
      };
    };
  }

  private Map<String, Object> object(JsonNode schema, Random random, int depth) {
    Map<String, Object> object = new LinkedHashMap<>();
    if (depth >= DEPTH_MAX) {
      return object;
    }
    schema.path("properties").properties().forEach(p ->
        object.put(p.getKey(), plain(p.getKey(), p.getValue(), random, depth + 1)));
    return object;
  }

  private static Object named(String name, Random random) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("amountminor") || lower.equals("seconds") || lower.equals("limit")) {
      return (long) (1 + random.nextInt(500));
    }
    if (lower.contains("currency") || lower.equals("base")) {
      return pick(List.of("USD", "EUR", "CNY", "JPY"), random);
    }
    if (lower.contains("email")) {
      return "fuzz-" + random.nextInt(1_000_000) + "@example.com";
    }
    if (lower.equals("month")) {
      return "2026-" + String.format("%02d", 1 + random.nextInt(12));
    }
    if (lower.equals("from") || lower.equals("to") || lower.equals("at")) {
      return "2026-11-" + String.format("%02d", 1 + random.nextInt(28));
    }
    if (lower.equals("country")) {
      return pick(List.of("US", "GB", "CN"), random);
    }
    if (lower.equals("language")) {
      return pick(List.of("en", "zh-CN"), random);
    }
    return null;
  }

  private JsonNode resolve(JsonNode schema) {
    String ref = schema.path("$ref").asString("");
    if (ref.startsWith("#/components/schemas/")) {
      return doc.path("components").path("schemas").path(ref.substring(21));
    }
    return schema;
  }

  /** JSON text of maps, lists, strings, numbers, booleans and {@link Raw} fragments. */
  static String json(Object value) {
    return switch (value) {
      case null -> "null";
      case Raw raw -> raw.json();
      case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case Map<?, ?> map -> {
        StringBuilder out = new StringBuilder("{");
        map.forEach((k, v) -> out.append(out.length() > 1 ? "," : "")
            .append(json(String.valueOf(k))).append(':').append(json(v)));
        yield out.append('}').toString();
      }
      case List<?> list -> "[" + String.join(",", list.stream().map(FuzzValues::json).toList())
          + "]";
      default -> String.valueOf(value);
    };
  }

  /** A JSON fragment sent as written. */
  record Raw(String json) {
  }
}
