"""The authorisation matrix in `make test` (issue 12; ISO 10002 4.7, 5.3): every URL
pattern of the site and every API operation × every identity (anonymous, a deactivated
account, staff with no role, a handler and a manager of one team, the complaints manager,
top management, an auditor, a superuser) × a complaint of their own team and one of
another team, against the expectation table of bench/drills/authz_table.py. The drill
asks every move and every admin model; this asks a sample of them (SAMPLE_MOVES, the
models the table names). A new URL must be given its family in the table."""

import importlib.util
import sys
from pathlib import Path

import pytest

DRILL = Path(__file__).resolve().parents[3] / "bench" / "drills" / "authz_matrix.py"


@pytest.fixture(scope="module")
def matrix():
    spec = importlib.util.spec_from_file_location("authz_matrix", DRILL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["authz_matrix"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def figures(db, matrix):
    return matrix.run(matrix.build_world(), only_essential=True)


def test_every_identity_gets_what_the_table_says_and_nothing_more(figures):
    where = "URLs to give a family in FAMILIES (bench/drills/authz_table.py):\n"
    assert not figures.unclassified, where + "\n".join(figures.unclassified)
    assert not figures.unexpected_allows, "\n".join(figures.unexpected_allows)
    assert not figures.server_errors, "\n".join(figures.server_errors)
    assert not figures.not_opened, "\n".join(figures.not_opened)
    assert figures.urls >= 150 and figures.operations >= 30
    assert figures.outcomes["allowed"] > 500 and figures.outcomes["refused"] > 1000
