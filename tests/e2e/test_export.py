"""`timeline export` (CSV and JSON Lines with CAMEO and PLOVER codes) and `timeline schema`."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.e2e import hostile
from tests.e2e.reports import SEEDS, cli, store
from timeline import Timeline
from timeline.derivation import ingestion
from timeline.domain.events import EVENT_MODELS, NEGOTIATION_EVENT_TYPES
from timeline.export import CSV_COLUMNS, _cell, crosswalk, export_records, to_csv

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "INVESTIGATE", "CRIME",
}  # fmt: skip
"""PLOVER's event categories, from its manual."""


@pytest.fixture(scope="module")
def seeds_options(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return store(tmp_path_factory.mktemp("export"), SEEDS)


def test_every_event_type_has_one_crosswalk_entry_with_a_note() -> None:
    table = crosswalk()
    assert set(table) == set(NEGOTIATION_EVENT_TYPES)
    for name, mapping in table.items():
        assert mapping.cameo.code.isdigit() and 2 <= len(mapping.cameo.code) <= 4, name
        assert mapping.cameo.label, name
        assert mapping.plover.type in PLOVER_TYPES | {""}, name
        assert not mapping.plover.mode or mapping.plover.type, name
        assert len(mapping.note) > 40, name
        if not mapping.plover.type:
            assert "PLOVER" in mapping.note or mapping.fit == "weak", name


def test_the_csv_export_has_cameo_and_plover_columns_for_every_event(
    seeds_options: list[str],
) -> None:
    out = cli("export", "korus", "--format", "csv", *seeds_options)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    lines = cli("export", "korus", "--format", "jsonl", *seeds_options).splitlines()
    records = [json.loads(line) for line in lines]
    assert len(rows) == len(records) > 20
    table = crosswalk()
    for row, record in zip(rows, records, strict=True):
        mapping = table[row["type"]]
        assert row["cameo_code"] == mapping.cameo.code and row["crosswalk_fit"] == mapping.fit
        assert row["plover_type"] == mapping.plover.type
        assert row["event_id"] == record["event_id"]
        assert row["quote"] == record["evidence"][0]["quote"]
        assert json.loads(row["evidence"]) == record["evidence"]
    assert {"REQUEST", "REJECT", "CONSULT"} <= {r["plover_type"] for r in rows}


def test_every_date_has_a_csv_column_and_is_not_repeated_in_details(
    seeds_options: list[str],
) -> None:
    lines = cli("export", "korus", "--format", "jsonl", *seeds_options).splitlines()
    records = [json.loads(line) for line in lines]
    meeting = {**records[0], "type": "round_scheduled", "scheduled_for": "2017-10-04"}
    meeting["occurred_until"] = "2017-10-05"
    rows = list(csv.DictReader(io.StringIO("".join(to_csv([*records, meeting])))))
    assert (rows[-1]["scheduled_for"], rows[-1]["occurred_until"]) == ("2017-10-04", "2017-10-05")
    for row, record in zip(rows, [*records, meeting], strict=True):
        assert row["scheduled_for"] == (record.get("scheduled_for") or "")
        details = json.loads(row["details"]) if row["details"] else {}
        assert not {"occurred", "occurred_until", "scheduled_for"} & set(details), row["event_id"]


def test_a_jsonl_record_carries_envelope_payload_evidence_and_codes(
    seeds_options: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "korus.jsonl"
    cli("export", "KORUS", "--format", "jsonl", "-o", target, *seeds_options)
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    first = records[0]
    envelope = {"event_id", "position", "stream_id", "stream_version", "recorded_at"}
    payload = {"type", "actor", "target", "occurred", "subject", "reported_on", "negotiation"}
    derivation = {"evidence", "rule", "extractor_version"}
    codes = {"cameo_code", "cameo_label", "plover_type", "plover_mode", "crosswalk_fit"}
    assert envelope | payload | derivation | codes <= set(first)
    assert [r["position"] for r in records] == sorted(r["position"] for r in records)
    early = cli("export", "korus", "--format", "jsonl", "--known-at", "5", *seeds_options)
    assert 0 < len(early.splitlines()) < len(records)


def test_retracted_events_are_not_exported(monkeypatch: pytest.MonkeyPatch) -> None:
    original = ingestion.derive_article

    def without_figures(article, catalog):  # type: ignore[no-untyped-def]
        derived = original(article, catalog)
        kept = [e for e in derived.events if e.type != "trade_figure_reported"]
        return ingestion.DerivedArticle(derived.negotiation, kept)

    def exported_types(timeline: Timeline) -> set[str]:
        timeline.projections.catch_up()
        return {r["type"] for r in export_records(timeline.projections.events("korus"))}

    with Timeline.in_memory() as timeline:
        timeline.ingest([SEEDS])
        before = exported_types(timeline)
        monkeypatch.setattr("timeline.derivation.ingestion.derive_article", without_figures)
        timeline.knowledge = replace(timeline.knowledge, extractor_version="test-next")
        timeline.ingest([SEEDS])
        after = exported_types(timeline)
    assert "trade_figure_reported" in before and "trade_figure_reported" not in after


def test_hostile_text_is_exported_verbatim_and_never_as_a_formula(tmp_path: Path) -> None:
    article, catalog = hostile.write_hostile(tmp_path / "in")
    options = store(tmp_path, article, catalog=catalog)
    out = cli("export", hostile.NEGOTIATION, *options)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["article"] for r in rows} == {hostile.ARTICLE_ID}
    assert any(hostile.QUOTE_MARKUP in r["quote"] for r in rows)
    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for start in "=+-@":
        assert _cell(f"{start}1+1").startswith("'")
    assert _cell(-3) == "-3" and _cell("a=b") == "a=b" and _cell(None) == ""


def test_schema_prints_a_json_schema_of_every_event_type() -> None:
    document = json.loads(cli("schema"))
    assert document["$schema"].startswith("https://json-schema.org/")
    names = {model.__name__ for model in EVENT_MODELS.values()}
    assert names <= set(document["$defs"])
    assert len(document["oneOf"]) == len(EVENT_MODELS)
    rejected = document["$defs"]["ProposalRejected"]
    assert rejected["properties"]["type"]["const"] == "proposal_rejected"
    assert {"evidence", "actor", "reported_on"} <= set(rejected["properties"])
    assert "evidence" in rejected["required"]
