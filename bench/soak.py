#!/usr/bin/env python3
"""A bad day, measured: two server instances on PostgreSQL behind nginx (round robin), the Notion
emulator behind a fault proxy, and concurrent users installing, apps calling the API and the proxy
with short-lived tokens, revokes and deletes — while faults arrive on a schedule: one instance
killed with -9 and restarted, PostgreSQL frozen (SIGSTOP) then resumed, PostgreSQL restarted, and
Notion answering 429 with Retry-After, 500s and stalls. Notion's signed webhook deliveries (and
redeliveries of the same event) arrive all along and are forwarded to the app as notion.webhook. Every request and answer is recorded; at
the end a checker goes over the history and the database for the invariants below, prints one line
per invariant and a summary line, and exits 1 on any violation.

Invariants: every authorized install left exactly one installation, active unless we revoked or
deleted it, whose token Notion accepts (through the proxy); no installation for a failed or refused
install; nothing we deleted comes back and nothing we revoked is active again; every installation
that exists got its installation.created event at the app, and every event in the outbox
(reauthorized, needs_reauth, revoked, deleted too) reached the app; every webhook delivery answered 2xx
reached the app (unless it concerned no installation any more), every copy of one event under one
id; no 5xx outside a fault window (a fault
window ends 3 s after its fault does); and the time from each fault's end to the first good answer.

Usage: python3 bench/soak.py [SECONDS=180]            (CI runs 75)
       python3 bench/soak.py --sqlite [SECONDS=180]   one instance on SQLite, on a small file system
                                                     that fills up for 10 s, then gets space back (CI: 45)
Needs: the built jar, PostgreSQL on 127.0.0.1:5432 (trust auth, run as root to freeze/restart it),
nginx. Standard library only."""
import base64, hashlib, hmac, http.client, http.cookiejar, http.server, json, os, random, re, shutil
import signal, socketserver, subprocess, sys, tempfile, threading, time, urllib.error, urllib.parse
import urllib.request, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run

CLIENT_ID, CLIENT_SECRET = "00000000-0000-4000-8000-00000000c11e", "soak-secret"
T0 = time.time()
LOCK = threading.Lock()
HISTORY = []        # (end t, kind, status, detail, start t)
FAULTS = []         # (name, start, end)
STOP = threading.Event()


def now():
    return time.time() - T0


START = threading.local()


def record(kind, status, detail="", started=None):
    """Records the answer to the request that started at this thread's last Client.go (or at
    {@code started}: a result page shows the outcome of its whole flow)."""
    with LOCK:
        HISTORY.append((now(), kind, status, detail, started if started is not None else getattr(START, "t", now())))


# ---------------------------------------------------------------- Notion behind a fault proxy

class FaultProxy(http.server.ThreadingHTTPServer):
    """Forwards everything to the emulator; in a fault window answers 429/500 or stalls instead."""
    daemon_threads = True
    mode = None  # None, "429", "500", "stall"


def proxy_handler(upstream):
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            mode = self.server.mode
            api = self.path.startswith("/v1/") and not self.path.startswith("/v1/oauth/authorize")
            if api and mode == "429":
                return self.answer(429, b'{"object":"error","status":429,"code":"rate_limited","message":"soak"}',
                                   {"Retry-After": "2"})
            if api and mode == "500":
                return self.answer(500, b'{"object":"error","status":500,"code":"internal_server_error","message":"soak"}')
            if api and mode == "stall":
                # longer than a callback's exchange waits (10 s), shorter than a refresh does (30 s:
                # a refresh answered too late would be a lost, rotated pair; docs/reliability.md)
                time.sleep(10)
            c = http.client.HTTPConnection("127.0.0.1", upstream, timeout=30)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            c.request(self.command, self.path, body=body or None, headers=headers)
            r = c.getresponse()
            data = r.read()
            self.answer(r.status, data, {k: v for k, v in r.getheaders()
                                         if k.lower() not in ("content-length", "transfer-encoding", "connection")})

        def answer(self, status, data, headers=None):
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle(self):
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server under test gave up on this answer (its own timeout)

        do_GET = do_POST = do_PATCH = do_DELETE = do
    return H


# ---------------------------------------------------------------- the app's events receiver

