"""Pages processed in worker processes are stored exactly as pages processed in this one."""

from __future__ import annotations

from pathlib import Path

from storage.db import open_db
from storage.repository import RawInput
from tests.test_reprocess_equality import farm_pages, snapshot
from winnow.demo.site import build_site
from winnow.service.batches import BatchWriter, process_pool, store_all
from winnow.service.corpus import recluster


def _ingest(db_url: str, pages: list[RawInput], jobs: int) -> dict:
    sessions = open_db(db_url)
    writer = BatchWriter(sessions, batch_size=25)
    with process_pool(jobs) as pool:
        assert (pool is None) == (jobs == 1)
        store_all(writer, pages, pool)
    if pool is not None:  # the first batch in this process, the others in the workers
        assert pool.pages == len(pages) - writer.batch_size
    recluster(sessions)
    return {"counts": dict(writer.counts), **snapshot(db_url)}


def test_a_pool_stores_what_one_process_stores(tmp_path: Path) -> None:
    build_site(tmp_path / "site", seed=5, n_articles=40)
    pages = farm_pages(tmp_path / "site")
    # a bad page and a failed fetch go through the workers too
    pages += [
        RawInput(
            url="http://www.farm.example.cn/binary.html", body=b"\x00\x01PK\x03\x04" * 200, headers={}, kind="html"
        ),
        RawInput(url="http://www.farm.example.cn/dead.html", body=b"", headers={}, status_code=404, kind="html"),
    ]
    serial = _ingest(f"sqlite:///{tmp_path / 'one.db'}", pages, jobs=1)
    pooled = _ingest(f"sqlite:///{tmp_path / 'pool.db'}", pages, jobs=2)
    assert serial["counts"]["new"] >= 40 and serial["counts"].get("error", 0) >= 1
    assert pooled == serial
