package okpay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Where the machine's CPU went between two samples, from /proc (Linux; elsewhere every figure is
 * zero). The machine is shared and noisy, so every measured phase says how much of the CPU the
 * load under test had and how much went to other processes.

 */
final class CpuSample {

  private static final long USER_HZ = 100;

  /** One process: start time tells a reused pid from the same process. */
  record Proc(long pid, long startTime, long ticks, String name) {
  }

  final long busyTicks;
  final long totalTicks;
  final Map<Long, Proc> procs;

  private CpuSample(long busyTicks, long totalTicks, Map<Long, Proc> procs) {
    this.busyTicks = busyTicks;
    this.totalTicks = totalTicks;
    this.procs = procs;
  }

  static CpuSample take() {
    long busy = 0;
    long total = 0;
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
    } catch (IOException | RuntimeException e) {
      return new CpuSample(0, 0, Map.of());
    }
    Map<Long, Proc> procs = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        Proc p = read(dir);
        if (p != null) {
          procs.put(p.pid, p);
        }
      }
    } catch (IOException e) {
      procs.clear();
    }
    return new CpuSample(busy, total, procs);
  }

  private static Proc read(Path dir) {
    try {
      String stat = Files.readString(dir.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      String cmd = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').trim();
      String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      String name = cmd.isEmpty() ? comm : cmd;
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (isPostmaster(name)) {
        // Backends and autovacuum workers that exited are reaped by the postmaster, which
        // then holds their CPU time: without it, autovacuum would look like noise.
        ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return new Proc(Long.parseLong(dir.getFileName().toString()), Long.parseLong(f[19]), ticks,
          name);
    } catch (IOException | RuntimeException e) {
      return null; // exited meanwhile
    }
  }

  /** CPU ticks each process used since {@code before}; a process born since counts in full. */
  private Map<Long, Long> ticksSince(CpuSample before) {
    Map<Long, Long> used = new HashMap<>();
    for (Proc p : procs.values()) {
      Proc old = before.procs.get(p.pid);
      long since = old != null && old.startTime == p.startTime ? old.ticks : 0;
      used.put(p.pid, p.ticks - since);
    }
    return used;
  }

  private static boolean isPostmaster(String name) {
    return name.matches("\\S*/bin/postgres( .*)?");
  }

  /** The PostgreSQL processes that serve {@code database}: its backends and the server's own. */
  static Predicate<Proc> postgresFor(String database) {
    return p -> {
      if (isPostmaster(p.name)) {
        return true;
      }
      if (!p.name.startsWith("postgres: ")) {
        return false;
      }
      boolean clientBackend = p.name.matches("postgres: [^:]+: \\S+ \\S+ (\\[local\\]|\\S+\\(\\d+\\)).*");
      return !clientBackend || p.name.contains(" " + database + " ");
    };
  }

  /**
   * "machine N% busy of C cores = load X + PostgreSQL Y + others Z cores (top others: ...)";
   * {@code load} picks the processes of the load under test (the bench JVM, or pgbench).
   */
  String breakdown(CpuSample before, String loadName, Predicate<Proc> load, String database) {
    long total = totalTicks - before.totalTicks;
    if (total <= 0 || procs.isEmpty()) {
      return "cpu n/a";
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double seconds = (double) total / cores / USER_HZ;
    double busyCores = cores * (double) (busyTicks - before.busyTicks) / total;
    Predicate<Proc> pg = postgresFor(database);
    double loadCores = 0;
    double pgCores = 0;
    long self = ProcessHandle.current().pid();
    Map<String, Double> others = new TreeMap<>();
    for (Map.Entry<Long, Long> e : ticksSince(before).entrySet()) {
      Proc p = procs.get(e.getKey());
      if (p.pid == self && !load.test(p)) {
        continue; // the reporting command itself
      }
      double c = e.getValue() / (double) USER_HZ / seconds;
      if (load.test(p)) {
        loadCores += c;
      } else if (pg.test(p)) {
        pgCores += c;
      } else {
        others.merge(shortName(p.name), c, Double::sum);
      }
    }
    double seen = others.values().stream().mapToDouble(Double::doubleValue).sum();
    double gone = busyCores - loadCores - pgCores - seen;
    if (gone >= 0.005) {
      others.put("processes that exited", gone);
    }
    List<Map.Entry<String, Double>> top = new ArrayList<>(others.entrySet());
    top.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < Math.min(3, top.size()); i++) {
      names.append(i == 0 ? "" : ", ").append(top.get(i).getKey())
          .append(String.format(" %.2f", top.get(i).getValue()));
    }
    return String.format("cpu: machine %.0f%% busy of %d cores = %s %.2f + PostgreSQL for this"
            + " database %.2f + others (noise) %.2f cores%s", 100 * busyCores / cores, cores,
        loadName, loadCores, pgCores, busyCores - loadCores - pgCores,
        names.isEmpty() ? "" : " (top others: " + names + ")");
  }

  private static String shortName(String cmd) {
    String first = cmd.split(" ")[0];
    String base = first.substring(first.lastIndexOf('/') + 1);
    if (base.equals("java") && cmd.contains("plexus-classworlds")) {
      return "maven";
    }
    if (base.equals("java") && cmd.contains("surefire")) {
      return "surefire";
    }
    if (cmd.startsWith("postgres: ")) {
      String[] f = cmd.split(" ");
      return f.length > 3 ? "postgres(" + f[3] + ")" : "postgres";
    }
    return base.length() > 24 ? base.substring(0, 24) : base;
  }

  /**
   * {@code CpuSample DELAY_SECONDS LENGTH_SECONDS DATABASE [LOAD_NAME LOAD_PID]}: started just
   * before the load, sleeps until its processes are up, then samples a window that closes before
   * they exit (a process that exits inside the window is not seen, and its CPU would count as
   * noise). The load under test is pgbench, or the process {@code LOAD_PID} (bench/api.sh: the
   * application, whose load generator then counts among the others).
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3 && args.length != 5) {
      throw new IllegalArgumentException(
          "usage: CpuSample DELAY_SECONDS LENGTH_SECONDS DATABASE [LOAD_NAME LOAD_PID]");
    }
    Thread.sleep(Long.parseLong(args[0]) * 1000);
    CpuSample before = take();
    Thread.sleep(Long.parseLong(args[1]) * 1000);
    if (args.length == 5) {
      long pid = Long.parseLong(args[4]);
      System.out.println(take().breakdown(before, args[3], p -> p.pid == pid, args[2]));
    } else {
      System.out.println(take().breakdown(before, "pgbench",
          p -> shortName(p.name).equals("pgbench"), args[2]));
    }
  }
}
