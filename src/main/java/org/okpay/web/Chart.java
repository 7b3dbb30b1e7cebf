package org.okpay.web;

import java.util.List;
import org.okpay.shared.Money;

/**
 * A chart as the pages draw it: /js/charts.js reads {@link #dataJson()} from the container's
 * {@code data-chart-data} attribute and draws a line or bar chart with ECharts; the same labels and
 * values make the table under it (the chart's text alternative), and {@link #summary()} is the
 * container's {@code aria-label}. Rendered by the fragment {@code charts :: chart(${chart})}, so
 * any page can show one (merchant pages too).
 *
 * @param id the container's id; the table's is {@code id + "-table"}
 * @param type {@code line} or {@code bar}
 * @param title a short title above the chart, e.g. the currency
 * @param labelHeader the table's first column, e.g. "Date"
 * @param labels one per point, already written in the reader's language, for the table (the
 *     chart's axis may use shorter ones, from its data)
 * @param currency the values' currency (for the tooltip's formatting)
 * @param dataJson {@code {"labels": [...], "currency": "USD", "series": [{"name", "values"}]}}
 *     with values in major units
 */
public record Chart(String id, String type, String title, String summary, String labelHeader,
    List<String> labels, List<Series> series, String currency, String dataJson) {

  /** One line or one set of bars, one value per label. */
  public record Series(String name, List<Money> values) {
  }
}
