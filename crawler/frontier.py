"""A shared Redis frontier for distributed crawls: scrapy-redis 0.9.1 plus leases and termination.

scrapy-redis gives the request queue (a sorted set, requests pickled with ``Request.to_dict``),
the shared fingerprint set (``RFPDupeFilter``) and the Scrapy scheduler plumbing. It has no notion
of a request being *in flight*: a popped request lives only in the memory of the worker that
popped it, so a killed worker loses it (its fingerprint is already in the seen set, nobody will
queue it again), and it has no way to tell "the frontier is empty for now" from "the crawl is over".
:class:`FrontierScheduler` adds both:

- **Leases.** One Lua script pops the best request *and* records it in the worker's in-flight
  hash (``<prefix>:inflight:<worker>``), so there is no instant where a request is in neither
  place. The lease is released only when the request has left the engine (its callback has run
  and its child requests are in the queue) *and* the page it produced is committed to the
  database (the store pipeline's ``winnow/pages_written`` counter has passed the
  ``winnow/pages_added`` count seen at that moment). Enqueueing is one script too (fingerprint
  added and request queued together), so a kill between the two cannot lose a request.
- **Heartbeats and re-queueing.** Every worker writes a heartbeat (Redis server time, so clocks
  of different machines do not matter). Any participant - workers on every tick, the
  coordinator while it waits - runs the reaper script, which moves the in-flight requests of
  every worker whose heartbeat is older than ``WINNOW_FRONTIER_STALE_SECONDS`` back into the
  queue and marks that worker dead, atomically, so two reapers cannot re-queue twice.
  A re-queued page may be fetched twice (if the dead worker had stored it but not yet released
  the lease); storage upserts by URL, so that costs time, never a duplicate row.
- **Termination.** A worker whose engine is idle keeps its spider open (``DontCloseSpider``) until
  the queue is empty and no worker holds a lease; that check is one script, and since work only
  ever moves queue -> lease -> (children in queue) -> released, "both empty" is final.

Keys (``<prefix>`` defaults to ``winnow``): ``:queue`` (zset), ``:seen`` (set), ``:crawl`` (the
crawl descriptor, JSON), ``:workers`` (hash worker -> JSON progress), ``:beats`` (hash worker ->
heartbeat), ``:inflight:<worker>`` (hash lease -> score + request), ``:done``.
Requests are pickled (scrapy-redis' format): only point workers at a Redis you control.
A single Redis instance is assumed (the scripts touch keys they compute, which Redis Cluster forbids).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import redis
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler as RedisScheduler

log = logging.getLogger(__name__)

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_PREFIX = "winnow"
LEASE = "winnow_lease"  # request.meta key holding the lease id (never serialised)
ALIVE_STATES = ("starting", "busy", "idle")

# Pop the best request and lease it to a worker, in one step.
_POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], ARGV[1], top[2] .. '\\n' .. top[1])
return top[1]
"""
# Mark a fingerprint seen and queue the request together (or only queue, when ARGV[1] is '').
_PUSH = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
return 1
"""
# Move every request leased by the given in-flight hash back into the queue.
_REQUEUE_BODY = """
local function requeue(inflight, queue)
  local items = redis.call('HGETALL', inflight)
  for i = 1, #items, 2 do
    local v = items[i + 1]
    local nl = string.find(v, '\\n', 1, true)
    redis.call('ZADD', queue, tonumber(string.sub(v, 1, nl - 1)), string.sub(v, nl + 1))
  end
  redis.call('DEL', inflight)
  return #items / 2
end
"""
_REQUEUE = _REQUEUE_BODY + "return requeue(KEYS[1], KEYS[2])"
# KEYS: queue, beats, workers; ARGV: prefix, stale seconds. Returns {worker, n, worker, n, ...}.
_REAP = (
    _REQUEUE_BODY
    + """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local beats = redis.call('HGETALL', KEYS[2])
local out = {}
for i = 1, #beats, 2 do
  local wid = beats[i]
  if now - tonumber(beats[i + 1]) > tonumber(ARGV[2]) then
    local info = redis.call('HGET', KEYS[3], wid)
    local state = info and cjson.decode(info)['state'] or 'starting'
    if state ~= 'finished' and state ~= 'dead' then
      local n = requeue(ARGV[1] .. ':inflight:' .. wid, KEYS[1])
      if info then
        local doc = cjson.decode(info)
        doc['state'] = 'dead'
        doc['requeued'] = n
        redis.call('HSET', KEYS[3], wid, cjson.encode(doc))
      end
      table.insert(out, wid)
      table.insert(out, n)
    end
  end