EVENTS = {}  # bot id -> set of event types
NOTION_EVENTS = {}  # Notion event id -> the webhook-ids the app got it under
APP_IDS = set()  # every webhook-id the app got, signature verified
OUTBOX = {}  # at the end: every event the servers' outbox holds, id -> type


def events_handler(secret):
    key = base64.b64decode(secret[len("whsec_"):])

    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            signed = f"{self.headers['webhook-id']}.{self.headers['webhook-timestamp']}.".encode() + body
            expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
            if not any(s.split(",", 1)[1] == expected for s in self.headers["webhook-signature"].split()):
                self.send_response(400)
            else:
                event = json.loads(body)
                with LOCK:
                    APP_IDS.add(self.headers["webhook-id"])
                    if event["type"] == "notion.webhook":
                        NOTION_EVENTS.setdefault(event["data"]["event_id"], set()).add(self.headers["webhook-id"])
                    else:
                        EVENTS.setdefault(event["data"].get("bot_id"), set()).add(event["type"])
                self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
    return H


# ---------------------------------------------------------------- processes

class Instance:
    def __init__(self, name, cfg, port, work):
        self.name, self.cfg, self.port, self.work, self.proc = name, cfg, port, work, None

    def start(self):
        log = open(os.path.join(self.work, self.name + ".log"), "ab")
        self.proc = subprocess.Popen(["java"] + run.JVM_FLAGS + ["-jar", run.JAR, "serve", "--config", self.cfg],
                                     stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while run.status_of(f"http://127.0.0.1:{self.port}/healthz") == 0:
            if time.time() > deadline or self.proc.poll() is not None:
                raise SystemExit(f"{self.name} did not start: see {self.work}/{self.name}.log")
            time.sleep(0.2)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def postgres_pids():
    out = subprocess.run(["pgrep", "-u", "postgres", "postgres"], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def psql(sql, db="postgres"):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-At", "-c", sql],
                          capture_output=True, text=True, check=True).stdout


# ---------------------------------------------------------------- the workload

class Client:
    """A browser: cookies, no automatic redirects."""

    def __init__(self):
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect)

    def go(self, url, data=None, headers=None, method=None):
        START.t = now()
        req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with self.opener.open(req, timeout=40) as r:
                return r.status, dict(r.headers), r.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode(errors="replace")
        except Exception as e:  # refused, reset, timeout
            return 0, {}, type(e).__name__


INSTALLED = {}    # workspace name -> bot id (authorized installs)
FAILED = {}      # workspace names whose install our server answered with a failure -> what it answered
UNKNOWN = set()   # flows whose outcome the client could not learn (no answer, or a lookup failed)
REVOKED, DELETED = set(), set()
UNSURE = set()    # bots whose revoke or delete never got an answer, even tried again
LOST = []         # live installations whose rotated pair a fault cut off


def workspace_id(name):
    d = bytearray(hashlib.md5(("ws:" + name).encode()).digest())
    d[6] = (d[6] & 0x0F) | 0x30
    d[8] = (d[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(d)))


def installer(lb, api, key, n):
    i = 0
    while not STOP.is_set():
        i += 1
        name = f"soak-{n}-{i}"
        flow_started = now()
        b = Client()
        s, h, _ = b.go(lb + "/notion/install")
        record("install", s)
        if s != 302:
            FAILED[name] = f"install {s}"
            time.sleep(0.5)
            continue
        s, _, page = b.go(h["Location"])
        m = re.search(r'name="consent" value="([^"]+)"', page)
        if s != 200 or not m:
            FAILED[name] = f"consent page {s}"
            continue
        form = urllib.parse.urlencode({"consent": m.group(1), "decision": "allow", "workspace": name}).encode()
        s, h, _ = b.go(api + "/v1/oauth/authorize", data=form)
        if s != 302:
            FAILED[name] = f"consent {s}"
            continue
        s, h, body = b.go(h["Location"])  # our callback, through nginx
        record("callback", s)
        if s == 0 or (s in (502, 504) and "nginx" in body):
            UNKNOWN.add(name)  # no answer from us: the server may well have completed it
            continue
        callback = f"callback {s} at {flow_started:.1f}-{now():.1f}s"
        page = body  # a result page that could not be stored is shown directly, answering the callback
        if s in (302, 303) and "Location" in h:
            s, _, page = b.go(urllib.parse.urljoin(lb, h["Location"]))
            record("result", s, started=flow_started)
            for _ in range(20):  # "Please reload" (the store failed for a moment): a user reloads
                if s != 503 or "Please reload" not in page:
                    break
                time.sleep(1)
                s, _, page = b.go(urllib.parse.urljoin(lb, h["Location"]))
                record("result", s, started=flow_started)
        if s == 200 and "connected" in page:
            bot = find_bot(lb, key, name)
            if bot:
                with LOCK:
                    INSTALLED[name] = bot
            else:
                UNKNOWN.add(name)  # authorized; its bot id is read from the store at the end
            continue
        if s == 0 or (s in (502, 504) and "nginx" in page):
            UNKNOWN.add(name)
            continue
        title = re.search(r"<title>([^<]*)", page)
        FAILED[name] = f"{callback}, answer {s} {title.group(1) if title else ''} at {now():.1f}s"


