package org.okpay.web;

import java.util.Arrays;

/** The money-moving forms of the wallet, each at /account/money/{path}. */
public enum MoneyForm {
  TOP_UP("top-up"), SEND("send"), WITHDRAW("withdraw"), CONVERT("convert"), ABROAD("abroad");

  /** For request mappings: only these paths are forms. */
  static final String PATHS = "top-up|send|withdraw|convert|abroad";

  private final String path;

  MoneyForm(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }

  /** The template of the form; the review page is shared. */
  String template() {
    return "money/" + path;
  }

  public boolean quoted() {
    return this == CONVERT || this == ABROAD;
  }

  static MoneyForm of(String path) {
    return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no money form at " + path));
  }
}
