#!/usr/bin/env python3
"""The checks of bench/cluster.sh after the load (see docs/cluster.md), one PASS or FAIL line
each, then the figures; the last line is the summary cluster.sh puts on its own last line.

Reads HAProxy's log of the load (one line a request: accept time, server, status, active ms,
termination state, retries, method, path, Idempotency-Key), the webhook receiver's log, and the
bench database (psql). Asks the ledger's invariant endpoint with the admin token, and hammers
the sign-in endpoint of both instances, alternately, from one client address.
"""
import argparse
import json
import math
import random
import subprocess
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict

REQUEST_TIMEOUT_S = 60


def sql(libpq, query):
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", libpq, "-tA",
                          "-F", "\t", "-c", query], check=True, capture_output=True, text=True)
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def one(libpq, query):
    rows = sql(libpq, query)
    return rows[0][0] if rows else None


def call(url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                 method=method)
    req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT_S) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")[:300]


def p99(values):
    if not values:
        return 0
    s = sorted(values)
    return s[max(0, math.ceil(0.99 * len(s)) - 1)]


results = []


def check(name, ok, detail):
    results.append((name, ok))
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


def parse_load(path):
    rows = []
    for line in open(path):
        parts = line.rstrip("\n").split(" ", 8)
        if len(parts) < 8 or not parts[0][:1].isdigit():
            continue  # HAProxy's own messages (a server going down or up)
        at_ms = int(float(parts[0]) * 1000)
        rows.append({"at": at_ms, "server": parts[1], "status": int(parts[2]),
                     "ms": int(parts[3]), "term": parts[4], "retries": parts[5],
                     "method": parts[6], "path": parts[7],
                     "key": parts[8].strip() if len(parts) > 8 else ""})
    return rows


def traffic(a, rows):
    """Per-instance throughput, latencies and the errors clients saw, overall and while
    instance 1 was down (from the SIGKILL until it was healthy again)."""
    seconds = max(1, (a.load_end - a.load_start) / 1000)
    by_server = Counter(r["server"] for r in rows)
    print("requests per instance (HAProxy log): " + ", ".join(
        f"{s}={n} ({n / seconds:.1f}/s)" for s, n in sorted(by_server.items())))
    window = [r for r in rows if a.kill_at <= r["at"] <= a.up_at]
    down_s = (min(a.up_at, a.load_end) - a.kill_at) / 1000
    before = [r for r in rows if r["at"] < a.kill_at]
    print(f"p99 (HAProxy, active time): whole load {p99([r['ms'] for r in rows])} ms, "
          f"before the kill {p99([r['ms'] for r in before])} ms, "
          f"instance 1 down ({down_s:.1f} s of the load) {p99([r['ms'] for r in window])} ms")
    errors = [r for r in rows if r["status"] >= 500 or r["status"] < 0]
    in_window = [r for r in errors if a.kill_at - 1000 <= r["at"] <= a.up_at]
    print(f"errors seen by clients: {len(errors)} in the whole load, {len(in_window)} "
          f"from the kill until instance 1 was healthy: " + ", ".join(
              f"{k}={v}" for k, v in Counter(f"{r['status']}/{r['server']}/{r['term']}"
                                               for r in errors).most_common()))
    redispatched = sum(1 for r in rows if r["retries"].startswith("+"))
    retried_conn = sum(1 for r in rows if r["retries"].lstrip("+") not in ("0", ""))
    print(f"HAProxy connection retries: {retried_conn} requests retried, {redispatched} "
          f"redispatched to the other instance")
    return len(in_window), p99([r["ms"] for r in window])


