#!/usr/bin/env python3
"""Load and checks for the drills (bench/crash.sh, db-restart.sh, restore.sh), over OKPay's HTTP
API only: users registered and verified through the development mailbox, signed in with bearer
tokens, payments with Idempotency-Keys. Every request and its answer is appended to a JSON-lines
log, so that a drill can retry the unanswered ones with the same key and check what was answered.

  drill_load.py --base URL --admin-token T prepare --users N --out users.json
  drill_load.py ... load --users users.json --log answers.jsonl --seconds S [--threads T]
                     [--stop-file F]
  drill_load.py ... settle --log answers.jsonl [--seconds S]
  drill_load.py ... summary --log answers.jsonl [--before ISO] [--ids-out FILE]
  drill_load.py ... statuses --log answers.jsonl
  drill_load.py ... recovery --log answers.jsonl --since ISO [--since ISO ...]
  drill_load.py ... invariants | reconcile

Everything is bounded: request timeouts, loop counts, wall-clock seconds.
"""
import argparse
import json
import os
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from datetime import datetime, timezone

PASSWORD = "Velvet-Otter-Harbor-7193"
VISA = "4242424242424242"
REQUEST_TIMEOUT_S = 20
MAIL_WAIT_S = 30
SETTLE_ROUNDS_MAX = 40
RETRY_AFTER_CAP_S = 15


