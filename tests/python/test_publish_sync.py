"""CRM sync and safe publishing: changed rows only, the watermark moves only after a complete file,
and neither a failed nor a killed build touches what readers and the sync see: export, summary and
report read the last published build, never the live warehouse."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
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


def _invoke(paths, args: list[str]):
    """The CLI in process, with the published copy of ``paths`` (build has no --published)."""
    return runner.invoke(app, args, env={"SCORING_PUBLISHED_PATH": str(paths["published"])})


def _build(paths, *extra: str) -> object:
    args = ["build", "--data-dir", str(paths["raw"]), "--select", MODELS_ONLY]
    args += ["--exclude", NO_TESTS]
    return _invoke(paths, [*args, *_common(paths), *extra])


def _export(paths, *extra: str) -> list[dict]:
    result = _invoke(paths, ["export", "--to", str(paths["exports"]), *_common(paths), *extra])
    assert result.exit_code == 0, result.output
    return _read_csv(max(paths["exports"].glob("crm_scores_*"), key=lambda p: p.stat().st_mtime_ns))


def _read_csv(path: Path) -> list[dict]:
    with duckdb.connect() as con:
        rows = con.execute("select * from read_csv(?, header = true)", [str(path)]).fetchall()
        described = con.execute("describe select * from read_csv(?)", [str(path)]).fetchall()
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
    result = _invoke(env, ["export", "--to", str(env["exports"]), *_common(env)])
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


# Runs `scoring build` and SIGKILLs it the moment dbt reports model crm_score_sync built: the
# warehouse then holds the new CRM rows, their tests not run, nothing published.
KILL_AFTER_SYNC = """
import os, signal, sys
import dbt.cli.main
from scoring.cli import app


class KilledAfterSync(dbt.cli.main.dbtRunner):
    def __init__(self, manifest=None, callbacks=None):
        def kill(event):
            if (
                event.info.name == "NodeFinished"
                and event.data.node_info.unique_id == "model.customer_scoring.crm_score_sync"
            ):
                os.kill(os.getpid(), signal.SIGKILL)

        super().__init__(manifest=manifest, callbacks=[*(callbacks or []), kill])


dbt.cli.main.dbtRunner = KilledAfterSync
app(sys.argv[1:], prog_name="scoring")
"""


def _pending_in_warehouse(paths) -> list[tuple]:
    """What the live warehouse's view would send: the rows an export must not take from there."""
    with duckdb.connect(str(paths["warehouse"]), read_only=True) as con:
        return con.execute("select entity_type, crm_id from marts.crm_score_sync").fetchall()


def test_export_after_a_build_killed_after_crm_score_sync_sends_nothing(env):
    _export(env)  # catch up: the CRM has everything published so far
    watermark = _watermark(env)
    published = _file_digest(env["published"])
    contact = _pick_contact(env)
    _add_email_open(env["raw"], contact)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_SYNC, "build", "--data-dir", str(env["raw"]),
         *NO_TESTS_ARGS, *_common(env)],
        env={**os.environ, "SCORING_PUBLISHED_PATH": str(env["published"])},
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    # the fault is real: the warehouse lists the unfinished build's row for the CRM
    assert ("contact", contact) in _pending_in_warehouse(env)
    assert _file_digest(env["published"]) == published
    assert _export(env) == [], "nothing of the killed build reaches the CRM"
    assert _watermark(env) == watermark
    # publishing by hand is refused too: the warehouse holds a run whose tests never ran
    refused = _invoke(env, ["publish", *_common(env)])
    assert refused.exit_code == 1 and "tests have not passed" in refused.output, refused.output
    assert _file_digest(env["published"]) == published
    # the next good build publishes the change, and the export sends it then
    assert _build(env).exit_code == 0
    assert ("contact", contact) in [(row["entity_type"], row["crm_id"]) for row in _export(env)]


# a data test that fails on request (var fail_tests), on the model the CRM rows come from
INJECTED_TEST = """
select crm_id from {{ ref('int_crm__published_fields') }} where {{ var('fail_tests', false) }}
"""