def same_key(a, rows):
    """Writes the clients sent again with the same Idempotency-Key: each must be one transaction."""
    sent = defaultdict(list)
    for r in rows:
        if r["method"] == "POST" and r["key"] and r["path"] in (
                "/api/v1/me/transfers", "/api/v1/me/topups"):
            sent[r["key"]].append(r["status"])
    again = {k: v for k, v in sent.items() if len(v) > 1}
    if not again:
        check("same-key retries", True, "no write was sent twice (no client retry happened)")
        return
    keys = ",".join("'" + k.replace("'", "") + "'" for k in again)
    counts = dict((k, int(n)) for k, n in sql(a.libpq, f"""
        select idempotency_key, count(*) from payments.transactions
         where idempotency_key in ({keys}) group by 1"""))
    doubled = {k: n for k, n in counts.items() if n > 1}
    missing = [k for k, v in again.items() if k not in counts and any(s in (200, 201, 202) for s in v)]
    check("same-key retries", not doubled and not missing,
          f"{len(again)} writes retried with their key ({Counter(str(v) for v in again.values()).most_common(4)}); "
          f"transactions per key: {Counter(counts.values())}; more than one: {len(doubled)}; "
          f"answered but not recorded: {len(missing)}")


def ledger(a):
    status, body = call(a.base + "/api/v1/admin/ledger/invariants",
                        headers={"Authorization": "Bearer " + a.admin_token})
    ok = (status == 200 and not body["unbalancedCurrencies"]
          and not body["accountsNotMatchingTransfers"] and not body["negativeAccounts"])
    check("ledger invariants", ok, f"GET /api/v1/admin/ledger/invariants -> {status} {body}")
    twice = sql(a.libpq, """
        select reference, code, kind, debit_account_id, credit_account_id, count(*)
          from ledger.transfers where reference is not null
         group by 1, 2, 3, 4, 5 having count(*) > 1 limit 5""")
    total = one(a.libpq, "select count(*) from ledger.transfers")
    check("no transfer applied twice", not twice,
          f"{total} transfers; same transaction, code, kind and accounts more than once: {twice or 'none'}")
    return ok and not twice


def settled(a):
    states = sql(a.libpq, """select operation, state, count(*) from payments.transactions
                              group by 1, 2 order by 1, 2""")
    open_rows = one(a.libpq, """
        select count(*) from payments.transactions t
         where t.state not in ('completed', 'failed', 'reversed')
           and not exists (select 1 from payments.reconciliation_findings f
                            where f.transaction_id = t.id and f.resolved_at is null)""")
    findings = sql(a.libpq, """select kind, count(*) from payments.reconciliation_findings
                                where resolved_at is null group by 1""")
    check("every transaction final or a finding", open_rows == "0",
          f"not final without an open finding: {open_rows}; states: "
          + " ".join(f"{o}/{s}={n}" for o, s, n in states)
          + f"; open findings: {findings or 'none'}")
    steps = sql(a.libpq, """
        select step, count(*) from (select transaction_id, step from payments.transaction_steps
                                     group by 1, 2 having count(*) > 1) s group by 1""")
    check("every transaction step recorded once", not steps,
          f"(transaction, step) pairs recorded twice: {steps or 'none'}")
    return open_rows == "0" and not steps


def notices(a):
    by_status = sql(a.libpq, "select channel, status, count(*) from notify.outbox group by 1, 2 order by 1, 2")
    unsent = one(a.libpq, "select count(*) from notify.outbox where status <> 'sent'")
    # Delivered rows: one per sent outbox row (in-app: notify.notifications; e-mail: the
    # development mailbox, which stands in for SMTP here).
    mismatch = sql(a.libpq, """
        select o.channel, count(*) from notify.outbox o
         where o.status = 'sent' and 1 <> case o.channel
           when 'in_app' then (select count(*) from notify.notifications n where n.outbox_id = o.id)
           else (select count(*) from notify.mailbox m where m.outbox_id = o.id) end
         group by 1""")
    # The same notice enqueued twice: same channel, recipient, template, variables and link (the
    # link names the transaction; two payments of one amount between one pair differ only there).
    twice = sql(a.libpq, """
        select template, count(*) from (select channel, recipient, template, variables, link, dedup_key
                                          from notify.outbox group by 1, 2, 3, 4, 5, 6
                                        having count(*) > 1) d group by 1 order by 2 desc""")
    # In-app notifications are written straight into notify.notifications in the caller's
    # transaction (only those left in the outbox from before go through it): the same one twice
    # is the same user, template, text, link and dedup key.
    in_app = one(a.libpq, "select count(*) from notify.notifications")
    twice_in_app = sql(a.libpq, """
        select template, count(*) from (select user_id, template, title, body, link, dedup_key
                                          from notify.notifications group by 1, 2, 3, 4, 5, 6
                                        having count(*) > 1) d group by 1 order by 2 desc""")
    ok = unsent == "0" and not mismatch and not twice and not twice_in_app
    check("every notice exactly once", ok,
          "outbox " + " ".join(f"{c}/{s}={n}" for c, s, n in by_status)
          + f"; sent rows without exactly one delivered row: {mismatch or 'none'}"
          + f"; the same notice enqueued twice (channel, recipient, template, variables, link, dedup key): {twice or 'none'}"
          + f"; in-app notifications {in_app}, the same one written twice (user, template, text, link, dedup key): {twice_in_app or 'none'}")
    return ok