end
return out
"""
)
# KEYS: queue, workers, done; ARGV: prefix. 1 (and sets done) when nothing is queued or leased.
_FINISHED = """
if redis.call('EXISTS', KEYS[3]) == 1 then return 1 end
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
for _, wid in ipairs(redis.call('HKEYS', KEYS[2])) do
  if redis.call('HLEN', ARGV[1] .. ':inflight:' .. wid) > 0 then return 0 end
end
redis.call('SET', KEYS[3], '1')
return 1
"""


@dataclass(frozen=True)
class WorkerStatus:
    worker: str
    state: str
    pages: int
    responses: int
    inflight: int
    heartbeat_age: float | None
    host: str
    pid: int


class Frontier:
    """The Redis side of a distributed crawl: keys, atomic scripts, descriptor, progress."""

    def __init__(self, server: redis.Redis, prefix: str = DEFAULT_PREFIX, url: str = DEFAULT_REDIS_URL) -> None:
        self.server = server
        self.url = url
        self.prefix = prefix
        self.queue_key = f"{prefix}:queue"
        self.seen_key = f"{prefix}:seen"
        self.crawl_key = f"{prefix}:crawl"
        self.workers_key = f"{prefix}:workers"
        self.beats_key = f"{prefix}:beats"
        self.done_key = f"{prefix}:done"
        self._pop = server.register_script(_POP)
        self._push = server.register_script(_PUSH)
        self._requeue = server.register_script(_REQUEUE)
        self._reap = server.register_script(_REAP)
        self._finished = server.register_script(_FINISHED)

    @classmethod
    def connect(cls, url: str = DEFAULT_REDIS_URL, prefix: str = DEFAULT_PREFIX) -> Frontier:
        server = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)
        server.ping()
        return cls(server, prefix, url)

    def inflight_key(self, worker: str) -> str:
        return f"{self.prefix}:inflight:{worker}"

    def keys(self) -> list[str]:
        fixed = [self.queue_key, self.seen_key, self.crawl_key, self.workers_key, self.beats_key, self.done_key]
        workers = [_text(k) for k in self.server.hkeys(self.workers_key)]
        return fixed + [self.inflight_key(w) for w in workers]

    def clear(self) -> None:
        """Delete this crawl's keys (and nothing else)."""
        stray = list(self.server.scan_iter(match=f"{self.prefix}:inflight:*", count=500))
        self.server.delete(*self.keys(), *stray)

    # -- the crawl --------------------------------------------------------------------------

    def describe(self, descriptor: dict[str, Any]) -> None:
        self.server.set(self.crawl_key, json.dumps(descriptor, sort_keys=True))

    def descriptor(self) -> dict[str, Any] | None:
        raw = self.server.get(self.crawl_key)
        return json.loads(raw) if raw else None

    def is_done(self) -> bool:
        return bool(self.server.exists(self.done_key))

    def finished(self) -> bool:
        """True (and remembered) once nothing is queued and no worker holds a lease."""
        keys = [self.queue_key, self.workers_key, self.done_key]
        return bool(self._finished(keys=keys, args=[self.prefix]))

    def expire(self, seconds: int) -> None:
        for key in self.keys():
            self.server.expire(key, seconds)

    # -- requests ---------------------------------------------------------------------------

    def push(self, data: bytes, score: float, fingerprint: str | None) -> bool:
        """Queue an encoded request; with a fingerprint, only if it was never seen before."""
        keys = [self.queue_key, self.seen_key]
        return bool(self._push(keys=keys, args=[fingerprint or "", repr(score), data]))

    def pop(self, worker: str, lease: str) -> bytes | None:
        data = self._pop(keys=[self.queue_key, self.inflight_key(worker)], args=[lease])
        return data or None

    def release(self, worker: str, leases: Iterable[str]) -> None:
        leases = list(leases)
        if leases:
            self.server.hdel(self.inflight_key(worker), *leases)

    def requeue(self, worker: str) -> int:
        """Put a worker's leased requests back into the queue (a clean stop, or a dead worker)."""
        return int(self._requeue(keys=[self.inflight_key(worker), self.queue_key]))

    def reap(self, stale_seconds: float) -> dict[str, int]:
        """Re-queue the leases of workers whose heartbeat is older than ``stale_seconds``."""
        out = self._reap(keys=[self.queue_key, self.beats_key, self.workers_key], args=[self.prefix, stale_seconds])
        found = {out[i].decode(): int(out[i + 1]) for i in range(0, len(out), 2)}
        for worker, n in found.items():
            log.warning("worker %s stopped sending heartbeats: %d in-flight request(s) re-queued", worker, n)
        return found

    # -- workers ----------------------------------------------------------------------------

    def now(self) -> float:
        seconds, micros = self.server.time()
        return seconds + micros / 1e6

    def heartbeat(self, worker: str, info: dict[str, Any]) -> None:
        with self.server.pipeline() as pipe:
            pipe.hset(self.workers_key, worker, json.dumps(info, sort_keys=True))
            pipe.hset(self.beats_key, worker, repr(self.now()))
            pipe.execute()

    def worker_state(self, worker: str) -> str | None:
        raw = self.server.hget(self.workers_key, worker)
        return json.loads(raw).get("state") if raw else None

    def workers(self) -> list[WorkerStatus]:
        now = self.now()
        beats = {_text(k): float(v) for k, v in self.server.hgetall(self.beats_key).items()}
        rows = []
        for key, raw in sorted(self.server.hgetall(self.workers_key).items()):
            worker, info = _text(key), json.loads(raw)
            beat = beats.get(worker)
            rows.append(
                WorkerStatus(
                    worker=worker,
                    state=info.get("state", "?"),
                    pages=int(info.get("pages", 0)),
                    responses=int(info.get("responses", 0)),
                    inflight=int(self.server.hlen(self.inflight_key(worker))),
                    heartbeat_age=None if beat is None else max(0.0, now - beat),
                    host=info.get("host", ""),
                    pid=int(info.get("pid", 0)),
                )
            )
        return rows

    def counts(self) -> dict[str, int]:
        workers = [_text(k) for k in self.server.hkeys(self.workers_key)]
        return {
            "queued": int(self.server.zcard(self.queue_key)),
            "seen": int(self.server.scard(self.seen_key)),
            "in_flight": sum(int(self.server.hlen(self.inflight_key(w))) for w in workers),
            "workers": len(workers),
        }


