"""CRM sync and safe publishing: changed rows only, the watermark moves only after a complete file,
and neither a failed nor a killed build touches what readers and the sync see."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import scoring.export
from conftest import copy_project
from scoring.cli import app
from scoring.generate import generate

runner = CliRunner()
AS_OF = date(2026, 6, 30)
MODELS_ONLY = "resource_type:seed resource_type:model"
NO_TESTS = "resource_type:test resource_type:unit_test"
NO_TESTS_ARGS = ("--select", MODELS_ONLY, "--exclude", NO_TESTS)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("sync")
    project = copy_project(root / "project")
    raw = root / "raw"
    generate(raw, accounts=30, seed=17, as_of=AS_OF)
    paths = {
        "project": project,
        "raw": raw,
        "warehouse": root / "warehouse.duckdb",
        "published": root / "published.duckdb",
        "exports": root / "exports",
    }
    _build(paths)
    return paths


def _common(paths) -> list[str]:
    return [
        "--warehouse", str(paths["warehouse"]), "--project-dir", str(paths["project"]),
    ]  # fmt: skip


def _build(paths, *extra: str) -> object:
    os.environ["SCORING_PUBLISHED_PATH"] = str(paths["published"])
    args = ["build", "--data-dir", str(paths["raw"]), "--select", MODELS_ONLY]
    args += ["--exclude", NO_TESTS]
    return runner.invoke(app, [*args, *_common(paths), *extra])


def _export(paths, *extra: str) -> list[dict]:
    result = runner.invoke(app, ["export", "--to", str(paths["exports"]), *_common(paths), *extra])
    assert result.exit_code == 0, result.output
    newest = max(paths["exports"].glob("crm_scores_*"), key=lambda p: p.stat().st_mtime_ns)
    with duckdb.connect() as con:
        rows = con.execute(f"select * from read_csv('{newest}', header = true)").fetchall()
        described = con.execute(f"describe select * from read_csv('{newest}')").fetchall()
    names = [column[0] for column in described]
    return [dict(zip(names, row, strict=True)) for row in rows]


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _watermark(paths) -> list[tuple]:
    with duckdb.connect(str(paths["warehouse"]), read_only=True) as con:
        return con.execute(
            "select entity_type, crm_id, row_hash, run_id from sync.crm_sync_state order by 1, 2"
        ).fetchall()


def _pick_contact(paths) -> str:
    """A contact whose one more email open changes only its own published fields: its account's
    opens factor is already capped, and its own communication component has room."""
    with duckdb.connect(str(paths["warehouse"]), read_only=True) as con:
        row = con.execute(
            """
            select contacts.contact_id
            from intermediate.int_contacts__features as contacts
            inner join intermediate.int_signals__long as account_opens
                on account_opens.entity_type = 'account'
                and account_opens.entity_id = contacts.account_id
                and account_opens.signal = 'email_open'
            left join intermediate.int_signals__long as own_opens
                on own_opens.entity_type = 'contact'
                and own_opens.entity_id = contacts.contact_id
                and own_opens.signal = 'email_open'
            inner join marts.score_components as communication
                on communication.entity_type = 'contact'
                and communication.entity_id = contacts.contact_id
                and communication.component = 'communication'
            inner join marts.contact_scores as scores
                on scores.contact_id = contacts.contact_id
            where account_opens.n_90d >= 8
                and coalesce(own_opens.n_90d, 0) <= 2
                and communication.points <= 25
                and not scores.is_disqualified
            order by contacts.contact_id
            limit 1
            """
        ).fetchone()
    assert row, "the test data has a suitable contact"
    return row[0]


def _add_email_open(raw: Path, contact_id: str) -> None:
    """Append one new email open (a fresh event id and time) for the contact."""
    events = pq.read_table(raw / "events.parquet")
    new_id = pa.compute.max(events["event_id"]).as_py() + 1
    extra = pa.table(
        {
            "event_id": pa.array([new_id], events.schema.field("event_id").type),
            "contact_id": pa.array([contact_id], pa.string()),
            "occurred_at": pa.array(
                [datetime(2026, 6, 29, 9, 30) + timedelta(minutes=new_id % 600)],
                pa.timestamp("us"),
            ),
            "event_type": pa.array(["email_open"], pa.string()),
            "event_detail": pa.array(["newsletter"], pa.string()),
        }
    )
    combined = pa.concat_tables([events.cast(extra.schema), extra])
    pq.write_table(combined, raw / "events.parquet")


def test_export_sends_changed_rows_only(env):
    first = _export(env, "--crm", "salesforce")
    assert first and {"Id", "Fit_Score__c", "Score_Row_Hash__c"} <= set(first[0])
    assert not {"email", "first_name", "last_name", "title"} & {k.lower() for k in first[0]}
    assert _export(env) == [], "a second export with no new data writes no row"

    contact = _pick_contact(env)
    _add_email_open(env["raw"], contact)
    result = _build(env)
    assert result.exit_code == 0, result.output
    changed = _export(env)
    assert [(row["entity_type"], row["crm_id"]) for row in changed] == [("contact", contact)]

    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        audit = con.execute(
            "select inserted, updated, unchanged, status from sync.crm_sync_audit "
            "order by started_at"
        ).fetchall()
    assert [row[3] for row in audit] == ["success"] * 3
    assert audit[0][0] == len(first) and audit[1][:2] == (0, 0) and audit[2][:2] == (0, 1)


def test_crash_before_the_watermark_resends(env, monkeypatch):
    before = _watermark(env)

    def crash(*_args, **_kwargs):
        raise RuntimeError("simulated crash after the file was written")

    monkeypatch.setattr(scoring.export, "_advance_watermark", crash)
    # make something change, so the export has rows to send
    _add_email_open(env["raw"], _pick_contact(env))
    assert _build(env).exit_code == 0
    result = runner.invoke(app, ["export", "--to", str(env["exports"]), *_common(env)])
    assert result.exit_code != 0
    assert _watermark(env) == before
    monkeypatch.undo()
    resent = _export(env)
    assert resent, "the rows of the crashed run are sent again"
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        statuses = [r[0] for r in con.execute("select status from sync.crm_sync_audit").fetchall()]
    assert "failed" in statuses


def test_failed_build_leaves_published_marts_and_watermark(env):
    published = _file_digest(env["published"])
    watermark = _watermark(env)
    result = _build(env, "--vars", json.dumps({"fail_model": "contact_scores"}))
    assert result.exit_code == 1
    assert "injected failure" in result.output
    assert _file_digest(env["published"]) == published
    assert _watermark(env) == watermark


def _cli(paths, *args: str) -> list[str]:
    return [sys.executable, "-m", "scoring", *args, *_common(paths)]


def test_killed_build_leaves_published_marts(env):
    published = _file_digest(env["published"])
    process = subprocess.Popen(
        _cli(env, "build", "--data-dir", str(env["raw"]), *NO_TESTS_ARGS),
        env={**os.environ, "SCORING_PUBLISHED_PATH": str(env["published"])},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(8)  # parsing is done and models are being built
    assert process.poll() is None, "the build was still running when killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert _file_digest(env["published"]) == published
    # the warehouse survives the kill: the next test's build must succeed on it


READER = """
import os, sys, time, duckdb
path, out, stop = sys.argv[1], sys.argv[2], sys.argv[3]
counts, errors, end = set(), [], time.time() + 120
while time.time() < end and not os.path.exists(stop):
    try:
        with duckdb.connect(path, read_only=True) as con:
            counts.add(con.execute(
                "select count(*) from marts.contact_scores "
                "join marts.lead_lifecycle using (contact_id)"
            ).fetchone()[0])
    except Exception as error:
        errors.append(repr(error))
    time.sleep(0.05)
open(out, "w").write(repr((sorted(counts), errors)))
"""


def test_reader_queries_the_published_marts_during_a_build(env, tmp_path):
    out, stop = tmp_path / "reader.txt", tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(env["published"]), str(out), str(stop)],
    )
    result = _build(env)
    assert result.exit_code == 0, result.output
    time.sleep(1)  # a few reads of the newly published file too
    stop.touch()
    reader.wait(timeout=60)
    counts, errors = eval(out.read_text())  # written by the reader above
    assert errors == []
    assert counts, "the reader read the published marts"
