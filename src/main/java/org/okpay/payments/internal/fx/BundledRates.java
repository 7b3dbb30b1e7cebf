package org.okpay.payments.internal.fx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okpay.shared.OkPayException;

/** Reads the rate table that ships with OKPay, {@code fx/rates.csv}, checked like an operator's. */
final class BundledRates {

  static final String RESOURCE = "fx/rates.csv";
  private static final int LINES_MAX = 100;

  private BundledRates() {
  }

  static RateTable load() {
    try (InputStream in = BundledRates.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static RateTable parse(BufferedReader reader) throws IOException {
    String base = null;
    Instant asOf = null;
    Map<String, String> rates = new LinkedHashMap<>();
    String line;
    for (int n = 0; (line = reader.readLine()) != null; n++) {
      if (n > LINES_MAX) {
        throw new IllegalStateException(RESOURCE + " has more than " + LINES_MAX + " lines");
      }
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(",", -1);
      if (parts.length != 2) {
        throw new IllegalStateException(RESOURCE + ": expected key,value: " + line);
      }
      switch (parts[0].strip()) {
        case "as_of" -> asOf = Instant.parse(parts[1].strip());
        case "base" -> base = parts[1].strip();
        default -> rates.put(parts[0].strip(), parts[1].strip());
      }
    }
    if (asOf == null) {
      throw new IllegalStateException(RESOURCE + " has no as_of line");
    }
    try {
      return RateTable.parse(base, rates, asOf, "bundled");
    } catch (OkPayException e) {
      throw new IllegalStateException(RESOURCE + " is not a valid rate table: " + e.properties());
    }
  }
}
