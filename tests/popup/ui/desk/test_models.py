"""The desk's item models pass Qt's model tester."""

from __future__ import annotations

from datetime import date
from typing import Any

from popup.store.circulation import LoanView
from popup.ui.desk.models import Line, LinesModel, LoansModel
from popup.ui.feedback import Outcome


def test_lines_model_passes_modeltester(qtmodeltester: Any) -> None:
    model = LinesModel(["Title", "Barcode", "Due"])
    model.append(Line(cells=("A", "3112", "1 Jan 2027"), seq=1))
    model.append(Line(cells=("B", "3113", "2 Jan 2027"), outcome=Outcome.PROBLEM, seq=2))
    assert model.mark_undone(1)
    assert not model.mark_undone(99)
    qtmodeltester.check(model, force_py=True)
    model.clear()
    qtmodeltester.check(model, force_py=True)


def test_loans_model_passes_modeltester(qtmodeltester: Any) -> None:
    model = LoansModel()
    model.set_loans(
        [
            LoanView("l1", "3112", "Old Book", date(2020, 1, 1), 0, True),
            LoanView("l2", "3113", "New Book", date(2030, 1, 1), 2, False),
        ]
    )
    assert model.data(model.index(0, 1)).endswith("(overdue)")
    assert model.data(model.index(1, 2)) == "2"
    assert model.loan_at(1) is not None and model.loan_at(5) is None
    qtmodeltester.check(model, force_py=True)