def call(base, method, path, body=None, token=None, key=None, timeout=REQUEST_TIMEOUT_S):
    """One request. Returns (status or None when no answer, parsed body or text, headers)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    req.add_header("Accept-Language", "en")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if key:
        req.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, parse(r.read()), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, parse(e.read()), dict(e.headers)
    except (urllib.error.URLError, OSError) as e:  # refused, reset, timed out: no answer
        return None, str(e), {}


def parse(raw):
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def must(status, expected, what, body):
    if status not in expected:
        sys.exit(f"{what}: expected {expected}, got {status}: {body}")


# ---- prepare -------------------------------------------------------------------------------

def verification_token(base, email):
    """The token of the verification link the development mailbox holds for the address."""
    deadline = time.time() + MAIL_WAIT_S
    while time.time() < deadline:
        _, page, _ = call(base, "GET", "/dev/mailbox?to=" + urllib.request.quote(email))
        for message_id in set(re.findall(r"(?:/dev/mailbox/|id=\"message-)(\d+)", str(page))):
            _, html, _ = call(base, "GET", f"/dev/mailbox/{message_id}/html")
            found = re.search(r"verify-email\?token=([A-Za-z0-9_\-]+)", str(html))
            if found:
                return found.group(1)
        time.sleep(0.5)
    sys.exit(f"no verification e-mail for {email} within {MAIL_WAIT_S} s")


def prepare_user(base, n, fund_minor):
    email = f"drill-{n}-{uuid.uuid4().hex[:8]}@example.com"
    status, body, _ = call(base, "POST", "/api/v1/auth/register", {
        "email": email, "password": PASSWORD, "displayName": f"Drill {n}", "language": "en",
        "country": "US", "defaultCurrency": "USD"})
    must(status, (202,), "register", body)
    status, body, _ = call(base, "POST", "/api/v1/auth/verify-email",
                           {"token": verification_token(base, email)})
    must(status, (204,), "verify-email", body)
    status, body, _ = call(base, "POST", "/api/v1/auth/tokens",
                           {"email": email, "password": PASSWORD})
    must(status, (201,), "sign in", body)
    token = body["token"]
    status, body, _ = call(base, "POST", "/api/v1/me/cards", {
        "number": VISA, "expiryMonth": 12, "expiryYear": 2035, "cvc": "123",
        "holderName": "Drill Doe"}, token)
    must(status, (200, 201), "add card", body)
    card = body["id"]
    status, body, _ = call(base, "POST", "/api/v1/me/topups", {
        "cardId": card, "amountMinor": fund_minor, "currency": "USD"}, token, str(uuid.uuid4()))
    must(status, (201,), "first top-up", body)
    return {"email": email, "token": token, "card": card}


def prepare(args):
    users = [prepare_user(args.base, n, args.fund_minor) for n in range(args.users)]
    with open(args.out, "w") as f:
        json.dump(users, f)
    print(f"prepared {len(users)} verified users, each topped up with {args.fund_minor} USD minor")


# ---- load ----------------------------------------------------------------------------------

def now_iso():
    return datetime.now(timezone.utc).isoformat()


def request_for(users, rnd):
    """A P2P payment to another drill user, or a card top-up (about one in three)."""
    sender = rnd.choice(users)
    if rnd.random() < 0.34:
        return sender, "/api/v1/me/topups", {
            "cardId": sender["card"], "amountMinor": rnd.randint(100, 1000), "currency": "USD"}
    recipient = rnd.choice([u for u in users if u is not sender])
    return sender, "/api/v1/me/transfers", {
        "recipientEmail": recipient["email"], "amountMinor": rnd.randint(1, 300),
        "currency": "USD"}


def record(base, user, path, body, key):
    sent = now_iso()
    status, answer, headers = call(base, "POST", path, body, user["token"], key)
    entry = {"key": key, "token": user["token"], "path": path, "body": body, "sent": sent,
             "answered": now_iso(), "status": status}
    if isinstance(answer, dict):
        entry["id"] = answer.get("id") or answer.get("transactionId")
        entry["state"] = answer.get("state")
        entry["code"] = answer.get("code")
        entry["retryAfter"] = headers.get("Retry-After")
    else:
        entry["error"] = str(answer)[:200]
    return entry


def load(args):
    users = json.load(open(args.users))
    deadline = time.time() + args.seconds
    lock = threading.Lock()
    out = open(args.log, "a")
    counts = Counter()

    def running():
        return time.time() < deadline and not (args.stop_file and os.path.exists(args.stop_file))

    def worker(seed):
        rnd = random.Random(seed)
        while running():
            user, path, body = request_for(users, rnd)
            entry = record(args.base, user, path, body, str(uuid.uuid4()))
            with lock:
                out.write(json.dumps(entry) + "\n")
                out.flush()
                counts[entry["status"]] += 1
            if entry["status"] is None:
                time.sleep(1)  # the server is away: do not spin

    threads = [threading.Thread(target=worker, args=(args.seed + t,)) for t in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.seconds + REQUEST_TIMEOUT_S + 5)
    out.close()
    print("load " + " ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=str)))


# ---- settle: the client's side of a crash --------------------------------------------------

def latest(log):
    """The last entry per idempotency key, in first-sent order."""
    entries = {}
    for line in open(log):
        e = json.loads(line)
        entries[e["key"]] = e
    return entries


def final(entry):
    s = entry["status"]
    return s is not None and s != 202 and s < 500


def settle(args):
    """Sends every request without a final answer again with its own key, waiting as the 202's
    Retry-After says, until each is final or the time is up. Appends the new answers."""
    deadline = time.time() + args.seconds
    started = time.time()
    retried = Counter()
    seen_202 = 0
    out = open(args.log, "a")
    for _ in range(SETTLE_ROUNDS_MAX):
        open_entries = [e for e in latest(args.log).values() if not final(e)]
        if not open_entries or time.time() > deadline:
            break
        wait_s = 1
        for e in open_entries:
            again = record(args.base, {"token": e["token"]}, e["path"], e["body"], e["key"])
            again["retry"] = True
            out.write(json.dumps(again) + "\n")
            out.flush()
            retried[again["status"]] += 1
            if again["status"] == 202:
                seen_202 += 1
                wait_s = max(wait_s, int(again.get("retryAfter") or 1))
        time.sleep(min(wait_s, RETRY_AFTER_CAP_S, max(0, deadline - time.time())))
    out.close()
    left = sum(1 for e in latest(args.log).values() if not final(e))
    print(f"settle retries={sum(retried.values())} answers_202={seen_202} "
          f"still_open={left} seconds={int(time.time() - started)} "
          + " ".join(f"{k}={v}" for k, v in sorted(retried.items(), key=str)))


# ---- summary and checks --------------------------------------------------------------------

def summary(args):
    entries = [json.loads(line) for line in open(args.log)]
    first = [e for e in entries if not e.get("retry")]
    counts = Counter(e["status"] for e in entries)
    before = datetime.fromisoformat(args.before) if args.before else None
    answered = {e["id"] for e in entries if e["status"] in (200, 201) and e.get("id")
                and (before is None or datetime.fromisoformat(e["answered"]) < before)}
    if args.ids_out:
        with open(args.ids_out, "w") as f:
            f.write("".join(i + "\n" for i in sorted(answered)))
    print(f"requests={len(first)} answers=" + ",".join(
        f"{k}:{v}" for k, v in sorted(counts.items(), key=str)) + f" answered_ok={len(answered)}")


def statuses(args):
    """First answers per status (no answer = none), for a verdict line: 201=<n> 503=<n> ..."""
    first = [json.loads(line) for line in open(args.log)]
    counts = Counter("none" if e["status"] is None else e["status"] for e in first
                     if not e.get("retry"))
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=str)))


def recovery(args):
    """Seconds from each moment given (the database back) to the first payment answered 200/201
    that was sent after it: how long the application took to recover by itself. Prints the
    largest, or -1 when some moment was never followed by a success."""
    entries = [json.loads(line) for line in open(args.log)]
    worst = 0.0
    for since in args.since:
        t0 = datetime.fromisoformat(since)
        ok = [datetime.fromisoformat(e["answered"]) for e in entries
              if e["status"] in (200, 201) and datetime.fromisoformat(e["sent"]) >= t0]
        if not ok:
            print(-1)
            return
        worst = max(worst, (min(ok) - t0).total_seconds())
    print(f"{worst:.1f}")


def invariants(args):
    status, body, _ = call(args.base, "GET", "/api/v1/admin/ledger/invariants",
                           token=args.admin_token, timeout=120)
    ok = (status == 200 and not body["unbalancedCurrencies"]
          and not body["accountsNotMatchingTransfers"] and not body["negativeAccounts"])
    print("invariants=" + ("ok" if ok else f"FAILED({status} {body})"))


def reconcile(args):
    status, body, _ = call(args.base, "POST", "/api/v1/admin/payments/reconciliation/run",
                           token=args.admin_token, timeout=120)
    must(status, (200, 201), "reconciliation run", body)
    print(f"reconciliation {body}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--admin-token", required=True)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("prepare")
    s.add_argument("--users", type=int, default=10)
    s.add_argument("--fund-minor", type=int, default=500_000)
    s.add_argument("--out", required=True)
    s = sub.add_parser("load")
    s.add_argument("--users", required=True)
    s.add_argument("--log", required=True)
    s.add_argument("--seconds", type=int, default=30)
    s.add_argument("--threads", type=int, default=6)
    s.add_argument("--seed", type=int, default=13)
    s.add_argument("--stop-file", help="stop early once this file exists")
    s = sub.add_parser("settle")
    s.add_argument("--log", required=True)
    s.add_argument("--seconds", type=int, default=120)
    s = sub.add_parser("summary")
    s.add_argument("--log", required=True)
    s.add_argument("--before")
    s.add_argument("--ids-out")
    s = sub.add_parser("statuses")
    s.add_argument("--log", required=True)
    s = sub.add_parser("recovery")
    s.add_argument("--log", required=True)
    s.add_argument("--since", action="append", default=[])
    sub.add_parser("invariants")
    sub.add_parser("reconcile")
    args = p.parse_args()
    {"prepare": prepare, "load": load, "settle": settle, "summary": summary,
     "statuses": statuses, "recovery": recovery, "invariants": invariants,
     "reconcile": reconcile}[args.command](args)


if __name__ == "__main__":
    main()
