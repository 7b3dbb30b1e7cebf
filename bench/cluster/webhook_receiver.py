#!/usr/bin/env python3
"""A merchant's webhook endpoint for bench/cluster.sh: records every delivery attempt it gets,
one JSON line each ({"at": ms since the epoch, "id": webhook-id, "type", "status": what it
answered, "valid": whether the Standard Webhooks signature matched}), and answers 204.

To exercise OKPay's retries it answers 500 to the first attempt of one event in ten (chosen by
the event id, so the choice is the same whichever instance sends it); the next attempt of that
event is accepted. A non-2xx answer is not a delivery: "each event delivered exactly once"
counts 2xx answers only.

  webhook_receiver.py PORT LOG_FILE        (secret in WEBHOOK_SECRET, whsec_...)
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY_BYTES_MAX = 65536
SECRET = base64.b64decode(os.environ["WEBHOOK_SECRET"][len("whsec_"):])
lock = threading.Lock()
refused_once = set()
log = open(sys.argv[2], "a", buffering=1)


def valid(event_id, timestamp, body, header):
    expected = base64.b64encode(hmac.new(
        SECRET, f"{event_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(s, "v1," + expected) for s in (header or "").split(" "))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = min(int(self.headers.get("content-length") or 0), BODY_BYTES_MAX)
        body = self.rfile.read(length)
        event_id = self.headers.get("webhook-id") or ""
        ok = valid(event_id, self.headers.get("webhook-timestamp"), body,
                   self.headers.get("webhook-signature"))
        try:
            event_type = json.loads(body).get("type")
        except ValueError:
            event_type = None
        with lock:
            refuse = False
            try:
                refuse = uuid.UUID(event_id).int % 10 == 0 and event_id not in refused_once
            except ValueError:
                pass
            if refuse:
                refused_once.add(event_id)
            status = 500 if refuse else (204 if ok else 400)
            log.write(json.dumps({"at": int(time.time() * 1000), "id": event_id,
                                  "type": event_type, "status": status, "valid": ok}) + "\n")
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