def webhooks(a):
    rows = sql(a.libpq, """select event_id, event_type, status, attempts
                             from merchants.webhook_deliveries""")
    by_status = Counter(r[2] for r in rows)
    events = {r[0]: r for r in rows}
    received = [json.loads(line) for line in open(a.receiver_log)]
    ok_at = defaultdict(list)
    for r in received:
        if 200 <= r["status"] < 300:
            ok_at[r["id"]].append(r["at"])
    invalid = sum(1 for r in received if not r["valid"])
    lost = [e for e, r in events.items() if r[2] == "succeeded" and e not in ok_at]
    phantom = [e for e in ok_at if e not in events]
    dupes = {e: at for e, at in ok_at.items() if len(at) > 1}
    # At least once, as docs/webhooks.md promises: a second 2xx of one event is expected only
    # when the instance that sent the first died before recording it, i.e. the first arrived
    # at most one attempt's timeout before the SIGKILL, and the second after the lease.
    # Or when the instance that sent it could not record the answer (the database did not give
    # it a connection in time) and logged so: the row came round again after its lease.
    unrecorded = set()
    for path in a.app_logs.split(","):
        for line in open(path, errors="replace"):
            if "outcome not recorded" in line or "claim lost before the outcome" in line:
                unrecorded.add(line.split("webhook delivery ", 1)[-1].split(":", 1)[0].strip())
    delivery_of = dict((e, d) for d, e in sql(a.libpq,
                                              "select id, event_id from merchants.webhook_deliveries"))
    explained = {e: at for e, at in dupes.items()
                 if a.kill_at - a.webhook_timeout_ms <= min(at) <= a.kill_at
                 or delivery_of.get(e) in unrecorded}
    unexplained = {e: at for e, at in dupes.items() if e not in explained}
    completed = one(a.libpq, "select count(*) from merchants.checkout_sessions where status = 'complete'")
    typed = Counter(r[1] for r in rows)
    enqueued_ok = str(typed.get("checkout.session.completed", 0)) == completed
    ok = (by_status.get("pending", 0) == 0 and by_status.get("failed", 0) == 0 and not lost
          and not phantom and not unexplained and invalid == 0 and enqueued_ok)
    retried = sum(1 for r in rows if int(r[3]) > 1)
    check("every webhook delivered exactly once", ok,
          f"deliveries {dict(by_status)} ({dict(typed)}), {retried} needed more than one attempt; "
          f"completed checkouts {completed}; receiver got {len(received)} attempts "
          f"({sum(1 for r in received if r['status'] == 500)} answered 500 on purpose, {invalid} bad signatures); "
          f"events without a 2xx at the receiver: {len(lost)}; 2xx for unknown events: {len(phantom)}; "
          f"events accepted twice: {len(dupes)} (explained by the SIGKILL or an unrecorded answer: "
          f"{len(explained)})")
    for e, at in list(dupes.items())[:10]:
        print(f"  finding: event {e} ({events.get(e, ['', '?'])[1]}) accepted {len(at)} times, at "
              + ", ".join(f"kill{(t - a.kill_at) / 1000:+.1f}s" for t in at)
              + (" (at least once: sent before the SIGKILL or its answer not recorded)"
                 if e in explained else " (UNEXPLAINED)"))
    return ok


