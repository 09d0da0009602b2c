"""The load of the ingestion benchmark: simulated counter tablets uploading ratings.

Run by bench/ingestion.py in a process of its own, so the load does not share an interpreter
with the servers it measures. Each simulated tablet is an asyncio task that, until the time is
up, sends a batch from its "outbox" the way the tablet page does (POST, JSON body, the device
key in a header), waits for the answer, and sends the next — at once (saturation), or at a set
pace (``--interval``), the tablets' starts spread evenly over one interval. Prints one JSON
object: requests,
ratings acknowledged, failures, latencies (ms) and the acknowledged rating ids' count.
"""

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

import aiohttp

ANSWERS = {"XIN_CHAO": True, "XIN_LOI": True, "LUON_MIM_CUOI": True, "LUON_LANG_NGHE": False}


def batch(tablet: dict, size: int) -> dict:
    """Return a body as the tablet sends it: ``size`` new ratings given a second ago."""
    now = datetime.now(UTC)
    rated = (now - timedelta(seconds=1)).isoformat()
    ratings = [{"id": str(uuid.uuid4()), "questionnaire_version_id": tablet["version_id"],
                "officer_id": tablet["officer_id"], "counter_id": tablet["counter_id"],
                "visit_id": None, "level": 3, "answers": ANSWERS, "reported": [],
                "reasons": [], "reason_text": None, "comment": None, "rated_at": rated}
               for _ in range(size)]
    return {"sent_at": now.isoformat(), "ratings": ratings}


async def tablet_loop(http, url, tablet, size, deadline, tally, interval, phase) -> None:
    """Upload batches until the deadline; tally latencies and acknowledged ratings.

    With ``interval`` 0 the next batch goes as soon as the answer arrives (saturation);
    otherwise one batch starts every ``interval`` seconds, from ``phase`` seconds in.
    """
    next_start = time.perf_counter() + phase
    while True:
        if interval:
            await asyncio.sleep(max(0.0, next_start - time.perf_counter()))
            next_start += interval
        if time.perf_counter() >= deadline:
            return
        body = batch(tablet, size)
        started = time.perf_counter()
        try:
            async with http.post(url, json=body, headers={"X-Tablet-Key": tablet["secret"]}) as r:
                answer = await r.json(content_type=None)
                status = r.status
        except (TimeoutError, aiohttp.ClientError, json.JSONDecodeError):
            tally["failures"] += 1
            await asyncio.sleep(0.05)
            continue
        tally["latencies"].append((time.perf_counter() - started) * 1000)
        tally["requests"] += 1
        created = [r for r in answer.get("results", []) if r.get("status") == "created"]
        if status != 200 or len(created) != size:
            tally["failures"] += 1
            tally["last_failure"] = answer
        tally["ratings"] += len(created)


async def run(url: str, tablets: list[dict], size: int, seconds: float,
              interval: float = 0.0) -> dict:
    tally = {"requests": 0, "ratings": 0, "failures": 0, "latencies": [], "last_failure": None}
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(
            tablet_loop(http, url, t, size, deadline, tally, interval,
                        interval * n / len(tablets))
            for n, t in enumerate(tablets)))
        elapsed = time.perf_counter() - started
    latencies = sorted(tally.pop("latencies"))
    cut = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else []
    return {**tally, "seconds": elapsed,
            "ratings_per_second": tally["ratings"] / elapsed,
            "p50_ms": cut[49] if cut else None, "p99_ms": cut[98] if cut else None,
            "max_ms": latencies[-1] if latencies else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the endpoint to POST to")
    parser.add_argument("--tablets", required=True, help="JSON file: the simulated tablets")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.0,
                        help="seconds between one tablet's uploads (0: back to back)")
    args = parser.parse_args()
    with open(args.tablets, encoding="utf-8") as file:
        tablets = json.load(file)
    print(json.dumps(asyncio.run(run(args.url, tablets, args.batch, args.seconds,
                                     args.interval))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