def test_a_build_whose_tests_fail_changes_nothing_export_and_summary_see(env):
    _export(env)  # catch up
    watermark = _watermark(env)
    summary = _invoke(env, ["summary", *_common(env)])
    assert summary.exit_code == 0, summary.output
    assert f"Scores as of {AS_OF}" in summary.output
    injected = env["project"] / "tests" / "injected_test_failure.sql"
    injected.write_text(INJECTED_TEST)
    earlier = AS_OF - timedelta(days=21)
    try:
        result = _invoke(
            env,
            ["build", "--data-dir", str(env["raw"]), "--as-of", earlier.isoformat(),
             "--select", f"{MODELS_ONLY} injected_test_failure", "--indirect-selection", "empty",
             "--vars", json.dumps({"fail_tests": True}), *_common(env)],
        )  # fmt: skip
    finally:
        injected.unlink()
    assert result.exit_code == 1, result.output
    assert "injected_test_failure" in result.output
    # the fault is real: the warehouse holds the failed build's scores and CRM rows
    with duckdb.connect(str(env["warehouse"]), read_only=True) as con:
        scored = con.execute("select max(as_of_date) from marts.contact_scores").fetchone()[0]
    assert scored == earlier
    assert _pending_in_warehouse(env)
    after = _invoke(env, ["summary", *_common(env)])
    assert after.exit_code == 0, after.output
    assert after.output == summary.output
    assert _export(env) == []
    assert _watermark(env) == watermark


def test_paths_with_quotes_publish_and_export(env, tmp_path):
    folder = tmp_path / 'it\'s "quoted"'
    folder.mkdir()
    warehouse, published = folder / "o'brien.duckdb", folder / "o'brien's published.duckdb"
    for suffix in ("", ".wal"):
        source = Path(str(env["warehouse"]) + suffix)
        if source.exists():
            shutil.copy(source, str(warehouse) + suffix)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from sync.crm_sync_state")  # a cleared watermark sends everything
    common = ["--warehouse", str(warehouse), "--project-dir", str(env["project"])]
    result = runner.invoke(app, ["publish", "--published", str(published), *common])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(published), read_only=True) as con:
        every_row = con.execute(
            "select count(*) from intermediate.int_crm__published_fields"
        ).fetchone()[0]
    exports = folder / "exports 'for' \"crm\""
    result = runner.invoke(
        app, ["export", "--to", str(exports), "--published", str(published), *common]
    )
    assert result.exit_code == 0, result.output
    (written,) = exports.glob("crm_scores_*.csv")
    assert len(_read_csv(written)) == every_row > 0


@pytest.mark.parametrize("command", ["summary", "export", "publish", "report"])
def test_before_any_build_one_line_error_and_nothing_written(tmp_path, command):
    work = tmp_path / "work"
    work.mkdir()
    args = [command, "--warehouse", str(work / "warehouse.duckdb")]
    if command == "export":
        args += ["--to", str(work / "exports")]
    if command == "report":
        args += ["--to", str(work / "report.html")]
    result = runner.invoke(
        app, args, env={"SCORING_PUBLISHED_PATH": str(work / "published.duckdb")}
    )
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    expected = "no warehouse at" if command == "publish" else "nothing published yet"
    assert expected in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert list(work.iterdir()) == [], "no warehouse, published copy or export folder created"


@pytest.mark.parametrize(
    ("option", "message"), [("--format", "format 'xml'"), ("--to", "is a file")]
)
def test_export_refuses_a_bad_format_or_a_file_as_folder(tmp_path, option, message):
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    args = ["export", "--warehouse", str(tmp_path / "warehouse.duckdb")]
    args += ["--format", "xml"] if option == "--format" else ["--to", str(afile)]
    result = runner.invoke(app, args, env={"SCORING_PUBLISHED_PATH": str(tmp_path / "p.duckdb")})
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert message in " ".join(result.output.replace("│", " ").split())  # typer's boxed message
    assert sorted(tmp_path.iterdir()) == [afile]


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
