package org.okpay.notify.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.thymeleaf.util.EvaluationUtils;
import org.unbescape.html.HtmlEscape;

/**
 * E-mail bodies processed by Thymeleaf once per template, language and shape, then filled per
 * e-mail. Processing the mail layout and its fragments was the largest part of sending an
 * e-mail (a fifth of the application's CPU under the P2P bench); filling a stencil is a string
 * concatenation.
 *
 * <p>A stencil is made by processing the templates with every text value replaced by a marker
 * that carries its name's index and a probe of the characters HTML escapes ({@link #PROBE}). In
 * the output each marker shows where its value goes and whether Thymeleaf escaped it there (the
 * probe escaped) or wrote it as it is (the probe unchanged). The shape (which values are
 * present) is part of the key, because {@code th:if} and {@code ?:} look at presence; a value's
 * content never is, so only values that Thymeleaf reads as plain present text qualify: strings
 * it evaluates as true, without the marker characters. Anything else (an {@code Instant} or a
 * number that {@code fmt} formats, {@code "false"}, a template that does more with a value than
 * write it) is processed by Thymeleaf as before. A new stencil's first e-mail is also processed
 * by Thymeleaf and compared; if they differ, Thymeleaf keeps that shape.
 */
final class Stencils {

  /** Marker characters from Unicode's private-use area, which no escaping touches. */
  private static final char OPEN = '\uE000';
  private static final char MIDDLE = '\uE001';
  private static final char CLOSE = '\uE002';
  /** Every character HTML escaping changes, and two it must leave alone. */
  static final String PROBE = "&<>\"'é中";
  private static final String ESCAPED_PROBE = HtmlEscape.escapeHtml4Xml(PROBE);
  /** Shapes are few (templates x languages x optional variables); this only bounds surprises. */
  private static final int MAX_STENCILS = 512;

  private final ConcurrentHashMap<Key, Optional<Stencil>> stencils = new ConcurrentHashMap<>();

  /** Which stencil an e-mail would use: its template, locale and the names of its values. */
  record Key(String template, String locale, List<String> names) {
  }

  /** A literal piece of output, or where a value goes and whether it is escaped there. */
  sealed interface Part {
  }

  record Literal(String text) implements Part {
  }

  record Slot(String name, boolean escaped) implements Part {
  }

  /** The two bodies of a shape, in pieces. */
  record Stencil(List<Part> html, List<Part> text) {

    String html(Map<String, String> values) {
      return fill(html, values);
    }

    String text(Map<String, String> values) {
      return fill(text, values);
    }

    private static String fill(List<Part> parts, Map<String, String> values) {
      StringBuilder out = new StringBuilder(4096);
      for (Part part : parts) {
        switch (part) {
          case Literal literal -> out.append(literal.text());
          case Slot slot -> {
            String value = values.get(slot.name());
            out.append(slot.escaped() ? HtmlEscape.escapeHtml4Xml(value) : value);
          }
        }
      }
      return out.toString();
    }
  }

  /**
   * The values as the stencil's slots take them, in name order, or empty when one of them is not
   * plain present text (then Thymeleaf processes the e-mail).
   */
  static Optional<TreeMap<String, String>> slotValues(Map<String, Object> values) {
    TreeMap<String, String> slots = new TreeMap<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      if (!(entry.getValue() instanceof String text) || !plain(text)) {
        return Optional.empty();
      }
      slots.put(entry.getKey(), text);
    }
    return Optional.of(slots);
  }

  private static boolean plain(String text) {
    return EvaluationUtils.evaluateAsBoolean(text)
        && text.indexOf(OPEN) < 0 && text.indexOf(MIDDLE) < 0 && text.indexOf(CLOSE) < 0;
  }

  /**
   * The stencil for {@code key}, or empty if this shape is left to Thymeleaf. The first time, it
   * is made with {@code process} (which gets the slots' values by name and returns the html and
   * the text output) and checked: filled with {@code values}, it must give what {@code process}
   * gives for them, or Thymeleaf keeps the shape.
   */
  Optional<Stencil> stencil(Key key, Map<String, String> values,
      Function<Map<String, String>, String[]> process) {
    Optional<Stencil> known = stencils.get(key);
    if (known != null) {
      return known;
    }
    if (stencils.size() >= MAX_STENCILS) {
      // Full: Thymeleaf alone, rather than making (and checking) a stencil for every e-mail.
      return Optional.empty();
    }
    Optional<Stencil> made = make(key.names(), process)
        .filter(stencil -> fillsLikeThymeleaf(stencil, values, process));
    stencils.putIfAbsent(key, made);
    return made;
  }

  private static boolean fillsLikeThymeleaf(Stencil stencil, Map<String, String> values,
      Function<Map<String, String>, String[]> process) {
    String[] processed = process.apply(values);
    return processed[0].equals(stencil.html(values)) && processed[1].equals(stencil.text(values));
  }

  /** How many shapes are filled from a stencil (the others are processed by Thymeleaf). */
  long made() {
    return stencils.values().stream().filter(Optional::isPresent).count();
  }

  private static Optional<Stencil> make(List<String> names,
      Function<Map<String, String>, String[]> process) {
    Map<String, String> markers = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      markers.put(names.get(i), OPEN + Integer.toString(i) + MIDDLE + PROBE + CLOSE);
    }
    String[] output;
    try {
      output = process.apply(markers);
    } catch (RuntimeException notPlainText) {
      // e.g. a message that formats its argument as a number: Thymeleaf keeps this shape.
      return Optional.empty();
    }
    Optional<List<Part>> html = parts(output[0], names);
    Optional<List<Part>> text = parts(output[1], names);
    return html.isPresent() && text.isPresent()
        ? Optional.of(new Stencil(html.get(), text.get())) : Optional.empty();
  }

  /** The output cut at its markers, or empty if a marker came out changed. */
  static Optional<List<Part>> parts(String output, List<String> names) {
    List<Part> parts = new ArrayList<>();
    int from = 0;
    while (true) {
      int open = output.indexOf(OPEN, from);
      if (open < 0) {
        String rest = output.substring(from);
        if (rest.indexOf(MIDDLE) >= 0 || rest.indexOf(CLOSE) >= 0) {
          return Optional.empty();
        }
        parts.add(new Literal(rest));
        return Optional.of(List.copyOf(parts));
      }
      int middle = output.indexOf(MIDDLE, open);
      int close = output.indexOf(CLOSE, open);
      if (middle < 0 || close < middle) {
        return Optional.empty();
      }
      String before = output.substring(from, open);
      if (before.indexOf(MIDDLE) >= 0 || before.indexOf(CLOSE) >= 0) {
        return Optional.empty();
      }
      int index;
      try {
        index = Integer.parseInt(output.substring(open + 1, middle));
      } catch (NumberFormatException changed) {
        return Optional.empty();
      }
      String probe = output.substring(middle + 1, close);
      boolean escaped = probe.equals(ESCAPED_PROBE);
      if (index < 0 || index >= names.size() || !(escaped || probe.equals(PROBE))) {
        return Optional.empty();
      }
      parts.add(new Literal(before));
      parts.add(new Slot(names.get(index), escaped));
      from = close + 1;
    }
  }
}
