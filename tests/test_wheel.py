"""The wheel ships rules/ and py.typed inside the package, and an installed wheel loads the rules;
constraints.txt pins every dependency the project declares."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contains_rules_and_loads_them(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(tmp_path.glob("policyparse-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("policyparse/rules/")}
    expected = {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert expected <= shipped
    assert "policyparse/py.typed" in names  # PEP 561: type checkers read the package's hints
    # install into a plain folder and load the rules from there, not from the checkout
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import policyparse.rules as r; d = r.default_rules_dir(); "
        "assert d.parent.name == 'policyparse' and 'site' in str(d), d; "
        "rs = r.load_rules(); print(len(rs.names()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) == len(expected)


def _name(requirement: str) -> str:
    """The normalised project name of a requirement (PEP 503): ``dask[distributed]>=2024.1`` -> ``dask``."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group(0)).lower()  # type: ignore[union-attr]


def test_constraints_pin_every_declared_dependency() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    declared = {_name(r) for r in project["dependencies"]}
    # .ci/run installs with these too: pip itself, and hatchling in the isolated build (PIP_CONSTRAINT)
    declared |= {"pip"} | {_name(r) for r in pyproject["build-system"]["requires"]}
    declared |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    lines = [ln.strip() for ln in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()]
    pins = [ln for ln in lines if ln and not ln.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[^=\s]+", ln) for ln in pins), "exact pins only"
    pinned = {_name(ln) for ln in pins}
    assert "policyparse" not in pinned
    assert sorted(declared - pinned) == []
