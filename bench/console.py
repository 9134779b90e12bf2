#!/usr/bin/env python3
"""The operator console at scale: server time per page with 100,000 installations and 1,000,000
webhook events in the embedded SQLite store (issue 21's target: under 50 ms per page on this machine).

Seeds the store directly (after `migrate`), adds an operator with `operators add` (password on
standard input), starts `serve` with the console on, signs in like a browser (cookie, CSRF token,
Origin), warms every page up, then requests each page sequentially and prints the median and p95 of
the time from request to the last byte on loopback (the server's time plus one local round trip).
Usage: python3 bench/console.py [INSTALLATIONS=100000] [EVENTS=1000000]"""
import http.cookiejar, os, random, re, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request, uuid
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run

PASSWORD = "bench password, long enough"


def seed(db, installations, events):
    c = sqlite3.connect(db, timeout=60)
    c.execute("PRAGMA journal_mode=WAL")
    now = int(time.time() * 1000)
    statuses = ["ACTIVE"] * 90 + ["NEEDS_REAUTH"] * 7 + ["REVOKED"] * 3
    reasons = ["refresh refused by Notion", "second 401 after a refresh", "introspection: inactive"]
    rows, ctx, bots = [], [], []
    for i in range(installations):
        bot, ws = str(uuid.uuid4()), str(uuid.uuid4())
        status = random.choice(statuses)
        created = now - random.randint(0, 90 * 86_400_000)
        rows.append((bot, ws, f"Workspace {i:06d} of Example Co", None, '{"type":"workspace","workspace":true}',
                     None, 1, "v1.seed.x", None, "seed", status, 1, created, created, None, None, None, created,
                     random.choice(reasons) if status == "NEEDS_REAUTH" else "authorized"))
        ctx.append((bot, "user-id", f"u-{i}"))
        bots.append((bot, ws))
    c.executemany("INSERT INTO installation (bot_id, workspace_id, workspace_name, workspace_icon, owner,"
                  " duplicated_template_id, bound, access_token, refresh_token, key_id, status, token_version,"
                  " created_at, updated_at, refreshed_at, lease_owner, lease_until, status_since, status_reason)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    c.executemany("INSERT INTO installation_context (bot_id, ctx_key, ctx_value) VALUES (?,?,?)", ctx)
    c.commit()
    batch = []
    for i in range(events):
        bot, ws = bots[i % len(bots)]
        received = now - random.randint(0, 30 * 86_400_000)
        status = "FAILED" if i % 200 == 0 else "DELIVERED"
        batch.append((str(uuid.uuid4()), "page.content_updated", ws, received, '{"seeded":true}', status,
                      8 if status == "FAILED" else 1, received, "IllegalStateException" if status == "FAILED" else None,
                      bot, 0))
        if len(batch) == 100_000:
            c.executemany("INSERT INTO webhook_event (id, type, workspace_id, received_at, body, status, attempts,"
                          " next_attempt_at, last_error, installations, kept) VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
            c.commit()
            batch = []
    if batch:
        c.executemany("INSERT INTO webhook_event (id, type, workspace_id, received_at, body, status, attempts,"
                      " next_attempt_at, last_error, installations, kept) VALUES (?,?,?,?,?,?,?,?,?,?,?)", batch)
        c.commit()
    c.execute("ANALYZE")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    return [b for b, _ in bots]


def main():
    args = [int(a) for a in sys.argv[1:]]
    installations = args[0] if args else 100_000
    events = args[1] if len(args) > 1 else 1_000_000
    work = tempfile.mkdtemp(prefix="console-bench-")
    port = run.free_port()
    db = os.path.join(work, "store.db")
    cfg = os.path.join(work, "notion-oauth-handler.yaml")
    with open(cfg, "w") as f:
        f.write(f"""notion:
  client-id: 00000000-0000-4000-8000-00000000c11e
  client-secret: bench-secret
  redirect-uri: http://localhost:{port}/notion/callback
  api-base-url: http://127.0.0.1:9
server:
  host: 127.0.0.1
  port: {port}
store:
  jdbc-url: jdbc:sqlite:{db}
  encryption-key: {__import__('base64').b64encode(os.urandom(32)).decode()}
webhooks:
  enabled: false
console:
  enabled: true
""")
    java = ["java"] + run.JVM_FLAGS
    subprocess.run(java + ["-jar", run.JAR, "migrate", "--config", cfg], check=True, capture_output=True)
    t0 = time.time()
    bots = seed(db, installations, events)
    print(f"seeded {installations:,} installations and {events:,} webhook events in {time.time() - t0:.0f} s", flush=True)
    subprocess.run(java + ["-jar", run.JAR, "operators", "add", "bench", "--config", cfg], input=PASSWORD + "\n",
                   text=True, check=True, capture_output=True)
    server = subprocess.Popen(java + ["-jar", run.JAR, "serve", "--config", cfg], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while run.status_of(base + "/healthz") == 0:
            time.sleep(0.1)
        jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

        def get(path):
            try:
                with opener.open(base + path, timeout=30) as r:
                    return r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()

        _, form = get("/console/sign-in")
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode({"csrf": token, "name": "bench", "password": PASSWORD}).encode()
        req = urllib.request.Request(base + "/console/sign-in", data=data, headers={"Origin": base})
        try:
            opener.open(req, timeout=30)
        except urllib.error.HTTPError as e:
            assert e.code == 303, f"sign-in answered {e.code}"
        some = random.choice(bots)
        pages = {
            "overview": "/console",
            "installations, first page": "/console/installations",
            "installations, a later page": "/console/installations?after=" + sorted(bots)[len(bots) // 2],
            "installations by status (needs re-auth)": "/console/installations?status=NEEDS_REAUTH",
            "installations by context value": "/console/installations?q=u-4242",
            "installations by workspace name": "/console/installations?q=000123",
            "installation detail": "/console/installations/" + some,
            "webhook events": "/console/webhooks",
            "webhook events, failed": "/console/webhooks?status=FAILED",
            "app events": "/console/app-events",
            "API keys": "/console/api-keys",
            "audit": "/console/audit",
        }
        for path in pages.values():
            status, body = get(path)
            assert status == 200, f"{path} answered {status}"
        deadline = time.time() + float(os.environ.get("WARM", "60"))
        while time.time() < deadline:
            for path in pages.values():
                get(path)
        print("| page | median ms | p95 ms |")
        print("|---|---|---|")
        worst = 0.0
        for name, path in pages.items():
            times = []
            for _ in range(40):
                t = time.perf_counter()
                get(path)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            med, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
            worst = max(worst, med)
            print(f"| {name} | {med:.1f} | {p95:.1f} |", flush=True)
        print(f"console_installations={installations} console_events={events} console_max_median_ms={worst:.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
