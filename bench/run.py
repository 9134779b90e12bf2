#!/usr/bin/env python3
"""The benchmark, in one run: our server against bare baselines, loaded from outside the JVM by wrk.

Starts a fixed fast token endpoint, our server (`serve`, default embedded SQLite store, the
recommended JVM flags), a bare Jetty 302 handler and a bare composite callback (inbound request +
one JDK-client POST to the same token endpoint + Jackson + one SQLite insert). Warms each until its
throughput settles, interleaves the servers over several rounds, and prints medians, CPU us per
request (process CPU / requests), p50/p99 at 1 and 32 connections, time to first response, RSS after
load, database size, and callbacks/s with 10,000 and 1,000,000 installations stored; last, one line:
install_ratio=... callback_ratio=... p99_ms=... start_ratio=... rss_mb=... rows_ratio=... db_mb=...
proxy_ratio=... proxy_added_p50_ms=...

Usage: python3 bench/run.py [--rounds 3] [--duration 10] [--warmup-max 150]
Needs: wrk (Debian package), a JDK; builds the jar if it is missing.
"""
import argparse
import base64, json, os, re, shutil, socket, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
JAR = os.environ.get("JAR") or os.path.join(ROOT, "notion-oauth-server", "target", "notion-oauth-handler.jar")
# The README's recommended flags for small hosts, used for every JVM here (ours and the baselines);
# BENCH_JVM_FLAGS replaces them (an A/B of flags).
# add -XX:TieredStopAtLevel=1 (BENCH_JVM_EXTRA) to trade peak throughput for memory and warm-up
# -Xms16m with the free ratios lets the heap stay as small as its live data (Serial GC shrinks it after
# a full collection); TrimNativeHeapInterval hands the C library's freed memory (the JIT's arenas,
# SQLite's page caches) back every 30 s. Measured: RSS after load 206 -> 139 MB at the same
# throughput; trimming every second cost 10-17% (docs/performance.md).
JVM_FLAGS = (os.environ["BENCH_JVM_FLAGS"].split() if os.environ.get("BENCH_JVM_FLAGS") else ["-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
             "-XX:TrimNativeHeapInterval=30000", "-Xss512k", "-XX:ReservedCodeCacheSize=48m",
             "-XX:MaxMetaspaceSize=96m"]) + \
    os.environ.get("BENCH_JVM_EXTRA", "").split()
# fewer glibc malloc arenas: the JVM's native memory stays small on few cores
os.environ["MALLOC_ARENA_MAX"] = "2"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def status_of(url):
    try:
        return OPENER.open(url, timeout=2).status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return 0


