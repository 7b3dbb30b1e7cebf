package org.okpay.ledger.internal;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Transfer metadata as a JSON object of strings, in key order so equal maps encode equally. */
@Component
class MetadataCodec {

  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };

  private final JsonMapper json;

  MetadataCodec(JsonMapper json) {
    this.json = json;
  }

  String encode(Map<String, String> metadata) {
    return json.writeValueAsString(new TreeMap<>(metadata));
  }

  Map<String, String> decode(String text) {
    return text == null ? Map.of() : Map.copyOf(json.readValue(text, MAP));
  }
}
