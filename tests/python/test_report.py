"""`scoring report`: one self-contained HTML file with a heading, an inline SVG chart and a table
per section, that headless Chromium renders without a console error, and that says "not available"
instead of failing when a mart is missing.

The Chromium part needs Debian's ``chromium`` package (``apt-get install -y chromium``). It is not
skipped when the browser is missing: set SCORING_SKIP_BROWSER_TESTS=1 to skip it on purpose."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from scoring.cli import app
from scoring.report import SECTIONS, build_report, write_report

GENERATED_AT = datetime(2026, 7, 1, 8, 0, 0)
AS_OF = date(2026, 6, 30)
HEADINGS = [title for _, title, _, _ in SECTIONS]
# a text that must come out escaped, never as markup
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'

COMPOSITE_BANDS = [
    ("Poor Fit", 1, 0),
    ("Low Priority", 2, 30),
    ("Moderate", 3, 45),
    ("Quality", 4, 60),
    ("High-Value", 5, 75),
    ("Premium", 6, 90),
]
TOTAL_BANDS = [("Cold", 1, 0), ("Developing", 2, 26), ("Warm", 3, 51), ("Hot", 4, 76)]
EXPECTED = {
    "Cold": (0.0, 0.05),
    "Developing": (0.05, 0.15),
    "Warm": (0.15, 0.30),
    "Hot": (0.30, None),
}
SCORES = ("fit", "intent", "engagement", "success", "growth", "risk", "composite", "total")
# raw table: (raw rows, quarantined rows, data-quality issues)
INPUTS = {"crm.accounts": (40, 10, 3), "crm.contacts": (200, 0, 7), "marketing.events": (0, 0, 0)}


def _band(bands, score):
    return max((b for b in bands if score >= b[2]), key=lambda b: b[1])


def make_marts(path: Path, only: tuple[str, ...] | None = None, history_dates: int = 3) -> Path:
    """A small DuckDB file with every mart the report reads (or ``only`` these), in schema marts,
    synthetic rows."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    tables: dict[str, tuple[str, list[tuple]]] = {}

    contacts = []
    for i in range(200):
        composite = (i * 37) % 100 + 0.5
        total = (i * 53) % 100 + 0.25
        cb, tb = _band(COMPOSITE_BANDS, composite), _band(TOTAL_BANDS, total)
        contacts.append(
            (f"c{i}", AS_OF, composite, cb[0], cb[1], total, tb[0], tb[1], "champion-v1")
        )
    tables["contact_scores"] = (
        "contact_id varchar, as_of_date date, composite_score double, composite_band varchar, "
        "composite_band_rank integer, total_score double, total_band varchar, "
        "total_band_rank integer, model_version varchar",
        contacts,
    )
    tables["account_scores"] = ("account_id varchar", [(f"a{i}",) for i in range(20)])

    history = []
    for d in range(history_dates):
        day = AS_OF - timedelta(days=7 * (history_dates - 1 - d))
        for i in range(50):
            history.append(
                (day, "contact", f"c{i}", i % 3 == 0 or i < 5 * d, i % 10 == 0, "Quality", "Warm")
            )
    tables["score_history"] = (
        "scoring_date date, entity_type varchar, entity_id varchar, is_mql boolean, "
        "is_sql boolean, composite_band varchar, total_band varchar",
        history,
    )

    conversion = []
    for band_set, bands in (("composite", COMPOSITE_BANDS), ("total", TOTAL_BANDS)):
        for band, rank, _ in bands:
            entities = 10 if rank == 1 else 40 * rank  # the lowest band is too small to judge
            rate = 0.04 * rank
            low, high = EXPECTED.get(band, (None, None)) if band_set == "total" else (None, None)
            if rank == 1:
                status = "too_small" if low is not None else "none"
            elif low is None:
                status = "none"
            else:
                status = "pass" if rate >= low and (high is None or rate < high) else "fail"
            for segment in ("all", "SMB"):
                conversion.append(
                    (
                        "contact",
                        segment,
                        band_set,
                        band,
                        rank,
                        entities,
                        round(entities * rate),
                        rate,
                        rate / 0.1,
                        entities >= 30,
                        low,
                        high,
                        status,
                    )
                )
    tables["conversion_by_band"] = (
        "entity_type varchar, segment varchar, band_set varchar, band varchar, band_rank integer, "
        "entities bigint, conversions bigint, conversion_rate double, lift double, "
        "is_large_enough boolean, expected_min_rate decimal(9, 4), "
        "expected_max_rate decimal(9, 4), "
        "expectation_status varchar",
        conversion,
    )

    calibration = []
    for scoring_date in (AS_OF - timedelta(days=90), AS_OF):
        for rubric, slope in (("champion", 0.004), ("challenger", 0.005)):
            for score_name in ("composite", "total"):
                for decile in range(1, 11):
                    mean = 95 - 10 * (decile - 1)
                    calibration.append(
                        (
                            scoring_date,
                            rubric,
                            "contact",
                            score_name,
                            decile,
                            20,
                            mean,
                            mean - 5,
                            mean + 4.9,
                            slope * mean,
                        )
                    )
    tables["score_calibration"] = (
        "scoring_date date, rubric varchar, entity_type varchar, score_name varchar, "
        "decile integer, entities bigint, mean_score double, min_score double, "
        "max_score double, conversion_rate double",
        calibration,
    )

    performance = []
    for rubric, version, gain in (("champion", "champion-v1", 0.0), ("challenger", "chal-2", 0.03)):
        for s, score_name in enumerate(SCORES):
            for outcome in ("converted", "expanded", "churned", "retained"):
                auc = 0.55 + 0.03 * s + gain if outcome == "converted" else 0.6 + gain
                performance.append(
                    (
                        AS_OF,
                        rubric,
                        version,
                        "contact",
                        score_name,
                        outcome,
                        200,
                        20,
                        0.1,
                        auc,
                        0.25,
                        2.5 + gain * 10,
                        0.3,
                        0.5,
                        0.6,
                        True,
                    )
                )
    tables["model_performance"] = (
        "scoring_date date, rubric varchar, rubric_version varchar, entity_type varchar, "
        "score_name varchar, outcome varchar, entities bigint, positives bigint, "
        "base_rate double, auc double, top_decile_rate double, top_decile_lift double, "
        "precision_at_mql double, recall_at_mql double, top_quartile_share double, "
        "is_outcome_observed boolean",
        performance,
    )

    tables["scoring_health"] = (
        "as_of_date date, check_name varchar, check_group varchar, status varchar, "
        "figure double, threshold double, detail varchar",
        [
            (AS_OF, "score_inflation", "inflation", "ok", 0.2, 0.4, "40 of 200 are MQL"),
            (AS_OF, "mql_volume_change", "volume $x$", "warn", 0.5, 0.3, HOSTILE),
            (AS_OF, "stale_high_scores", "staleness", "ok", 0.0, 0.0, "0 leads"),
        ],
    )

    # raw rows per table: staged + quarantined (INPUTS), and data-quality issues per table
    tables["input_reconciliation"] = (
        "source_table varchar, staging_model varchar, raw_rows bigint, staged_rows bigint, "
        "quarantined_rows bigint, is_reconciled boolean",
        [
            (table, f"stg_{table}", raw, raw - quarantined, quarantined, True)
            for table, (raw, quarantined, _issues) in INPUTS.items()
        ],
    )
    tables["data_quality_issues"] = (
        "source_table varchar, source_row_number bigint, record_key varchar, "
        "column_name varchar, raw_value varchar, issue varchar",
        [
            (table, row + 2, f"k{row}", "employees", "N/A", "not a number")
            for table, (_raw, _quarantined, issues) in INPUTS.items()
            for row in range(issues)
        ],
    )

    for name, (columns, rows) in tables.items():
        if only is not None and name not in only:
            continue
        con.execute(f"create table marts.{name} ({columns})")
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"insert into marts.{name} values ({marks})", rows)
    con.close()
    return path


