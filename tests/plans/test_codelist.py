"""Loading the centre's diagnosis code list from CSV: all or nothing, clear errors."""

from __future__ import annotations

import io
from typing import Any

import pytest

from talkingcure.plans import codelist
from talkingcure.plans.models import DiagnosisCode


def test_sample_list_loads_and_reloads(db: Any) -> None:
    first = codelist.load_sample()
    assert first.created > 0 and first.updated == 0
    again = codelist.load_sample()
    assert again.created == 0 and again.updated == first.created


def test_bad_rows_are_named_and_nothing_is_loaded(db: Any) -> None:
    text = "code,description,active\nSYN-X1,Fine,yes\nbad code!,Broken,yes\nSYN-X2,,maybe\n"
    with pytest.raises(codelist.CodeListError) as caught:
        codelist.load(io.StringIO(text))
    problems = caught.value.problems
    assert any(p.startswith("line 3: code 'bad code!'") for p in problems)
    assert "line 4: the description is empty" in problems
    assert any(p.startswith("line 4: active must be yes or no") for p in problems)
    assert DiagnosisCode.objects.count() == 0


def test_missing_header_and_duplicates(db: Any) -> None:
    with pytest.raises(codelist.CodeListError, match="header"):
        codelist.load(io.StringIO("SYN-X1,Something\n"))
    with pytest.raises(codelist.CodeListError, match="appears twice"):
        codelist.load(io.StringIO("code,description\nSYN-X1,A\nsyn-x1,B\n"))


def test_non_utf8_upload_is_refused(db: Any) -> None:
    with pytest.raises(codelist.CodeListError, match="UTF-8"):
        codelist.load_bytes("code,description\nSYN-X1,caf\xe9\n".encode("latin-1"))
