#!/usr/bin/env python3
"""WAL flushes per callback with the PostgreSQL store (local server, trust auth, database test): our
server in a fresh schema, warmed for 60 s at c4, then 10 s at one connection (so PostgreSQL groups no
commits), counting pg_stat_wal.wal_sync (PostgreSQL 14+). Not part of the benchmark; it checks how
many commits a callback makes. JAR=... picks another build for an A/B.
Usage: python3 bench/pgflush.py [SCHEMA=bench_flush]"""
import sys, os, time, subprocess, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run
schema = sys.argv[1] if len(sys.argv) > 1 else "bench_flush"
os.environ["JDBC_URL"] = f"jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema={schema}"
subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "test", "-c", f"drop schema if exists {schema} cascade; create schema {schema}"], stderr=subprocess.DEVNULL)
run.WORK = tempfile.mkdtemp(prefix="pgc-")
classes = os.path.join(run.WORK, "classes")
subprocess.run(["javac", "-nowarn", "-cp", run.JAR, "-d", classes, os.path.join(run.BENCH, "TokenEndpoint.java")], check=True)
java = ["java"] + run.JVM_FLAGS
tport = run.free_port()
token = subprocess.Popen(java + ["-cp", classes, "TokenEndpoint", str(tport)], stdout=subprocess.DEVNULL)
while run.status_of(f"http://127.0.0.1:{tport}/") == 0:
    time.sleep(0.01)
port = run.free_port()
cfg = os.path.join(run.WORK, "ours.yaml")
run.write_config(cfg, port, tport, "unused")
s = run.Server("ours", java + ["-jar", run.JAR, "serve", "--config", cfg], port, "/notion/install", 302)
[run.measure(s, "/notion/install", "flow.lua", 4, 10) for _ in range(6)]
sync = lambda: int(subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "test", "-Atc", "select wal_sync from pg_stat_wal"], capture_output=True, text=True).stdout)
before = sync()
r = run.measure(s, "/notion/install", "flow.lua", 1, 10)
after = sync()
n = r["work"]
print(f"callbacks {n:.0f} wal_syncs {after - before} per callback {(after - before) / n:.2f} rate {r['rate']:.0f}/s cpu_us {r['cpu_us']:.0f}")
s.stop(); token.terminate()
