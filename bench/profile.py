#!/usr/bin/env python3
"""A JFR profile of our callback under the benchmark's load: 75 s of c32 flow.lua, recording the last 20 s;
prints callbacks/s per 5 s chunk, thread starts, and where sampled Java time goes.
Usage: python3 bench/profile.py [extra JVM flags, e.g. -Djava.util.concurrent.ForkJoinPool.common.parallelism=1]"""
import sys, os, time, subprocess, tempfile, collections, re
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run
EXTRA = sys.argv[1:]
run.WORK = tempfile.mkdtemp(prefix="prof-")
classes = os.path.join(run.WORK, "classes")
subprocess.run(["javac", "-nowarn", "-cp", run.JAR, "-d", classes, os.path.join(run.BENCH, "TokenEndpoint.java")], check=True)
java = ["java"] + run.JVM_FLAGS
tport = run.free_port()
token = subprocess.Popen(java + ["-Dsun.net.httpserver.nodelay=true", "-cp", classes, "TokenEndpoint", str(tport)], stdout=subprocess.DEVNULL)
while run.status_of(f"http://127.0.0.1:{tport}/") == 0: time.sleep(0.01)
port = run.free_port()
cfg = os.path.join(run.WORK, "ours.yaml")
run.write_config(cfg, port, tport, os.path.join(run.WORK, "ours", "n.db"))
jfr = os.path.join(run.WORK, "ours.jfr")
s = run.Server("ours", java + [*EXTRA, "-XX:StartFlightRecording=delay=50s,duration=20s,filename=" + jfr + ",settings=profile", "-jar", run.JAR, "serve", "--config", cfg], port, "/notion/install", 302)
threads0 = len(os.listdir(f"/proc/{s.proc.pid}/task"))
for i in range(15):
    r = run.measure(s, "/notion/install", "flow.lua", 32, 5)
    print(i, round(r["rate"]), "cpu_us", round(r["cpu_us"]), flush=True)
print("threads now", len(os.listdir(f"/proc/{s.proc.pid}/task")), "at start", threads0)
time.sleep(2)
s.stop(); token.terminate()
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", jfr], capture_output=True, text=True).stdout
top = collections.Counter(); pkg = collections.Counter(); n = 0
for block in out.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w.$<>]+)\(", block, re.M)
    if not frames: continue
    n += 1
    top[frames[0]] += 1
    seen = set()
    for f in frames:
        for key in ("sqlite", "jdbc", "hikari", "jackson", "http", "jetty", "slf4j", "simple", "crypto", "notionoauth", "flyway", "micrometer"):
            if key in f.lower() and key not in seen:
                seen.add(key); pkg[key] += 1
print("samples", n)
for f, c in top.most_common(25): print(f"{100*c/n:5.1f}% {f}")
print("stacks containing:")
for k, c in pkg.most_common(): print(f"{100*c/n:5.1f}% {k}")
starts = subprocess.run(["jfr", "summary", jfr], capture_output=True, text=True).stdout
print([l for l in starts.splitlines() if "ThreadStart" in l or "GarbageCollection " in l or "Compilation " in l])