def _text(value: bytes | str) -> str:
    """A Redis key or field as text (the client returns bytes; typed to return either)."""
    return value.decode() if isinstance(value, bytes) else value


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:4]}"


@dataclass
class _Lease:
    request: Request
    added: int | None = None  # pages_added when the request left the engine; None while it is in it


class FrontierScheduler(RedisScheduler):
    """scrapy-redis' scheduler with leases, heartbeats, re-queueing and distributed termination.

    Settings: ``REDIS_URL``, ``WINNOW_FRONTIER_PREFIX``, ``WINNOW_WORKER_ID``,
    ``WINNOW_FRONTIER_TICK`` (seconds between heartbeats and queue polls, default 0.25),
    ``WINNOW_FRONTIER_STALE_SECONDS`` (a worker silent this long is dead, default 30).
    """

    def __init__(self, crawler: Crawler, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.frontier = Frontier(
            self.server,
            settings.get("WINNOW_FRONTIER_PREFIX") or DEFAULT_PREFIX,
            settings.get("REDIS_URL") or DEFAULT_REDIS_URL,
        )
        self.worker = settings.get("WINNOW_WORKER_ID") or new_worker_id()
        self.tick_seconds = settings.getfloat("WINNOW_FRONTIER_TICK", 0.25)
        self.stale_seconds = settings.getfloat("WINNOW_FRONTIER_STALE_SECONDS", 30.0)
        self.leases: dict[str, _Lease] = {}
        self.state = "starting"
        self.started = time.time()
        self._loop: Any = None
        crawler.signals.connect(self._on_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        settings = crawler.settings
        kwargs = {
            "server": redis.Redis.from_url(
                settings.get("REDIS_URL") or DEFAULT_REDIS_URL,
                socket_timeout=30,
                socket_connect_timeout=10,
                retry_on_timeout=True,
            ),
            "persist": True,  # the queue and seen set are shared: never flushed by one worker
            "queue_key": settings.get("SCHEDULER_QUEUE_KEY")
            or f"{settings.get('WINNOW_FRONTIER_PREFIX') or DEFAULT_PREFIX}:queue",
            "queue_cls": "scrapy_redis.queue.PriorityQueue",
            "dupefilter_key": "unused",
            "dupefilter_cls": "scrapy_redis.dupefilter.RFPDupeFilter",
        }
        instance = cls(crawler, **kwargs)
        instance.server.ping()
        return instance

    # -- Scrapy's scheduler interface --------------------------------------------------------

    def open(self, spider: Any) -> None:
        from scrapy_redis.dupefilter import RFPDupeFilter
        from scrapy_redis.queue import PriorityQueue

        self.spider = spider
        self.queue = PriorityQueue(server=self.server, spider=spider, key=self.frontier.queue_key)
        self.df = RFPDupeFilter(self.server, key=self.frontier.seen_key)
        self._beat()
        from twisted.internet import task

        self._loop = task.LoopingCall(self._tick)
        self._loop.start(self.tick_seconds, now=False)

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self._release_done()
        if self.leases:  # a stop before the end: hand unfinished requests back, nothing is lost
            n = self.frontier.requeue(self.worker)
            log.info("worker %s stopping (%s): %d request(s) handed back to the frontier", self.worker, reason, n)
            self.leases.clear()
        self.state = "finished" if self.frontier.is_done() else "stopped"
        self._beat()

    def enqueue_request(self, request: Request) -> bool:
        request.meta.pop(LEASE, None)  # a retry or redirect of a leased request: a new request
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        data = self.queue._encode_request(request)
        if not self.frontier.push(data, -request.priority, fingerprint):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        lease = uuid.uuid4().hex[:16]
        data = self.frontier.pop(self.worker, lease)
        if data is None:
            return None
        request = self.queue._decode_request(data)
        request.meta[LEASE] = lease
        self.leases[lease] = _Lease(request)
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    # -- leases, heartbeats, termination -----------------------------------------------------

    def _release_done(self) -> None:
        """Release the leases of requests that left the engine and whose page is committed."""
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)  # the engine's set of requests it is working on
        inprogress = slot.inprogress if slot is not None else set()
        stats = self.stats
        added = stats.get_value("winnow/pages_added", 0)
        written = stats.get_value("winnow/pages_written", 0)
        done = []
        for lease, held in self.leases.items():
            if held.added is None and held.request not in inprogress:
                held.added = added
            if held.added is not None and written >= held.added:
                done.append(lease)
        for lease in done:
            del self.leases[lease]
        self.frontier.release(self.worker, done)

    def _engine_idle(self) -> bool:
        engine = self.crawler.engine
        try:
            return engine.spider_is_idle()
        except Exception:  # the engine is opening or closing
            return False

    def _beat(self) -> None:
        stats = self.stats
        info = {
            "state": self.state,
            # Documents written (list pages are committed too, but only recorded in the fetch log).
            "pages": stats.get_value("winnow/pages_written", 0)
            - stats.get_value("winnow/pages_recorded_only", 0)
            - stats.get_value("winnow/probe", 0),  # not-found probes are learned from, not stored
            "responses": stats.get_value("downloader/response_count", 0),
            "leases": len(self.leases),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": self.started,
        }
        self.frontier.heartbeat(self.worker, info)

    def _tick(self) -> None:
        try:
            self._release_done()
            idle = self._engine_idle()
            self.state = "idle" if idle and not self.leases else "busy"
            self._beat()
            self.frontier.reap(self.stale_seconds)
            self._wake()
        except redis.RedisError as exc:  # a Redis blip must not kill the worker: retry next tick
            log.warning("frontier tick failed: %s", exc)

    def _wake(self) -> None:
        """An engine with free download slots looks at the shared queue (and, when idle, at
        termination) now rather than at its 5 s heartbeat: others fill the queue, not this engine."""
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)  # no public way to wake the engine's request loop
        if slot is not None and slot.closing is None and not engine.needs_backout():
            slot.nextcall.schedule()

    def _on_idle(self) -> None:
        self._release_done()
        if self.frontier.finished():
            return  # the whole crawl is over: let the spider close
        raise DontCloseSpider
