#!/usr/bin/env python3
"""The load and the probes of emoji-bench/rooms-bench.sh (run by it; standard library only).

For DURATION seconds: POSTs RATE reactions per second to the ingest's /emojis (NDJSON, one batch
per 100 ms), each in a room of its own (room "r-<n>", never repeated: the cardinality attack);
reads the dashboard's /events as one browser and counts bytes, `updates` messages, and the
distinct rooms per window it was sent; every SAMPLE seconds reads VmRSS of each process from
/proc/PID/status and, with --live-heap, each JVM's heap in use right after a full GC (`jcmd PID
GC.run`, then `GC.heap_info`): the live set, which RSS alone hides (a JVM's RSS grows towards its
-Xmx and stays there whether the heap holds garbage or not). Prints one JSON object.

  load.py --ingest URL --dashboard URL --rate N --seconds S --sample S --pids name=pid,...
"""
import argparse
import http.client
import json
import re
import subprocess
import threading
import time
import urllib.parse

EMOJIS = ["😂", "❤️", "🔥", "👍", "😭", "🎉"]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def live_heap_mib(pid):
    """Heap used after a full GC, in MiB, or None."""
    try:
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60, check=True)
        out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, timeout=60, check=True).stdout.decode()
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"total \d+K, used (\d+)K", out)
    return round(int(m.group(1)) / 1024, 1) if m else None


def post_load(url, rate, seconds, stats, stop):
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    per_tick = max(1, rate // 10)
    n = 0
    start = time.monotonic()
    tick = 0
    while not stop.is_set():
        due = start + tick * 0.1
        if due - start >= seconds:
            break
        now = time.monotonic()
        if now < due:
            time.sleep(due - now)
        ts = int(time.time() * 1000)
        lines = []
        for _ in range(per_tick):
            lines.append(json.dumps({"user_id": f"u{n % 5000}", "emoji_type": EMOJIS[n % len(EMOJIS)],
                                     "timestamp": ts, "room": f"r-{n}"}, ensure_ascii=False))
            n += 1
        body = ("\n".join(lines) + "\n").encode("utf-8")
        try:
            conn.request("POST", "/emojis", body, {"Content-Type": "application/x-ndjson"})
            r = conn.getresponse()
            answer = json.loads(r.read() or b"{}")
            stats["accepted"] += answer.get("accepted", 0)
            stats["rejected"] += answer.get("rejected", 0)
            if r.status != 200:
                stats["http_errors"] += 1
        except (OSError, http.client.HTTPException, ValueError):
            stats["http_errors"] += 1
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        stats["sent"] = n
        tick += 1
    stats["load_seconds"] = round(time.monotonic() - start, 1)


def read_sse(url, stats, stop):
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port)  # no timeout: a daemon thread, ended with the process
    conn.request("GET", "/events", headers={"Accept": "text/event-stream"})
    r = conn.getresponse()
    rooms_per_window = stats["rooms_per_window"]
    event = None
    while not stop.is_set():
        try:
            line = r.fp.readline()
        except OSError:
            break
        if not line:
            break
        stats["bytes"] += len(line)
        line = line.decode("utf-8").rstrip("\n")
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:") and event == "updates":
            stats["messages"] += 1
            data = json.loads(line[5:])
            for c in data.get("counts", []):
                rooms_per_window.setdefault(c["window_start"], set()).add(c["room"])
                stats["counts"] += 1
                if c["room"] == "(other rooms)":
                    stats["overflow_counts"] += 1
        elif line == "":
            event = None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ingest", required=True)
    p.add_argument("--dashboard", required=True)
    p.add_argument("--rate", type=int, required=True)
    p.add_argument("--seconds", type=int, required=True)
    p.add_argument("--sample", type=int, default=10)
    p.add_argument("--pids", required=True)
    p.add_argument("--live-heap", action="store_true")
    a = p.parse_args()
    pids = dict(kv.split("=") for kv in a.pids.split(","))

    load = {"sent": 0, "accepted": 0, "rejected": 0, "http_errors": 0}
    sse = {"bytes": 0, "messages": 0, "counts": 0, "overflow_counts": 0, "rooms_per_window": {}}
    stop = threading.Event()
    reader = threading.Thread(target=read_sse, args=(a.dashboard, sse, stop), daemon=True)
    reader.start()
    poster = threading.Thread(target=post_load, args=(a.ingest, a.rate, a.seconds, load, stop), daemon=True)
    t0 = time.monotonic()
    poster.start()
    samples = []
    while poster.is_alive():
        poster.join(a.sample)
        row = {"t": round(time.monotonic() - t0), "sse_bytes": sse["bytes"], "sse_messages": sse["messages"]}
        for name, pid in pids.items():
            row[name + "_rss_mib"] = round((rss_kib(pid) or 0) / 1024, 1)
            if a.live_heap:
                row[name + "_live_heap_mib"] = live_heap_mib(pid)
        samples.append(row)
    time.sleep(8)  # the last windows reach the dashboard
    stop.set()
    elapsed = time.monotonic() - t0
    windows = sse.pop("rooms_per_window")
    sizes = sorted(len(v) for v in windows.values())
    print(json.dumps({
        "rate_per_s": a.rate, "seconds": a.seconds, "load": load,
        "distinct_rooms_sent": load["sent"],
        "sse": dict(sse, seconds=round(elapsed, 1), bytes_per_s=round(sse["bytes"] / elapsed),
                    windows=len(windows), max_rooms_in_a_window=sizes[-1] if sizes else 0,
                    median_rooms_in_a_window=sizes[len(sizes) // 2] if sizes else 0),
        "samples": samples}, ensure_ascii=False))


if __name__ == "__main__":
    main()