class Server:
    def __init__(self, name, cmd, port, probe, expect, env=None, cwd=None):
        self.name, self.port, self.probe, self.expect = name, port, probe, expect
        started = time.monotonic()
        out = open(os.path.join(WORK, name + ".out"), "w") if os.environ.get("KEEP_LOG") else subprocess.DEVNULL
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=open(os.path.join(WORK, name + ".err"), "w"),
                                     env=env, cwd=cwd)
        url = f"http://127.0.0.1:{port}{probe}"
        while status_of(url) != expect:
            if self.proc.poll() is not None:
                sys.exit(f"{name} exited: see {WORK}/{name}.err")
            time.sleep(0.002)
        self.first_response_s = time.monotonic() - started

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def wrk(port, path, conns, seconds, script, env=None):
    out = subprocess.run(["wrk", "-t1", f"-c{conns}", f"-d{seconds}s", "--latency", "-s", os.path.join(BENCH, script),
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                         env=dict(os.environ, **(env or {}))).stdout
    def ms(label):
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    total = int(re.search(r"(\d+) requests in", out).group(1))
    flow = re.search(r"FLOW callbacks=(\d+) installs=(\d+) bad=(\d+)", out)
    count = re.search(r"COUNT ok=(\d+) bad=(\d+)", out)
    if flow:
        work, bad = int(flow.group(1)), int(flow.group(3))
        if bad:
            print("  non-3xx answers, last statuses:", re.search(r"last_bad_status=(.*)", out).group(1), flush=True)
    else:
        work, bad = int(count.group(1)), int(count.group(2))
    return {"requests": total, "work": work, "bad": bad, "p50": ms("50%"), "p99": ms("99%"), "out": out}


def measure(server, path, script, conns, seconds, env=None):
    before = cpu_seconds(server.proc.pid)
    r = wrk(server.port, path, conns, seconds, script, env)
    cpu = cpu_seconds(server.proc.pid) - before
    r["rate"] = r["work"] / seconds
    r["cpu_us"] = cpu * 1e6 / max(1, r["work"])
    return r


def write_config(path, port, token_port, db, store_extra=""):
    """Our server's configuration for a load test: the fixed token endpoint, the default SQLite store,
    no install rate limit, webhooks off; the API on unless BENCH_API=off (for builds before it)."""
    api = "" if os.environ.get("BENCH_API") == "off" else """api:
  enabled: true
  # the proxy's overhead is measured, not Notion's limits (3 requests/s per installation by default)
  notion-limits: { per-installation: 1000000, installation-burst: 1000000, per-workspace: 1000000, workspace-burst: 1000000 }
"""
    with open(path, "w") as f:
        f.write(f"""notion:
  client-id: 00000000-0000-4000-8000-00000000c11e
  client-secret: bench-secret
  redirect-uri: http://localhost:{port}/notion/callback
  api-base-url: http://127.0.0.1:{token_port}
server:
  port: {port}
  install-rate-limit: 0
  # every one of the 32 connections may be exchanging a code at once (default 16 answers 503 beyond)
  max-concurrent-exchanges: 32
store:
  jdbc-url: {os.environ.get("JDBC_URL") or "jdbc:sqlite:" + db}
  encryption-key: {base64.b64encode(os.urandom(32)).decode()}
  {store_extra}
webhooks:
  enabled: false
{api}""")


def warm(server, path, script, max_s, env=None):
    """c32 in 5 s chunks until two chunks in a row are within 5% of the one before (min 10 s)."""
    rates, spent = [], 0
    while spent < max_s:
        rates.append(measure(server, path, script, 32, 5, env)["rate"])
        spent += 5
        if spent >= 10 and len(rates) >= 3 and all(abs(rates[-i] - rates[-i - 1]) <= 0.05 * rates[-i - 1] for i in (1, 2)):
            break
    return spent


def seed_installations(db, count):
    """Brings the installation table to `count` rows of well-formed (undecryptable) installations."""
    c = sqlite3.connect(db, timeout=30)
    c.execute("PRAGMA busy_timeout=30000")
    have = c.execute("SELECT COUNT(*) FROM installation").fetchone()[0]
    if have > count:
        c.execute("DELETE FROM installation WHERE bot_id IN (SELECT bot_id FROM installation LIMIT ?)", (have - count,))
        c.commit()
    ws = str(uuid.uuid4())
    now = int(time.time() * 1000)
    batch = []
    for _ in range(max(0, count - c.execute("SELECT COUNT(*) FROM installation").fetchone()[0])):
        batch.append((str(uuid.uuid4()), ws, "Seed", None, '{"type":"workspace","workspace":true}', None, 1,
                      "v1.seed.x", None, "seed", "ACTIVE", 1, now, now, None, None, None, now, "seeded"))
        if len(batch) == 50000:
            c.executemany("INSERT INTO installation (bot_id, workspace_id, workspace_name, workspace_icon, owner,"
                          " duplicated_template_id, bound, access_token, refresh_token, key_id, status,"
                          " token_version, created_at, updated_at, refreshed_at, lease_owner, lease_until, status_since,"
                          " status_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            c.commit()
            batch = []
    if batch:
        c.executemany("INSERT INTO installation (bot_id, workspace_id, workspace_name, workspace_icon, owner,"
                      " duplicated_template_id, bound, access_token, refresh_token, key_id, status,"
                      " token_version, created_at, updated_at, refreshed_at, lease_owner, lease_until, status_since,"
                      " status_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
        c.commit()
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()


def main():
    global WORK
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup-max", type=int, default=150)
    a = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    if not os.path.exists(JAR):
        subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    WORK = tempfile.mkdtemp(prefix="notion-bench-")
    classes = os.path.join(WORK, "classes")
    subprocess.run(["javac", "-nowarn", "-cp", JAR, "-d", classes] +
                   [os.path.join(BENCH, f) for f in ("TokenEndpoint.java", "BareJetty302.java", "BareCallback.java")], check=True)
    cp = JAR + os.pathsep + classes
    java = ["java"] + JVM_FLAGS

    tport = free_port()
    # TCP_NODELAY: the JDK server writes headers and body apart, and Nagle + delayed ACKs would add
    # ~40 ms to every exchange, a delay Notion's endpoint does not have
    token = subprocess.Popen(java + ["-Dsun.net.httpserver.nodelay=true", "-cp", classes, "TokenEndpoint", str(tport)],
                             stdout=subprocess.DEVNULL)
    while status_of(f"http://127.0.0.1:{tport}/") == 0:
        time.sleep(0.01)

    # AppCDS for ours (Java 17: a training run writes the archive, later starts map it; Java 19+ can
    # use -XX:+AutoCreateSharedArchive instead)
    jsa = os.path.join(WORK, "notion-oauth.jsa")

    def our_server(name, extra=None):
        p = free_port()
        cfg = os.path.join(WORK, name + ".yaml")
        write_config(cfg, p, tport, os.path.join(WORK, name, "notion-oauth.db"))
        flags = extra if extra is not None else ["-XX:SharedArchiveFile=" + jsa]
        return Server(name, java + flags + ["-jar", JAR, "serve", "--config", cfg], p, "/notion/install", 302)

    training = our_server("training", ["-XX:ArchiveClassesAtExit=" + jsa])
    measure(training, "/notion/install", "flow.lua", 8, 5)
    training.stop()

    # time to first response, interleaved, 5 starts each: ours over the training run's database (a
    # restart, the usual start: Flyway finds the schema current and is skipped), ours over a new
    # database (the first start of a deployment: five migrations), the bare Jetty 302
    def first_response(start):
        server = start()
        server.stop()
        return server.first_response_s

    starts = {"ours, existing database": [], "ours, new database": [], "bare 302": []}
    for i in range(5):
        starts["ours, existing database"].append(first_response(lambda: our_server("training")))
        starts["ours, new database"].append(first_response(lambda: our_server(f"fresh{i}")))
        starts["bare 302"].append(first_response(
            lambda: (lambda p: Server("bare302", java + ["-cp", cp, "BareJetty302", str(p)], p, "/", 302))(free_port())))
    starts = {k: statistics.median(v) for k, v in starts.items()}
    print("first response s (median of 5):", ", ".join(f"{k} {v:.2f}" for k, v in starts.items()), flush=True)

    db = os.path.join(WORK, "ours", "notion-oauth.db")
    servers = {
        # installs write nothing (sealed states), so one instance takes both loads
        "ours": our_server("ours"),
        "bare302": (lambda p: Server("bare302", java + ["-cp", cp, "BareJetty302", str(p)], p, "/", 302))(free_port()),
        "barecb": (lambda p: Server("barecb", java + ["-cp", cp, "BareCallback", str(p), f"http://127.0.0.1:{tport}/v1/oauth/token",
                                                      os.path.join(WORK, "bare.db")], p, "/cb?code=x", 200))(free_port()),
    }
    # the proxy: one installation made by a real flow, a key from `api-keys create`, and the
    # stand-in's /v1/users/me answered through our proxy and directly (the token endpoint process)
    measure(servers["ours"], "/notion/install", "flow.lua", 1, 1)
    bot = sqlite3.connect(db).execute("SELECT bot_id FROM installation ORDER BY created_at LIMIT 1").fetchone()[0]
    made = subprocess.run(java + ["-jar", JAR, "api-keys", "create", "--config", os.path.join(WORK, "ours.yaml"),
                                  "--name", "bench", "--scope", "notion:proxy"], capture_output=True, text=True, check=True)
    auth = {"BENCH_AUTH": "Bearer " + made.stdout.strip().splitlines()[-1]}
    servers["direct"] = type("Direct", (), {"port": tport, "proc": token, "first_response_s": 0.0})()
    # what each measured path is: (server, path, script, environment)
    paths = {
        "ours install": ("ours", "/notion/install", "count.lua"),
        "bare 302": ("bare302", "/", "count.lua"),
        "ours callback": ("ours", "/notion/install", "flow.lua"),
        "bare callback": ("barecb", "/cb?code=x&state=y", "count.lua"),
        "ours proxy": ("ours", f"/api/v1/notion/{bot}/v1/users/me", "proxy.lua"),
        "direct users/me": ("direct", "/v1/users/me", "proxy.lua"),
    }
    env_of = {"ours proxy": auth}
    warmup = {}
    for name in ("ours callback", "ours install", "bare 302", "bare callback", "ours proxy", "direct users/me"):
        s, p, script = paths[name]
        warmup[name] = warm(servers[s], p, script, a.warmup_max, env_of.get(name))
        print(f"warmed {name}: {warmup[name]} s", flush=True)

    results = {n: [] for n in paths}
    order = list(paths)
    for r in range(a.rounds):
        for name in (order if r % 2 == 0 else list(reversed(order))):
            s, p, script = paths[name]
            c32 = measure(servers[s], p, script, 32, a.duration, env_of.get(name))
            c1 = measure(servers[s], p, script, 1, a.duration, env_of.get(name))
            results[name].append((c32, c1))
        order = order[1:] + order[:1]
        print(f"round {r + 1} done", flush=True)

    rss = {k: rss_mb(v.proc.pid) for k, v in servers.items()}
    db_mb = sum(os.path.getsize(db + sfx) for sfx in ("", "-wal", "-shm") if os.path.exists(db + sfx)) / 2 ** 20

    # the median of three runs at each size: one 10 s run moves by ±10% on a shared VM
    seed_installations(db, 10_000)
    rows10k = statistics.median(measure(servers["ours"], "/notion/install", "flow.lua", 32, a.duration)["rate"] for _ in range(3))
    seed_installations(db, 1_000_000)
    rows1m = statistics.median(measure(servers["ours"], "/notion/install", "flow.lua", 32, a.duration)["rate"] for _ in range(3))

    med = lambda xs: statistics.median(xs)
    print()
    print(f"| path | c32 req/s (work) | c32 p50 / p99 ms | c1 req/s | c1 p50 / p99 ms | CPU us/req @c32 | non-2xx/3xx | warm-up s |")
    print("|---|---|---|---|---|---|---|---|")
    summary = {}
    for name, runs in results.items():
        c32s = [x[0] for x in runs]
        c1s = [x[1] for x in runs]
        summary[name] = {"rate": med([x["rate"] for x in c32s]), "p99": med([x["p99"] for x in c32s]),
                         "p50": med([x["p50"] for x in c32s])}
        print(f"| {name} | {med([x['rate'] for x in c32s]):,.0f} | {med([x['p50'] for x in c32s]):.2f} / {med([x['p99'] for x in c32s]):.2f} "
              f"| {med([x['rate'] for x in c1s]):,.0f} | {med([x['p50'] for x in c1s]):.2f} / {med([x['p99'] for x in c1s]):.2f} "
              f"| {med([x['cpu_us'] for x in c32s]):,.0f} | {sum(x['bad'] for x in c32s + c1s)} | {warmup[name]} |")
    print()
    print("| server | first response s | RSS after load MB |")
    print("|---|---|---|")
    for k, v in servers.items():
        if k != "direct":
            print(f"| {k} | {v.first_response_s:.2f} | {rss[k]:.0f} |")
    print()
    print("| first response, median of 5 interleaved starts | s |")
    print("|---|---|")
    for k, v in starts.items():
        print(f"| {k} | {v:.2f} |")
    print(f"\nour database after the run: {db_mb:.1f} MB; callbacks/s with 10,000 installations: {rows10k:,.0f}, with 1,000,000: {rows1m:,.0f}")
    print("(\"ours callback\" counts callbacks: each is preceded by the install that made its state, in the same load;"
          " its latencies mix both requests)")
    print(f"install_ratio={summary['ours install']['rate'] / summary['bare 302']['rate']:.2f} "
          f"callback_ratio={summary['ours callback']['rate'] / max(1.0, summary['bare callback']['rate']):.2f} "
          f"p99_ms={summary['ours callback']['p99']:.1f} "
          f"start_ratio={starts['ours, existing database'] / starts['bare 302']:.2f} "
          f"rss_mb={rss['ours']:.0f} rows_ratio={rows1m / max(1.0, rows10k):.2f} db_mb={db_mb:.1f} "
          f"proxy_ratio={summary['ours proxy']['rate'] / max(1.0, summary['direct users/me']['rate']):.2f} "
          f"proxy_added_p50_ms={summary['ours proxy']['p50'] - summary['direct users/me']['p50']:.2f}")
    for k, v in servers.items():
        if k != "direct":
            v.stop()
    token.terminate()


if __name__ == "__main__":
    main()
