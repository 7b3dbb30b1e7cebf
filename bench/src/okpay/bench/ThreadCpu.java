package okpay.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the bench JVM's own CPU went, by kind of thread: the request path (the callers, on the
 * carriers of virtual threads, or their own platform threads), the ledger's writers, the
 * notification dispatcher, the rest of the application's Java threads; what the JVM used
 * beyond its Java threads (garbage collection, the JIT compiler, threads that ended) is the
 * remainder of the process's CPU time.
 */
final class ThreadCpu {

  static final String REQUEST = "request path (virtual-thread carriers, also scheduled jobs)";
  static final String LEDGER = "ledger writers";
  static final String NOTIFY = "notify dispatcher";
  static final String OTHER = "other Java threads";
  static final String REST = "GC, JIT, ended threads";

  /** One live Java thread's CPU time so far. */
  private record Used(String group, long cpuNanos) {
  }

  final long processNanos;
  private final Map<Long, Used> threads;
  /** Time the JIT compilers spent (ms), and the collectors' accumulated collection time (ms). */
  private final long jitMillis;
  private final long gcMillis;

  private ThreadCpu(long processNanos, Map<Long, Used> threads, long jitMillis, long gcMillis) {
    this.processNanos = processNanos;
    this.threads = threads;
    this.jitMillis = jitMillis;
    this.gcMillis = gcMillis;
  }

  static ThreadCpu take() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Used> threads = new HashMap<>();
    if (mx.isThreadCpuTimeSupported()) {
      for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
        long cpuNanos = info == null ? -1 : mx.getThreadCpuTime(info.getThreadId());
        if (cpuNanos >= 0) {
          threads.put(info.getThreadId(), new Used(group(info.getThreadName()), cpuNanos));
        }
      }
    }
    long process = ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime() : -1;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return new ThreadCpu(process, threads, jitMillis, gcMillis);
  }

  private static String group(String name) {
    if (name.startsWith("ForkJoinPool") || name.startsWith("bench-p2p-")) {
      return REQUEST;
    }
    if (name.startsWith("ledger-writer")) {
      return LEDGER;
    }
    return name.startsWith("okpay-notify-dispatcher") ? NOTIFY : OTHER;
  }

  /** "request path 0.80 + ledger writers 0.10 + ... cores" between {@code before} and now. */
  String breakdown(ThreadCpu before, double seconds) {
    if (processNanos < 0 || before.processNanos < 0 || seconds <= 0) {
      return "JVM threads n/a";
    }
    Map<String, Long> groups = new LinkedHashMap<>();
    for (String g : new String[] {REQUEST, LEDGER, NOTIFY, OTHER}) {
      groups.put(g, 0L);
    }
    // A thread born in the window counts in full; one that ended in it is left to the rest.
    threads.forEach((id, now) -> {
      Used then = before.threads.get(id);
      groups.merge(now.group(), now.cpuNanos() - (then == null ? 0 : then.cpuNanos()), Long::sum);
    });
    StringBuilder text = new StringBuilder("bench JVM by thread:");
    long seen = 0;
    for (Map.Entry<String, Long> e : groups.entrySet()) {
      seen += e.getValue();
      text.append(String.format(" %s %.2f +", e.getKey(), e.getValue() / 1e9 / seconds));
    }
    long rest = processNanos - before.processNanos - seen;
    text.append(String.format(" %s %.2f cores", REST, rest / 1e9 / seconds));
    if (jitMillis >= 0 && before.jitMillis >= 0) {
      text.append(String.format(" (JIT compiling %.2f cores", (jitMillis - before.jitMillis)
          / 1e3 / seconds));
      text.append(String.format(", collectors' time %.2f s/s)", (gcMillis - before.gcMillis)
          / 1e3 / seconds));
    }
    return text.toString();
  }
}