def api_call(lb, key, method, path, body=None):
    c = Client()
    data = None if body is None else json.dumps(body).encode()
    s, h, text = c.go(lb + path, data=data, method=method,
                      headers={"Authorization": "Bearer " + key, "Content-Type": "application/json",
                               "Notion-Version": "2022-06-28"})
    return s, text


def find_bot(lb, key, name):
    for _ in range(20):
        s, text = api_call(lb, key, "GET", "/api/v1/installations?workspace_id=" + workspace_id(name))
        record("api list", s)
        if s == 200:
            results = json.loads(text)["results"]
            return results[0]["bot_id"] if results else None
        time.sleep(0.5)
    return None


def app(lb, key):
    while not STOP.is_set():
        with LOCK:
            live = [b for b in INSTALLED.values() if b not in REVOKED and b not in DELETED]
        if not live:
            time.sleep(0.2)
            continue
        bot = random.choice(live)
        s, _ = api_call(lb, key, "GET", f"/api/v1/notion/{bot}/v1/users/me")
        record("proxy", s, bot)
        s, _ = api_call(lb, key, "POST", f"/api/v1/installations/{bot}/access-token", {})
        record("api token", s, bot)
        time.sleep(0.05)


def ender(lb, key):
    while not STOP.wait(4):
        with LOCK:
            live = [b for b in INSTALLED.values() if b not in REVOKED and b not in DELETED]
        if len(live) < 4:
            continue
        bot = random.choice(live)
        revoke = random.random() < 0.5
        for _ in range(15):  # as an app does: a 5xx or no answer is tried again (both are idempotent)
            if revoke:
                s, _ = api_call(lb, key, "POST", f"/api/v1/installations/{bot}/revoke", {})
                record("api revoke", s, bot)
            else:
                s, _ = api_call(lb, key, "DELETE", f"/api/v1/installations/{bot}")
                record("api delete", s, bot)
            if s < 500 and s != 0:
                break
            time.sleep(2)
        if s == 200:
            (REVOKED if revoke else DELETED).add(bot)
        elif s >= 500 or s == 0:
            UNSURE.add(bot)  # never got an answer: whatever the store holds is accepted


SENT = {}     # Notion event id -> its body, as first sent (a redelivery sends the same bytes)
ACKED = set()  # Notion event ids our server answered 2xx at least once


def notion_webhooks(lb, token):
    """Notion's side: signed deliveries of events about live installations, 1 in 4 a redelivery."""
    while not STOP.wait(0.1):
        with LOCK:
            live = [(n, b) for n, b in INSTALLED.items() if b not in DELETED]
        if not live:
            continue
        if SENT and random.random() < 0.25:
            eid = random.choice(list(SENT))
            body = SENT[eid]
        else:
            name, bot = random.choice(live)
            eid = str(uuid.uuid4())
            body = json.dumps({
                "id": eid, "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                "workspace_id": workspace_id(name), "subscription_id": str(uuid.uuid4()),
                "integration_id": CLIENT_ID, "type": "page.content_updated",
                "authors": [{"id": str(uuid.uuid4()), "type": "person"}],
                "accessible_by": [{"id": bot, "type": "bot"}], "attempt_number": 1,
                "api_version": "2025-09-03", "entity": {"id": str(uuid.uuid4()), "type": "page"},
                "data": {}}).encode()
            SENT[eid] = body
        signature = "sha256=" + hmac.new(token.encode(), body, hashlib.sha256).hexdigest()
        s, _, _ = Client().go(lb + "/notion/webhooks", data=body, method="POST",
                              headers={"Content-Type": "application/json", "X-Notion-Signature": signature})
        record("notion webhook", s, eid)
        if 200 <= s < 300:
            ACKED.add(eid)