def sections_of(document: str) -> dict[str, str]:
    """Section id -> its HTML."""
    return dict(re.findall(r'<section id="([^"]+)">(.*?)</section>', document, re.DOTALL))


@pytest.fixture(scope="module")
def full_report(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("report")
    database = make_marts(folder / "published.duckdb")
    target = write_report(database, folder / "out" / "scoring_report.html", GENERATED_AT)
    return target, target.read_text(encoding="utf-8")


def test_every_section_has_a_heading_a_chart_and_a_table(full_report):
    _, document = full_report
    sections = sections_of(document)
    assert [anchor for anchor, _, _, _ in SECTIONS] == list(sections)
    for (anchor, title, explanation, _), body in zip(SECTIONS, sections.values(), strict=True):
        assert f"<h2>{title}</h2>" in body
        assert "not available" not in body, body[:500]
        assert body.count("<svg") >= 1, anchor
        assert "<table>" in body, anchor
        assert explanation.split(" ")[0] in body
    assert document.count("<svg") == len(SECTIONS)
    # the header
    assert "2026-06-30" in document
    assert "champion-v1" in document
    assert "200" in document
    assert "2026-07-01 08:00:00 UTC" in document


def test_sections_show_the_marts(full_report):
    _, document = full_report
    sections = sections_of(document)
    conversion = sections["conversion-by-band"]
    assert "30%+" in conversion  # the open-ended expected range of Hot
    assert "badge-too_small" in conversion and "badge-pass" in conversion
    assert "<pattern" in conversion  # hatched bars: a band too small to judge
    assert conversion.count("<svg") == 1 and "Total bands" in conversion
    assert "SMB" not in conversion  # segment 'all' only
    calibration = sections["calibration"]
    assert "Scoring date 2026-06-30" in calibration
    assert "champion" in calibration and "challenger" in calibration
    champion = sections["champion-challenger"]
    # every score x outcome in the AUC table
    assert champion.count("<tr>") == 1 + len(SCORES) * 4
    assert "chal-2" in champion
    assert "Only one scoring date" not in sections["mql-trend"]
    assert "2026-06-16" in sections["mql-trend"]
    health = sections["health"]
    assert "badge-warn" in health and "badge-ok" in health
    assert health.count("volume $x$") == 2  # chart label and table cell, no formula


def test_is_self_contained_escaped_small_and_deterministic(full_report, tmp_path):
    path, document = full_report
    assert HOSTILE not in document
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in document
    assert "<script" not in document.lower()
    assert "<link" not in document.lower()
    assert "@import" not in document
    # nothing is fetched: no http(s) in any src, href or url(); namespace declarations are fine
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", document)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", without_namespaces, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", without_namespaces, re.I)
    assert "http" not in without_namespaces.lower()
    # every id once, so the inline SVGs cannot steal each other's clip paths and patterns
    ids = re.findall(r'\bid="([^"]+)"', document)
    assert len(ids) == len(set(ids))
    assert path.stat().st_size < 1_000_000


def test_same_marts_same_bytes(tmp_path):
    # the charts with hatches, lines and stacked bars; the others draw the same way
    database = make_marts(
        tmp_path / "some.duckdb",
        only=("conversion_by_band", "score_calibration", "scoring_health"),
    )
    first = build_report(database, GENERATED_AT)
    assert first.count("<svg") == 3
    assert build_report(database, GENERATED_AT) == first


def test_missing_marts_and_columns_say_not_available(tmp_path):
    database = make_marts(
        tmp_path / "partial.duckdb", only=("contact_scores", "score_history", "conversion_by_band")
    )
    with duckdb.connect(str(database)) as con:
        con.execute("alter table marts.conversion_by_band drop column expectation_status")
    sections = sections_of(build_report(database, GENERATED_AT))
    assert (
        "not available: mart marts.conversion_by_band has no column expectation_status"
        in (sections["conversion-by-band"])
    )
    for anchor, mart in (
        ("calibration", "score_calibration"),
        ("champion-challenger", "model_performance"),
        ("health", "scoring_health"),
        ("input-quality", "input_reconciliation"),
    ):
        assert f"not available: mart marts.{mart} does not exist" in sections[anchor]
        assert "<svg" not in sections[anchor]
    for anchor in ("score-distribution", "band-counts", "mql-trend"):
        assert "not available" not in sections[anchor], anchor
        assert "<svg" in sections[anchor]


def test_an_empty_database_still_gives_a_report(tmp_path):
    database = tmp_path / "empty.duckdb"
    duckdb.connect(str(database)).close()
    document = build_report(database, GENERATED_AT)
    assert document.count("not available: mart marts.") == len(SECTIONS)
    for title in HEADINGS:
        assert f"<h2>{title}</h2>" in document


def test_one_history_date_asks_for_a_backfill(tmp_path):
    database = make_marts(tmp_path / "one.duckdb", only=("score_history",), history_dates=1)
    section = sections_of(build_report(database, GENERATED_AT))["mql-trend"]
    assert "run `scoring backfill` for a trend" in section
    assert "<svg" in section


def _versioned_bands(path: Path, versioned: bool = True) -> Path:
    """Marts scored with rubric version 'learned-2' on the latest date (champion-v1 before), and
    rubric.score_bands with the bands of both versions (older copies: one rubric, no version)."""
    database = make_marts(path, only=("contact_scores", "score_history"))
    with duckdb.connect(str(database)) as con:
        con.execute("alter table marts.score_history add column model_version varchar")
        con.execute(
            "update marts.score_history set model_version = case when scoring_date = ? "
            "then 'learned-2' else 'champion-v1' end",
            [AS_OF],
        )
        con.execute("create schema rubric")
        con.execute(
            "create table rubric.score_bands (rubric_version varchar, band_set varchar, "
            "band varchar, band_rank integer)"
        )
        rows = [("champion-v1", "composite", band, rank) for band, rank, _ in COMPOSITE_BANDS]
        rows += [
            ("learned-2", "composite", "Learned low", 1),
            ("learned-2", "composite", "Premium", 2),
        ]
        con.executemany("insert into rubric.score_bands values (?, ?, ?, ?)", rows)
        if not versioned:
            con.execute("delete from rubric.score_bands where rubric_version = 'learned-2'")
            con.execute("alter table rubric.score_bands drop column rubric_version")
    return database


def test_bands_are_the_active_rubric_versions(tmp_path):
    from scoring.report import Marts, _bands

    database = _versioned_bands(tmp_path / "versions.duckdb")
    with duckdb.connect(str(database), read_only=True) as con:
        marts = Marts(con)
        assert marts.rubric_version() == "learned-2"  # the latest scoring date's
        assert _bands(marts, "composite") == [("Learned low", 1), ("Premium", 2)]
    section = sections_of(build_report(database, GENERATED_AT))["band-counts"]
    assert "Learned low" in section and "Poor Fit" in section  # Poor Fit: contacts outside
    # without score_history the dbt var's default; an older copy without versions: all rows
    with duckdb.connect(str(database)) as con:
        con.execute("drop table marts.score_history")
        assert Marts(con).rubric_version() == "champion-v1"
        assert _bands(Marts(con), "composite") == [(b, r) for b, r, _ in COMPOSITE_BANDS]
    older = _versioned_bands(tmp_path / "older.duckdb", versioned=False)
    with duckdb.connect(str(older), read_only=True) as con:
        assert Marts(con).rubric_version() is None
        assert _bands(Marts(con), "composite") == [(b, r) for b, r, _ in COMPOSITE_BANDS]


def _input_row(table: str, with_issues: bool) -> str:
    raw, quarantined, issues = INPUTS[table]
    share = f"{100 * quarantined / raw:.1f}%" if raw else "-"
    cells = [table] + [f"{n:,}" for n in (raw, raw - quarantined, quarantined)] + [share]
    cells += [f"{issues:,}"] if with_issues else []
    return "<tr><td>" + cells[0] + "</td>" + "".join(f"<td class=num>{c}</td>" for c in cells[1:])


def test_input_quality_shows_the_share_quarantined_and_the_issues(full_report):
    _, document = full_report
    section = sections_of(document)["input-quality"]
    assert "<th class=num>data-quality issues</th>" in section
    for table in INPUTS:
        assert _input_row(table, with_issues=True) in section, table
    assert "Share of raw rows quarantined per table" in section


def test_input_quality_of_a_copy_published_before_the_issues_mart(tmp_path):
    database = make_marts(tmp_path / "older.duckdb", only=("input_reconciliation",))
    section = sections_of(build_report(database, GENERATED_AT))["input-quality"]
    assert "Data-quality issues not available: mart marts.data_quality_issues" in section
    assert "data-quality issues</th>" not in section
    for table in INPUTS:
        assert _input_row(table, with_issues=False) + "</tr>" in section, table
    assert "<svg" in section


def test_cli_reads_the_published_copy_never_the_warehouse(tmp_path, monkeypatch):
    # other tests of the same worker may have pointed these at their own files
    monkeypatch.delenv("SCORING_PUBLISHED_PATH", raising=False)
    monkeypatch.delenv("SCORING_DUCKDB_PATH", raising=False)
    warehouse = make_marts(tmp_path / "warehouse.duckdb", only=("contact_scores",))
    published = tmp_path / "published copy.duckdb"
    target = tmp_path / "report.html"
    runner = CliRunner()
    args = ["report", "--warehouse", str(warehouse), "--published", str(published)]
    args += ["--to", str(target)]
    # a warehouse alone (a build that never published: killed, failed or --no-publish) is not read
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "nothing published yet" in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, no exception
    assert "Traceback" not in result.output
    assert not target.exists()
    make_marts(published, only=("contact_scores", "scoring_health"))
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "published copy.duckdb" in result.output.replace("\n", "")
    # without --published, the copy beside the warehouse, named after it, is read
    make_marts(tmp_path / "warehouse_published.duckdb", only=("contact_scores", "scoring_health"))
    default_args = ["report", "--warehouse", str(warehouse), "--to", str(target)]
    result = runner.invoke(app, default_args)
    assert result.exit_code == 0, result.output
    assert "warehouse_published.duckdb" in result.output.replace("\n", "")
    section = sections_of(target.read_text(encoding="utf-8"))["health"]
    assert "not available" not in section and "<svg" in section


# --------------------------------------------------------------------------------------------------
# Rendering in headless Chromium

# Runs before anything of the page: records uncaught errors, failed loads (capture phase) and
# console.error calls, and writes them into the DOM once the page has loaded.
PROBE = """<script>
window.__errors = [];
window.addEventListener("error", function (e) {
  var t = e.target;
  window.__errors.push(e.message ? "uncaught: " + e.message
    : "failed to load: " + ((t && (t.src || t.href || t.tagName)) || "?"));
}, true);
window.addEventListener("unhandledrejection", function (e) {
  window.__errors.push("unhandled rejection: " + e.reason);
});
(function () {
  var original = console.error;
  console.error = function () {
    window.__errors.push("console.error: " + Array.prototype.join.call(arguments, " "));
    original.apply(console, arguments);
  };
})();
window.addEventListener("load", function () {
  var out = document.createElement("pre");
  out.id = "probe-errors";
  out.textContent = JSON.stringify(window.__errors);
  document.body.appendChild(out);
});
</script>"""


def chromium() -> str:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    if os.environ.get("SCORING_SKIP_BROWSER_TESTS") == "1":
        pytest.skip("SCORING_SKIP_BROWSER_TESTS=1")
    pytest.fail(
        "headless Chromium is needed to check the report renders: apt-get install -y chromium "
        "(or set CHROMIUM to the browser, or SCORING_SKIP_BROWSER_TESTS=1 to skip on purpose)"
    )


def render(document: str, folder: Path) -> tuple[str, list[str]]:
    """Load the document with the probe in headless Chromium: (dumped DOM, errors found)."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "page.html"
    page.write_text(document.replace("<head>", "<head>\n" + PROBE, 1), encoding="utf-8")
    result = subprocess.run(
        [
            chromium(),
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={folder / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    found = re.search(r'<pre id="probe-errors">(.*?)</pre>', dom, re.DOTALL)
    assert found, f"the page never finished loading:\n{dom[:500]}\n{result.stderr[-2000:]}"
    errors = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    # the browser's own console lines (the report has no script, the probe logs nothing itself)
    errors += [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return dom, errors


def test_renders_in_headless_chromium_without_console_errors(full_report, tmp_path):
    _, document = full_report
    dom, errors = render(document, tmp_path)
    assert errors == []
    for title in HEADINGS:
        assert f"<h2>{title}</h2>" in dom
    assert dom.count("<svg") == len(SECTIONS)


def test_the_chromium_check_catches_errors(full_report, tmp_path):
    _, document = full_report
    broken = document.replace(
        "</main>",
        '<img src="missing.png"><script>console.error("bad"); notDefined();</script></main>',
    )
    _, errors = render(broken, tmp_path)
    text = "\n".join(errors)
    assert "failed to load" in text
    assert "console.error: bad" in text
    assert "notDefined" in text
