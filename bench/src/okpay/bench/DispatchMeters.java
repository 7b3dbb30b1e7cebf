package okpay.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the notification dispatchers' rounds spend their time, from the application's meters at
 * both ends of the window: rounds and rows per round ({@code okpay.notify.round.rows}), the
 * whole round, its claim and its recording transaction (each with its connection wait), and
 * how long a connection took to get from each Hikari pool ({@code hikaricp.connections.acquire},
 * by pool: the application's, and the dispatchers' own when they have one).
 */
record DispatchMeters(double rounds, double rows, Map<String, double[]> timers) {

  private static final String[] ROUND_TIMERS = {
      "okpay.notify.round", "okpay.notify.round.claim", "okpay.notify.round.record"};

  static DispatchMeters take(MeterRegistry meters) {
    DistributionSummary rows = meters.find("okpay.notify.round.rows").summary();
    Map<String, double[]> timers = new TreeMap<>();
    for (String name : ROUND_TIMERS) {
      Timer t = meters.find(name).timer();
      if (t != null) {
        timers.put(name, new double[] {t.count(), t.totalTime(TimeUnit.MILLISECONDS)});
      }
    }
    for (Timer t : meters.find("hikaricp.connections.acquire").timers()) {
      timers.put("pool " + t.getId().getTag("pool"),
          new double[] {t.count(), t.totalTime(TimeUnit.MILLISECONDS)});
    }
    return new DispatchMeters(rows == null ? 0 : rows.count(), rows == null ? 0 : rows.totalAmount(),
        timers);
  }

  /** One line: what changed from {@code before} to this snapshot over {@code seconds}. */
  String summary(DispatchMeters before, double seconds) {
    double n = rounds - before.rounds;
    StringBuilder line = new StringBuilder(String.format(
        "notify dispatchers: %,.0f rounds (%.1f/s), %.1f rows per round", n, n / seconds,
        (rows - before.rows) / Math.max(1, n)));
    line.append("; mean ms per round:");
    for (String name : ROUND_TIMERS) {
      line.append(' ').append(name.equals("okpay.notify.round") ? "whole" : name.substring(
          "okpay.notify.round.".length())).append(' ').append(mean(name, before));
    }
    line.append("; connection wait (Hikari acquire, mean ms over the window):");
    timers.keySet().stream().filter(k -> k.startsWith("pool ")).forEach(k ->
        line.append(' ').append(k.substring(5)).append(' ').append(mean(k, before)).append(" (")
            .append(String.format("%,.0f", count(k, before))).append(" acquisitions)"));
    return line.toString();
  }

  private String mean(String name, DispatchMeters before) {
    double[] now = timers.get(name);
    if (now == null) {
      return "-";
    }
    double[] then = before.timers.getOrDefault(name, new double[2]);
    double count = now[0] - then[0];
    return count == 0 ? "-" : String.format("%.2f", (now[1] - then[1]) / count);
  }

  private double count(String name, DispatchMeters before) {
    return timers.get(name)[0] - before.timers.getOrDefault(name, new double[2])[0];
  }
}
