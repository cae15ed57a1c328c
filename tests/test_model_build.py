"""``model_build.built``: models built without validation equal their validated twins."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from policyparse.model_build import built, with_defaults
from policyparse.models import Clause, DocNumberRef, Meta, Task


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (
            DocNumberRef,
            {"raw": "沪人社职〔2025〕87号", "agency_code": "沪人社职", "year": 2025, "serial": 87},
        ),
        (
            Task,
            {"seq": 3, "content": "完成培训", "lead": ["市人社局"], "units": ["市人社局"], "span": (4, 9)},
        ),
        (Meta, {"title": "关于做好培训工作的通知", "issuers": ["上海市人力资源和社会保障局"]}),
        (
            Clause,
            {
                "id": "一",
                "label": "一、",
                "level": 1,
                "kind": "cn_dun",
                "number": 1,
                "heading": "总体要求",
                "text": "一、总体要求",
                "span": (0, 6),
            },
        ),
    ],
    ids=["docno", "task", "meta", "clause"],
)
def test_built_equals_validated(model: type[BaseModel], fields: dict) -> None:
    fast = built(model, with_defaults(model, fields), fields)
    validated = model(**fields)
    assert fast == validated
    assert fast.model_dump_json() == validated.model_dump_json()
    assert fast.model_fields_set == validated.model_fields_set == set(fields)


def test_defaults_are_fresh_per_instance() -> None:
    a = built(Meta, with_defaults(Meta, {}), ())
    b = built(Meta, with_defaults(Meta, {}), ())
    a.issuers.append("某局")
    assert b.issuers == []  # a default factory runs per instance, as in validation
