#!/usr/bin/env python3
"""The bare proxies of bench/BareProxy.java against the stand-in, each warmed 40 s then measured three
times at c32 beside the stand-in answered directly: prints each mode's rate, CPU per call and ratio.
Usage: python3 bench/bare_proxy.py [jdk] [socket]"""
import sys, os, time, subprocess, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run
classes = tempfile.mkdtemp(prefix="bare-proxy-")
subprocess.run(["javac", "-nowarn", "-cp", run.JAR, "-d", classes, os.path.join(run.BENCH, "BareProxy.java"),
                os.path.join(run.BENCH, "TokenEndpoint.java")], check=True)
cp = run.JAR + ":" + classes
java = ["java"] + run.JVM_FLAGS
tport = run.free_port()
token = subprocess.Popen(java + ["-Dsun.net.httpserver.nodelay=true", "-cp", cp, "TokenEndpoint", str(tport)], stdout=subprocess.DEVNULL)
while run.status_of(f"http://127.0.0.1:{tport}/") == 0: time.sleep(0.01)
direct = type("D", (), {"port": tport, "proc": token})()
for mode in sys.argv[1:] or ["jdk", "socket"]:
    port = run.free_port()
    p = subprocess.Popen(java + ["-cp", cp, "BareProxy", str(port), str(tport), mode], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    s = type("S", (), {"port": port, "proc": p})()
    while run.status_of(f"http://127.0.0.1:{port}/") == 0: time.sleep(0.05)
    t0 = time.time()
    while time.time() - t0 < 40: run.measure(s, "/x", "proxy.lua", 32, 5)
    rs = [run.measure(s, "/x", "proxy.lua", 32, 5) for _ in range(3)]
    ds = [run.measure(direct, "/v1/users/me", "proxy.lua", 32, 5) for _ in range(3)]
    r = sorted(rs, key=lambda x: x["rate"])[1]; d = sorted(ds, key=lambda x: x["rate"])[1]
    print(mode, "rate", round(r["rate"]), "cpu_us", round(r["cpu_us"]), "p50", r["p50"], "direct", round(d["rate"]), d["p50"], "ratio", round(r["rate"]/d["rate"], 2), flush=True)
    p.terminate(); p.wait()
token.terminate()