def jobs(a):
    locks = sql(a.libpq, "select name, locked_by, locked_at from shared.shedlock order by name")
    print("shedlock: " + "; ".join(f"{n} last by {b}" for n, b, _ in locks))
    overlaps = one(a.libpq, """
        select count(*) from payments.reconciliation_runs r1 join payments.reconciliation_runs r2
          on r1.id < r2.id and r2.started_at < r1.finished_at and r1.started_at < r2.finished_at""")
    unfinished = one(a.libpq, "select count(*) from payments.reconciliation_runs where finished_at is null")
    runs = one(a.libpq, f"""
        select count(*) from payments.reconciliation_runs
         where started_at between to_timestamp({a.load_start} / 1000.0)
                              and to_timestamp({a.load_end} / 1000.0)""")
    per_interval = int(runs) / max(1, (a.load_end - a.load_start) / 10000)
    findings_twice = one(a.libpq, """select count(*) from (select transaction_id, kind
        from payments.reconciliation_findings group by 1, 2 having count(*) > 1) d""")
    ok = findings_twice == "0" and len(locks) > 0
    check("scheduled jobs once", ok,
          f"{len(locks)} jobs hold a ShedLock row; reconciliation runs during the load: {runs} "
          f"({per_interval:.2f} per 10 s interval; 1.0 = one instance's pace, 2.0 = both); "
          f"overlapping finished runs: {overlaps} (the start-up reconciliation of a restarted instance "
          f"runs outside the lock); runs that never finished (a crash, or a run that failed): "
          f"{unfinished}; transactions with the same finding twice: {findings_twice}")
    return ok


def rate_limit(a):
    """Sign-ins from one client address, alternately to each instance: the 429 must come at the
    configured limit (the windows are shared in PostgreSQL), not at twice the limit."""
    # A fixed one-minute window: start early in a minute so that all requests fall in one.
    deadline = time.time() + 70
    while time.time() % 60 > 20 and time.time() < deadline:
        time.sleep(0.5)
    instances = a.instances.split(",")
    ip = f"203.0.113.{random.randint(1, 254)}"
    statuses = []
    for n in range(2 * a.login_limit + 5):
        status, _ = call(instances[n % len(instances)] + "/api/v1/auth/tokens", "POST",
                         {"email": a.login_email, "password": a.login_password},
                         {"X-Forwarded-For": ip})
        statuses.append(status)
    first = next((i + 1 for i, s in enumerate(statuses) if s == 429), None)
    ok = first == a.login_limit + 1 and all(s == 429 for s in statuses[a.login_limit:])
    check("rate limit shared by the instances", ok,
          f"{len(statuses)} sign-ins from {ip} alternately to {len(instances)} instances: first 429 "
          f"at request {first} (limit {a.login_limit} a minute; per-instance counting would give "
          f"{len(instances) * a.login_limit + 1}); answers {dict(Counter(statuses))}")
    return ok


def main():
    p = argparse.ArgumentParser()
    for name in ("libpq", "base", "admin-token", "load-log", "receiver-log", "instances", "app-logs",
                 "login-email", "login-password"):
        p.add_argument("--" + name, required=True)
    for name in ("load-start", "load-end", "kill-at", "up-at", "webhook-timeout-ms",
                 "webhook-lease-ms", "login-limit"):
        p.add_argument("--" + name, type=int, required=True)
    a = p.parse_args()
    # The clients' requests only: a starting instance asks the public URL for its health, and
    # the log goes on until the restarted instance is healthy, after the load ended.
    rows = [r for r in parse_load(a.load_log) if not r["path"].startswith("/actuator/")]
    a.load_end = min(a.load_end, max((r["at"] + r["ms"] for r in rows), default=a.load_end))
    killed_errors, kill_p99 = traffic(a, rows)
    same_key(a, rows)
    invariants = ledger(a)
    final = settled(a)
    once = notices(a)
    once = webhooks(a) and once
    once = jobs(a) and once
    once = once and all(ok for name, ok in results if name == "same-key retries")
    limited = rate_limit(a)
    word = lambda ok: "PASS" if ok else "FAIL"
    print(f"kill_p99_ms={kill_p99} killed_errors={killed_errors} invariants={word(invariants)} "
          f"settled={word(final)} exactly_once={word(once)} rate_limit={word(limited)}")


if __name__ == "__main__":
    main()
