"""Where bench/history.sh's tails come from: the application's own time per request, by kind
and variant, next to the JVM's safepoints (GC pauses) that overlapped each request.

Start the bench with Tomcat's access log and the JVM's safepoint log on (docs/benchmarks.md,
"Issue 14 third pass"), then:

    python3 bench/history/tails.py ACCESS_LOG SAFEPOINT_LOG

The access log's pattern must be '%{begin:msec}t %{end:msec}t %r %s %D' (%D: microseconds).
For each variant: requests, p50/p90/p99/max of the server's time, and how many of the requests
at or above the variant's p99 overlapped a safepoint. A variant whose p50 is far above the
others has a slow plan; tails alike in every variant, overlapping safepoints, are the JVM and
the machine.
"""
import datetime
import re
import sys
from collections import defaultdict


def utc_ms(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000


def safepoints(path):
    """(start_ms, end_ms) of each safepoint; the log's time is when it ended."""
    found = []
    for line in open(path):
        m = re.match(r"\[(.*?)\] Safepoint .*Total: (\d+) ns", line)
        if m:
            end = utc_ms(m.group(1))
            found.append((end - int(m.group(2)) / 1e6, end))
    return found


def variant(path):
    """The request's kind and, for the history, its filters with dates and ids blanked."""
    if "/statements/" in path:
        return "statement", "month"
    if re.search(r"/transactions/[0-9a-f-]{36}", path):
        return "tracker", "one transaction"
    query = path.split("?", 1)[1] if "?" in path else ""
    filters = re.sub(r"\d{4}-\d\d-\d\d", "D", re.sub(r"(^|&)limit=\d+", "", query)).lstrip("&")
    if "q=" in filters:
        return "search", re.sub(r"q=.*", "q=...", filters)
    return ("filtered", filters) if filters else ("first_page", "limit=20")


def main(access_log, safepoint_log):
    pauses = safepoints(safepoint_log)
    by = defaultdict(list)
    for line in open(access_log):
        p = line.split()
        if len(p) < 7 or not p[0].isdigit() or "/api/v1/me/" not in p[3]:
            continue
        begin, end, server_ms = int(p[0]), int(p[1]), int(p[6]) / 1000
        paused = sum(max(0.0, min(end, e) - max(begin, s)) for s, e in pauses)
        by[variant(p[3])].append((server_ms, paused))
    print(f"{'kind':<11} {'variant':<32} {'n':>6} {'p50':>7} {'p90':>7} {'p99':>7} {'max':>7}"
          "  p99+ requests in a safepoint (ms: server time)")
    for (kind, name), rows in sorted(by.items()):
        rows.sort()
        n = len(rows)
        at = lambda q: rows[min(n - 1, int(n * q))][0]
        slow = [r for r in rows if r[0] >= at(0.99)]
        print(f"{kind:<11} {name:<32} {n:>6} {at(0.5):>7.1f} {at(0.9):>7.1f} {at(0.99):>7.1f}"
              f" {rows[-1][0]:>7.1f}  {sum(1 for r in slow if r[1] > 0)} of {len(slow)}")
    longest = max((e - s for s, e in pauses), default=0)
    print(f"safepoints: {len(pauses)}, {sum(e - s for s, e in pauses):.0f} ms in all, "
          f"longest {longest:.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
