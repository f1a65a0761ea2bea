"""Bring your own data: a customer snapshot (one row per customer, a churn flag, Telco-style) ->
`scoring import-customers` -> the seven raw files -> `scoring check` -> `scoring build`, whose
outcomes are the snapshot's churn flags and whose custom features are its other columns."""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import shlex
from contextlib import chdir
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import copy_project
from scoring.cli import app
from scoring.import_customers import CONTRACT_DEFAULTS as CONTRACTS
from scoring.import_customers import (
    CustomerImportError,
    add_months,
    contract_terms,
    import_customers,
    load_mapping,
    term_months,
)

runner = CliRunner()
AS_OF = date(2026, 6, 30)
HORIZON_END = AS_OF + timedelta(days=90)
KEPT = {
    "gender": "gender",
    "SeniorCitizen": "senior_citizen",
    "Partner": "partner",
    "PaymentMethod": "payment_method",
    "Domain": "domain_2",  # domain is an accounts contract column
}
MAPPING = """\
columns:
  customer_id: customerID
  churned: Churn
  tenure_months: tenure
  contract: Contract
  arr: MonthlyCharges
  plan: InternetService
  company: null
churned_values: ["yes", "1", "true"]
contract_values: {"Month-to-month": 1, "One year": 12, "Two year": 24}
arr_multiplier: 12
drop_columns: [TotalCharges]
as_of: 2026-06-30
"""