def confirm_webhook_token(cfg, lb):
    """As an operator does: a capture window, Notion's verification request, its confirmation."""
    cap = subprocess.Popen(["java", "-jar", run.JAR, "webhooks", "capture", "--timeout", "60s", "--config", cfg],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    cap.stdout.readline()  # "Capture window open until …"
    token = "secret_" + base64.b32encode(os.urandom(20)).decode().lower()
    s, _, _ = Client().go(lb + "/notion/webhooks", data=json.dumps({"verification_token": token}).encode(),
                          method="POST", headers={"Content-Type": "application/json"})
    if s != 200 or cap.wait(60) != 0:
        raise SystemExit(f"webhook verification failed: {s}")
    subprocess.run(["java", "-jar", run.JAR, "webhooks", "confirm", "1", "--config", cfg],
                   capture_output=True, check=True)
    return token


# ---------------------------------------------------------------- faults

def fault(name, start, action, undo, length):
    def go():
        if STOP.wait(start):
            return
        t = now()
        action()
        time.sleep(length)  # a fault is always undone, even when the run ends meanwhile
        undo()
        with LOCK:
            FAULTS.append((name, t, now()))
    th = threading.Thread(target=go, daemon=True)
    th.start()
    return th


def fill(path):
    """Writes zeros to {@code path} until the file system is full."""
    chunk = b"\0" * (1 << 20)
    with open(path, "wb") as f:
        try:
            while True:
                f.write(chunk)
                f.flush()
        except OSError:
            pass


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sqlite = "--sqlite" in sys.argv
    seconds = int(args[0]) if args else 180
    work = tempfile.mkdtemp(prefix="soak-")
    if sqlite:
        # one instance on SQLite, its file on a small file system that fills up, then gets space back
        fs = os.path.join(work, "fs")
        os.mkdir(fs)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", fs], check=True)
        db = os.path.join(fs, "store.db")
        store = f"jdbc-url: jdbc:sqlite:{db}"
    else:
        db = "soak_" + uuid.uuid4().hex[:8]
        psql(f"CREATE DATABASE {db}")
        store = f"jdbc-url: jdbc:postgresql://127.0.0.1:5432/{db}\n  username: postgres"
    ports = {k: run.free_port() for k in ("emulator", "proxy", "a", "b", "lb", "events")}
    lb = f"http://localhost:{ports['a' if sqlite else 'lb']}"
    api = f"http://127.0.0.1:{ports['proxy']}"
    procs = []
    try:
        # the emulator keeps every token it issued (a test tool): more room than the server's 64 MiB
        emu = subprocess.Popen(["java"] + run.JVM_FLAGS + ["-Xmx512m", "-jar", run.JAR, "emulator", "--port", str(ports["emulator"]),
                                "--redirect-uri", lb + "/notion/callback", "--token-lifetime", "15",
                                "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET],
                               stdout=open(os.path.join(work, "emulator.log"), "wb"), stderr=subprocess.STDOUT)
        procs.append(emu)
        fp = FaultProxy(("127.0.0.1", ports["proxy"]), proxy_handler(ports["emulator"]))
        threading.Thread(target=fp.serve_forever, daemon=True).start()
        secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
        ev = http.server.ThreadingHTTPServer(("127.0.0.1", ports["events"]), events_handler(secret))
        threading.Thread(target=ev.serve_forever, daemon=True).start()
        key64 = base64.b64encode(os.urandom(32)).decode()
        instances = {}
        for name in ("a",) if sqlite else ("a", "b"):
            cfg = os.path.join(work, name + ".yaml")
            with open(cfg, "w") as f:
                f.write(f"""notion:
  client-id: {CLIENT_ID}
  client-secret: {CLIENT_SECRET}
  redirect-uri: {lb}/notion/callback
  api-base-url: {api}
server:
  host: 127.0.0.1
  port: {ports[name]}
  trusted-proxies: [127.0.0.1/32]
  install-rate-limit: 0
store:
  {store}
  encryption-key: {key64}
api:
  enabled: true
webhooks:
  enabled: true
  retry-delay: 1s
app-events:
  url: http://127.0.0.1:{ports['events']}/events
  secret: {secret}
  retry-delay: 1s
  events: [installation.created, installation.reauthorized, installation.needs_reauth,
           installation.revoked, installation.deleted, notion.webhook]
""")
            instances[name] = Instance(name, cfg, ports[name], work)
        while run.status_of(f"http://127.0.0.1:{ports['emulator']}/v1/users/me") == 0:
            time.sleep(0.2)
        for inst in instances.values():
            inst.start()
        key = subprocess.run(["java", "-jar", run.JAR, "api-keys", "create", "--config", instances["a"].cfg,
                              "--name", "soak", "--scope", "installations:read,installations:write,tokens:read,notion:proxy"],
                             capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        if not sqlite:
            conf = os.path.join(work, "nginx.conf")
            with open(conf, "w") as f:
                f.write(f"""worker_processes 1; pid {work}/nginx.pid; error_log {work}/nginx-error.log;
events {{ worker_connections 256; }}
http {{ access_log off; client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
  upstream ours {{ server 127.0.0.1:{ports['a']} max_fails=0; server 127.0.0.1:{ports['b']} max_fails=0; }}
  server {{ listen 127.0.0.1:{ports['lb']};
    location / {{ proxy_pass http://ours; proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr; proxy_read_timeout 60s; }} }} }}
""")
            procs.append(subprocess.Popen(["nginx", "-c", conf, "-p", work, "-g", "daemon off;"]))
        while run.status_of(lb + "/healthz") == 0:
            time.sleep(0.2)
        hook_token = confirm_webhook_token(instances["a"].cfg, lb)
        print(f"soak{' (sqlite)' if sqlite else ''}: {seconds} s; work dir {work}; database {db}", flush=True)

        workers = [threading.Thread(target=installer, args=(lb, api, key, n), daemon=True) for n in range(3)]
        workers += [threading.Thread(target=app, args=(lb, key), daemon=True) for _ in range(3)]
        workers += [threading.Thread(target=ender, args=(lb, key), daemon=True)]
        workers += [threading.Thread(target=notion_webhooks, args=(lb, hook_token), daemon=True)]
        for w in workers:
            w.start()
        if sqlite:
            filler = os.path.join(os.path.dirname(db), "filler")
            fault("disk full, then space back", seconds / 3, lambda: fill(filler), lambda: os.remove(filler), 10)
        else:
            schedule(seconds, instances, fp)
        time.sleep(seconds)
        STOP.set()
        for w in workers:
            w.join(60)
        time.sleep(3)
        violations = check(lb, key, db, f"http://127.0.0.1:{ports['emulator']}", work)
        summary(seconds, violations)
        return 1 if violations else 0
    finally:
        STOP.set()
        for p in postgres_pids():
            try:
                os.kill(p, signal.SIGCONT)
            except OSError:
                pass
        for inst in locals().get("instances", {}).values():
            if inst.proc and inst.proc.poll() is None:
                inst.proc.terminate()
                inst.proc.wait(30)
        for p in procs:
            p.terminate()
        if sqlite:
            subprocess.run(["umount", "-l", os.path.join(work, "fs")], capture_output=True)
        else:
            try:
                psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
            except subprocess.CalledProcessError:
                pass


def schedule(seconds, instances, fp):
    """The faults of the two-instance run, scaled to its length."""
    s = seconds / 180
    pg = postgres_pids
    fault("instance a killed -9, restarted", 20 * s, instances["a"].kill9, instances["a"].start, 5 * s)
    fault("notion 429 with Retry-After", 45 * s, lambda: setattr(fp, "mode", "429"), lambda: setattr(fp, "mode", None), 8 * s)
    fault("postgresql frozen (SIGSTOP)", 65 * s, lambda: [os.kill(p, signal.SIGSTOP) for p in pg()],
          lambda: [os.kill(p, signal.SIGCONT) for p in pg()], 10)
    fault("notion 500s", 95 * s, lambda: setattr(fp, "mode", "500"), lambda: setattr(fp, "mode", None), 8 * s)
    fault("postgresql restarted", 115 * s, lambda: subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", os.listdir("/etc/postgresql")[0], "main", "restart"],
        capture_output=True), lambda: None, 0)
    fault("notion stalls 10 s", 140 * s, lambda: setattr(fp, "mode", "stall"), lambda: setattr(fp, "mode", None), 6 * s)


def query(db, sql):
    """Rows as psql -At prints them ("a|b" lines), from PostgreSQL or from the SQLite file {@code db}."""
    if db.endswith(".db"):
        import sqlite3
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            return "\n".join("|".join(str(v) for v in row) for row in c.execute(sql))
    return psql(sql, db)


def in_fault(started, ended):
    """Whether a request overlapped a fault window (which lasts 3 s past its fault)."""
    return any(started <= end + 3 and ended >= start - 0.5 for _, start, end in FAULTS)


def check(lb, key, db, emulator, work):
    v = {}

    def violate(name, detail):
        v.setdefault(name, []).append(detail)

    rows = {r.split("|")[0]: r.split("|")[1] for r in query(db, "SELECT bot_id, status FROM installation").split()}
    by_workspace = {r.split("|")[0]: r.split("|")[1] for r in query(db, "SELECT workspace_id, bot_id FROM installation").split()}
    for name in UNKNOWN:  # an outcome the client missed: whatever the store holds is the answer
        bot = by_workspace.get(workspace_id(name))
        if bot:
            INSTALLED[name] = bot
    for name, bot in INSTALLED.items():
        if bot in UNSURE:
            continue
        if bot in DELETED:
            if bot in rows:
                violate("a deleted installation came back", bot)
            continue
        if bot not in rows:
            violate("an authorized install left no installation", name)
        elif bot in REVOKED and rows[bot] != "REVOKED":
            violate("a revoked installation is not revoked", f"{bot} {rows[bot]}")
        elif bot not in REVOKED and rows[bot] != "ACTIVE":
            violate("an installation ended other than active without cause", f"{bot} {rows[bot]}")
    for name, what in FAILED.items():
        if workspace_id(name) in by_workspace:
            violate("an installation exists for a failed install", f"{name}: {what}")
    # every live installation's token works at Notion, through the proxy (refreshed if it expired)
    for name, bot in INSTALLED.items():
        if bot in DELETED or bot in REVOKED or bot in UNSURE:
            continue
        s, _ = api_call(lb, key, "GET", f"/api/v1/notion/{bot}/v1/users/me")
        if s == 409 and any(n.startswith(("instance", "postgresql", "notion stalls")) for n, _, _ in FAULTS):
            # Notion rotated the pair but the answer, or its storing, was cut by a kill, a frozen or
            # restarted database, or a stall: no client can get that pair back. Counted, not a
            # violation (the emulator's grant history would tell it apart from a race of ours)
            LOST.append(bot)
        elif s != 200:
            violate("Notion refuses a live installation's token", f"{bot} {s}")
    # at Notion's side (the emulator's grant counts): an active installation holds exactly one live
    # pair (none lost, never two), a revoked one none
    with urllib.request.urlopen(emulator + "/_emulator/grants", timeout=30) as r:
        live = {g["workspace_id"]: g["live_refresh_tokens"] for g in json.load(r)["results"]}
    for name, bot in INSTALLED.items():
        if bot in DELETED or bot in UNSURE or bot in LOST:
            continue
        n = live.get(workspace_id(name), 0)
        if bot in REVOKED and n != 0:
            violate("Notion holds live pairs of a revoked installation", f"{bot} {n}")
        elif bot not in REVOKED and n != 1:
            violate("an active installation holds other than one live pair at Notion", f"{bot} {n}")
    # the app heard of every installation
    deadline = time.time() + 30
    while time.time() < deadline and any("installation.created" not in EVENTS.get(b, ()) for b in INSTALLED.values()):
        time.sleep(0.5)
    for bot in INSTALLED.values():
        if "installation.created" not in EVENTS.get(bot, ()):
            violate("installation.created never reached the app", bot)
    # every webhook delivery we answered 2xx reached the app, under one id per event
    unmatched = set(query(db, "SELECT id FROM webhook_event WHERE status = 'UNMATCHED'").split())
    deadline = time.time() + 30
    while time.time() < deadline and any(e not in NOTION_EVENTS for e in ACKED - unmatched):
        time.sleep(0.5)
    for eid in ACKED - unmatched:
        if eid not in NOTION_EVENTS:
            violate("a webhook delivery answered 2xx never reached the app", eid)
    for eid, ids in NOTION_EVENTS.items():
        if len(ids) > 1:
            violate("one webhook event reached the app under several ids", f"{eid}: {len(ids)}")
    # every event in the outbox reached the app (revoked, deleted, needs_reauth, reauthorized too);
    # an instance killed while sending holds its claim for the send's timeout + 30 s, then the
    # other sends it, so the wait may be that long
    deadline = time.time() + 90
    while True:
        outbox = dict(r.split("|", 1) for r in query(db, "SELECT id, type FROM app_event").split())
        missing = {i: t for i, t in outbox.items() if i not in APP_IDS}
        if not missing or time.time() > deadline:
            break
        time.sleep(1)
    OUTBOX.update(outbox)
    for i, t in sorted(missing.items()):
        violate("an app event in the outbox never reached the app", f"{t} {i}")
    # every token the emulator hands out carries its canary marker: none may be in our logs
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "notion-oauth-emulator", "src", "main",
                          "java", "dev", "notionoauth", "emulator", "NotionEmulator.java")
    marker = re.search(r'String CANARY = "([^"]*)"', open(source).read()).group(1)
    for log in sorted(f for f in os.listdir(work) if f in ("a.log", "b.log")):
        if marker in open(os.path.join(work, log), errors="replace").read():
            violate("a Notion secret in a server log", log)
    for t, kind, status, detail, started in HISTORY:
        if status >= 500 and not in_fault(started, t):
            violate("a 5xx outside a fault window", f"{started:.1f}-{t:.1f}s {kind} {status}")
    return v


def summary(seconds, violations):
    kinds = {}
    for _, kind, status, _, _ in HISTORY:
        k = kinds.setdefault(kind, [0, 0])
        k[0] += 1
        k[1] += status >= 500 or status == 0
    print("\n| load | requests | 5xx or no answer |\n|---|---|---|")
    for kind, (n, bad) in sorted(kinds.items()):
        print(f"| {kind} | {n} | {bad} |")
    print("\n| fault | from s | to s | first good answer after, s |\n|---|---|---|---|")
    recoveries = []
    for name, start, end in FAULTS:
        first = next((t for t, _, s, _, _ in HISTORY if t >= end and 200 <= s < 400), None)
        r = None if first is None else first - end
        recoveries.append(r)
        print(f"| {name} | {start:.1f} | {end:.1f} | {'-' if r is None else f'{r:.2f}'} |")
    print("\n| invariant | violations |\n|---|---|")
    names = ["an authorized install left no installation", "an installation exists for a failed install",
             "a deleted installation came back", "a revoked installation is not revoked",
             "an installation ended other than active without cause", "Notion refuses a live installation's token",
             "an active installation holds other than one live pair at Notion",
             "Notion holds live pairs of a revoked installation",
             "installation.created never reached the app", "a webhook delivery answered 2xx never reached the app",
             "one webhook event reached the app under several ids", "an app event in the outbox never reached the app",
             "a Notion secret in a server log",
             "a 5xx outside a fault window"]
    for n in names:
        print(f"| {n} | {len(violations.get(n, []))} |")
        for d in violations.get(n, [])[:5]:
            print(f"|   {d} | |")
    total = sum(len(x) for x in violations.values())
    good = [r for r in recoveries if r is not None]
    longest = max((t - st for t, _, _, _, st in HISTORY), default=0)
    print(f"\nsoak_seconds={seconds} installs={len(INSTALLED)} failed_installs={len(FAILED)} unknown_outcomes={len(UNKNOWN)} "
          f"requests={len(HISTORY)} faults={len(FAULTS)} violations={total} "
          f"recovery_max_s={max(good) if good else -1:.2f} longest_request_s={longest:.1f} "
          f"pairs_lost_to_faults={len(LOST)} webhook_events={len(SENT)} webhook_deliveries_acked={len(ACKED)} "
          f"app_events_in_outbox={len(OUTBOX)} app_events_received={len(APP_IDS)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
