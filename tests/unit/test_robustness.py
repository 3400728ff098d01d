"""No document shape makes a rule crash.

Rules run on documents that may break their schema (SCHEMA001 reports that),
so every rule must read defensively. These tests take the clean sample and
the anti-pattern gallery, put a value of the wrong shape at one place in
every document at once (a list where a mapping belongs, a number for a
reference, an empty value, ...), and run the whole catalog: no INT001 may
appear. The places are chosen by a seeded generator, so a failure always
reproduces.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import random
from pathlib import Path
from typing import Any

import pytest

from itsmlint.engine import run
from itsmlint.loader import LoadResult, load
from itsmlint.options import Options
from itsmlint.registry import builtin_catalog
from itsmlint.settings import Settings

ROOT = Path(__file__).parents[2]
WRONG: list[Any] = [
    None,
    0,
    7.5,
    True,
    "",
    "text",
    "person:nobody",
    [],
    ["x"],
    [{"a": 1}],
    {},
    {"x": [1]},
    dt.date(2020, 1, 1),
    [[1]],
    "P1Y",
    -3,
]
# Twenty rounds keep the suite fast; set ITSMLINT_SHAPE_ROUNDS=500 for a deeper search.
ROUNDS = int(os.environ.get("ITSMLINT_SHAPE_ROUNDS", "20"))


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_places(item, (*path, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_places(item, (*path, i)))
    return out


def _bent(loaded: LoadResult, rng: random.Random) -> LoadResult:
    documents = []
    for doc in loaded.documents:
        data = copy.deepcopy(doc.data)
        places = [p for p in _places(data.get("spec")) if p]
        if places:
            path = ("spec", *rng.choice(places))
            parent: Any = data
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = copy.deepcopy(rng.choice(WRONG))
        documents.append(dataclasses.replace(doc, data=data, _references=None))
    return LoadResult(documents, [], loaded.files)


@pytest.fixture(scope="module")
def corpus() -> LoadResult:
    return load([ROOT / "samples"], ROOT)


@pytest.mark.parametrize("seed", range(ROUNDS))
def test_no_rule_crashes_on_wrong_shapes(corpus: LoadResult, seed: int) -> None:
    result = run(_bent(corpus, random.Random(seed)), builtin_catalog(), Settings(), Options(dt.date(2026, 11, 23)))
    crashes = [f.message for f in result.findings if f.rule_id == "INT001"]
    assert crashes == []