def _snapshot(n: int = 80) -> list[dict[str, str]]:
    """A Telco-like customer table: month-to-month customers churn far more often."""
    rng = np.random.default_rng(7)
    rows = []
    for i in range(n):
        contract = rng.choice(["Month-to-month", "One year", "Two year"], p=[0.55, 0.25, 0.2])
        churn_p = {"Month-to-month": 0.45, "One year": 0.12, "Two year": 0.05}[contract]
        tenure = int(rng.integers(0, 72))
        monthly = round(float(rng.uniform(20, 110)), 2)
        rows.append(
            {
                "customerID": f"{1000 + i}-CUST",
                "gender": str(rng.choice(["Female", "Male"])),
                "SeniorCitizen": str(int(rng.random() < 0.16)),
                "Partner": str(rng.choice(["Yes", "No"])),
                "tenure": str(tenure),
                "Contract": str(contract),
                "PaymentMethod": str(
                    rng.choice(["Electronic check", "Mailed check", "Bank transfer (automatic)"])
                ),
                "InternetService": str(rng.choice(["DSL", "Fiber optic", "No"])),
                "Domain": str(rng.choice(["web", "store"])),
                "MonthlyCharges": f"{monthly:.2f}",
                "TotalCharges": f"{monthly * tenure:.2f}" if tenure else " ",
                "Churn": "Yes" if rng.random() < churn_p else "No",
            }
        )
    # a contract value the mapping does not know (12 months assumed, reported)
    rows[3]["Contract"] = "Weird plan"
    # a tenure that is not a number: its term has no start date, quarantined by staging
    rows[5]["tenure"] = "unknown"
    return rows


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("customers")
    rows = _snapshot()
    with (root / "telco.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (root / "mapping.yml").write_text(MAPPING)
    with chdir(root):
        result = runner.invoke(
            app, ["import-customers", "telco.csv", "--to", "data", "--mapping", "mapping.yml"]
        )
    assert result.exit_code == 0, result.output
    return root, rows, root / "data", result.output


def _read(data: Path, table: str) -> list[dict]:
    return pq.read_table(data / f"{table}.parquet").to_pylist()


def _account_id(customer_id: str) -> str:
    return "ACC-" + hashlib.sha1(customer_id.encode()).hexdigest()[:12]


def test_mapping_is_validated(tmp_path):
    mapping = tmp_path / "mapping.yml"
    for text, message in (
        ("colums: {}\n", "unknown key"),
        ("columns: {customer: id}\n", "unknown field"),
        ("contract_values: {Monthly: one}\n", "whole number of months"),
        ("contract_values: [1, 12]\n", "contract_values must map"),
        ("arr_multiplier: 0\n", "arr_multiplier"),
        ("churned_values: {yes: 1}\n", "churned_values must be a list"),
        ("as_of: yesterday\n", "as_of"),
    ):
        mapping.write_text(text)
        with pytest.raises(CustomerImportError, match=message):
            load_mapping(mapping)
    assert load_mapping(None) == {}
    (tmp_path / "c.csv").write_text("customerID,Churn,tenure\nA,No,3\n")
    for text, message in (
        ("drop_columns: [TotalCharges]\n", "drop_columns names 'TotalCharges'"),
        ("columns: {tenure_months: Tenure_Years}\n", "not a column"),
        ("columns: {churned: Churn}\ndrop_columns: [churn]\n", "also in drop_columns"),
    ):
        mapping.write_text(text)
        with pytest.raises(CustomerImportError, match=message):
            import_customers(tmp_path / "c.csv", tmp_path / "data", mapping)


def test_contract_terms_place_the_outcome_after_the_as_of_date():
    assert [term_months(v, CONTRACTS) for v in ("Month-to-month", "monthly", "One year")] == [
        1, 1, 12
    ]  # fmt: skip
    assert [term_months(v, CONTRACTS) for v in ("annual", "2 year", "36", "6 months")] == [
        12, 24, 36, 6
    ]  # fmt: skip
    assert term_months("whenever", CONTRACTS) is None
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    for months in (1, 12, 24):
        for tenure in (0, 1, 5, 13, 40):
            start = add_months(AS_OF, -tenure)
            kept = contract_terms(start, months, AS_OF, False, "X1")
            lost = contract_terms(start, months, AS_OF, True, "X1")
            assert kept[0].start == start == lost[0].start
            # on the as-of date both look the same: the terms started by then, no cancellation
            seen = [(t.start, t.end) for t in kept if t.start <= AS_OF]
            assert seen == [(t.start, t.end) for t in lost if t.start <= AS_OF]
            assert all(t.cancelled is None or t.cancelled > AS_OF for t in lost)
            (current,) = [t for t in kept if t.start <= AS_OF <= t.end]
            if months == 1:
                assert (current.end - current.start).days <= 31  # rolling_term_max_days
            # retained: a term in force at the horizon end, none cancelled
            assert any(t.start <= HORIZON_END <= t.end for t in kept)
            assert all(t.cancelled is None for t in kept)
            # churned: cancelled in (as_of, as_of + 90], nothing after it
            (cancelled,) = [t for t in lost if t.cancelled]
            assert cancelled is lost[-1] and AS_OF < cancelled.cancelled <= HORIZON_END
            # back to back, each term ending the day before the next starts
            for a, b in itertools.pairwise(kept):
                assert b.start == a.end + timedelta(days=1)
    # the churn day is spread by the id, the same in every import
    days = {contract_terms(AS_OF, 1, AS_OF, True, f"C{i}")[-1].cancelled for i in range(200)}
    assert len(days) > 50 and min(days) > AS_OF and max(days) <= HORIZON_END
    assert contract_terms(AS_OF, 1, AS_OF, True, "C1") == contract_terms(
        AS_OF, 1, AS_OF, True, "C1"
    )


def test_each_customer_is_an_account_with_its_terms(imported):
    _root, rows, data, output = imported
    accounts = {a["account_id"]: a for a in _read(data, "accounts")}
    assert len(accounts) == len(rows)
    subscriptions = _read(data, "subscriptions")
    for row in rows:
        account = accounts[_account_id(row["customerID"])]
        assert account["account_name"] == row["customerID"]
        for column, name in KEPT.items():
            assert account[name] == row[column].strip(), name
        assert "total_charges" not in account and account["domain"] is None
        terms = [s for s in subscriptions if s["account_id"] == account["account_id"]]
        current = [s for s in terms if s["subscription_id"] == f"SUB-{row['customerID']}"]
        assert len(current) == 1
        assert current[0]["plan"] == row["InternetService"]
        assert current[0]["arr"] == pytest.approx(float(row["MonthlyCharges"]) * 12)
        assert current[0]["auto_renew"] is None and current[0]["seats"] is None
        if row["tenure"].isdigit():
            start = add_months(AS_OF, -int(row["tenure"]))
            assert account["created_at"] == start == min(s["start_date"] for s in terms)
            assert current[0]["start_date"] <= AS_OF <= current[0]["end_date"]
            if row["Contract"] == "Month-to-month":
                assert (current[0]["end_date"] - current[0]["start_date"]).days <= 31
        cancelled = [s["cancelled_at"] for s in terms if s["cancelled_at"]]
        assert len(cancelled) == (row["Churn"] == "Yes")
    for table in ("contacts", "events", "opportunities", "product_usage", "support_tickets"):
        assert _read(data, table) == [], table
    summary = json.loads((data / "_customer_import.json").read_text())
    assert summary["as_of"] == AS_OF.isoformat()  # the mapping's as_of
    assert summary["kept_columns"] == KEPT and summary["dropped_columns"] == ["TotalCharges"]
    assert summary["customers"] == len(rows)
    assert summary["churned"] == sum(r["Churn"] == "Yes" for r in rows)
    assert summary["columns"]["plan"] == "InternetService" and summary["arr_multiplier"] == 12
    assert "PaymentMethod -> accounts__payment_method" in output
    with (data / "_import_issues.csv").open(newline="") as handle:
        issues = {
            (int(i["row"]), i["column"], i["reason"].split(":")[0]) for i in csv.DictReader(handle)
        }
    assert issues == {
        (5, "Contract", "not a known contract term"),
        (7, "tenure", "not a tenure from 0 to 1200 months"),
    }


def _printed_build(output: str) -> list[str]:
    (line,) = [line for line in output.splitlines() if line.startswith("Next:")]
    return shlex.split(line.split(":", 1)[1])


def test_check_builds_and_outcomes_follow_the_churn_flags(imported):
    root, rows, data, output = imported
    checked = runner.invoke(app, ["check", str(data), "--as-of", AS_OF.isoformat()])
    assert checked.exit_code == 0, checked.output
    assert "\n0 errors," in checked.output
    build = _printed_build(output)
    assert build[:2] == ["scoring", "build"]
    assert build[build.index("--as-of") + 1] == AS_OF.isoformat()
    assert Path(build[build.index("--data-dir") + 1]) == data.resolve()  # absolute paths
    env = {
        "SCORING_PROJECT_DIR": str(copy_project(root / "project")),
        "DBT_EXCLUDE_RESOURCE_TYPES": "test unit_test",
    }
    built = runner.invoke(app, build[1:], env=env)
    assert built.exit_code == 0, built.output
    expected = {
        _account_id(r["customerID"]): int(r["Churn"] == "Yes")
        for r in rows
        if r["tenure"].isdigit()  # the row without a tenure has no valid term: not a customer
    }
    warehouse = build[build.index("--warehouse") + 1]
    with duckdb.connect(warehouse, read_only=True) as con:
        outcomes = con.execute(
            "select entity_id, lifecycle_stage, churned, retained, is_outcome_observed "
            "from intermediate.int_outcomes__by_date where entity_type = 'account'"
        ).fetchall()
        performance = dict(
            con.execute(
                "select outcome, positives from marts.model_performance where rubric = "
                "'champion' and entity_type = 'account' and score_name = 'composite' "
                "and outcome in ('churned', 'retained')"
            ).fetchall()
        )
        postures = dict(
            con.execute(
                "select account_id, renewal_posture "
                "from intermediate.int_accounts__subscription_status"
            ).fetchall()
        )
        catalog = dict(
            con.execute(
                "select feature, kind from intermediate.int_features__custom_catalog"
            ).fetchall()
        )
        stages = dict(
            con.execute("select account_id, lifecycle_stage from marts.account_scores").fetchall()
        )
    customers = {o[0]: o for o in outcomes if o[1] == "customer"}
    assert set(customers) == set(expected)
    for account_id, churned in expected.items():
        _id, _stage, got_churned, retained, observed = customers[account_id]
        assert (got_churned, retained, observed) == (churned, 1 - churned, True), account_id
    assert performance == {
        "churned": sum(expected.values()),
        "retained": len(expected) - sum(expected.values()),
    }
    assert sum(stage == "customer" for stage in stages.values()) == len(expected)
    monthly = {_account_id(r["customerID"]) for r in rows if r["Contract"] == "Month-to-month"}
    assert {postures[a] for a in monthly & set(expected)} == {"rolling_monthly"}
    assert {f"accounts__{name}" for name in KEPT.values()} <= set(catalog)
    assert catalog["accounts__payment_method"] == "categorical"
    assert not any("total_charges" in feature for feature in catalog)


def test_defaults_without_a_mapping_and_without_a_churn_column(tmp_path):
    """Default names, a monthly charges column read as monthly, today as the as-of date; without
    a churn column the outcome is unknown: no renewals, no cancellations, no observed horizon."""
    (tmp_path / "c.csv").write_text(
        "CustomerId,Tenure,contract_type,monthly_charges,PaymentMethod\n"
        "A1,3,monthly,10,Mailed check\n"
        "A2,30,2 years,20.5,Electronic check\n"
    )
    args = ["import-customers", str(tmp_path / "c.csv"), "--to", str(tmp_path / "d")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    today = datetime.now(UTC).date()
    build = _printed_build(result.output)
    assert build[build.index("--as-of") + 1] == today.isoformat() and "--vars" not in build
    summary = json.loads((tmp_path / "d" / "_customer_import.json").read_text())
    assert (
        summary["columns"]["customer_id"] == "CustomerId" and summary["columns"]["churned"] is None
    )
    assert summary["outcome"] == "unknown" and summary["arr_multiplier"] == 12
    assert summary["contract_values"] == {"monthly": 1, "2 years": 24}
    assert summary["kept_columns"] == {"PaymentMethod": "payment_method"}
    terms = _read(tmp_path / "d", "subscriptions")
    assert {t["subscription_id"] for t in terms} == {
        "SUB-A1-earlier", "SUB-A1", "SUB-A2-earlier", "SUB-A2",
    }  # fmt: skip
    assert all(t["cancelled_at"] is None for t in terms)
    assert max(
        t["end_date"] for t in terms if t["subscription_id"] == "SUB-A1"
    ) < today + timedelta(days=32)
    assert {t["arr"] for t in terms} == {120.0, 246.0}
