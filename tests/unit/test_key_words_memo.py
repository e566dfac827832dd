"""KeyWords: the memo of subjects' key words a fold is given, not a cache the domain keeps."""

from __future__ import annotations

import ast
from pathlib import Path

from seedlike import ap_events

from timeline.domain.subjects import KeyWords, key_words, similarity
from timeline.projections.runner import ProjectionRunner
from timeline.store.memory import InMemoryRecorder

DOMAIN = Path(__file__).resolve().parents[2] / "timeline" / "domain"
SUBJECTS = ["US asks to amend the FTA", "Seoul rejects a revision of the deal", "", "a b c"]


def test_a_lookup_equals_the_pure_function_and_is_kept() -> None:
    memo = KeyWords()
    assert [memo(s) for s in SUBJECTS] == [key_words(s) for s in SUBJECTS]
    assert set(memo) == set(SUBJECTS)
    assert similarity(SUBJECTS[0], SUBJECTS[1], memo) == similarity(SUBJECTS[0], SUBJECTS[1])


def test_the_memo_holds_no_more_than_its_limit_and_still_answers() -> None:
    memo = KeyWords(limit=2)
    assert [memo(s) for s in SUBJECTS] == [key_words(s) for s in SUBJECTS]
    assert len(memo) == 2


def test_states_rendered_with_a_shared_memo_equal_states_with_a_fresh_one() -> None:
    recorder = InMemoryRecorder()
    recorder.append("article-ap", ap_events(), expected_version=0)
    shared = KeyWords()
    runner = ProjectionRunner(recorder, words=shared)
    runner.catch_up()
    first = runner.state("korus").model_dump_json()
    assert len(shared) > 0
    assert runner.state("korus").model_dump_json() == first
    fresh = ProjectionRunner(recorder, words=KeyWords())
    assert fresh.state("korus").model_dump_json() == first


def test_the_domain_keeps_no_process_wide_cache_and_does_not_tune_the_collector() -> None:
    found: list[str] = []
    for path in sorted(DOMAIN.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names]
                module = node.module if isinstance(node, ast.ImportFrom) else None
                if "gc" in names and module is None:
                    found.append(f"{path.name}: import gc")
                if module == "functools" and {"lru_cache", "cache"} & set(names):
                    found.append(f"{path.name}: functools cache")
            elif isinstance(node, ast.Attribute) and node.attr in {"lru_cache", "cache"}:
                found.append(f"{path.name}: functools.{node.attr}")
    assert found == []
