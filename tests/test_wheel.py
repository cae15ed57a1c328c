"""The wheel ships rules/ inside the package, and an installed wheel loads them."""

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
    # install into a plain folder and load the rules from there, not from the checkout
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import policyparse.rules as r; d = r.default_rules_dir(); "
        "assert d.parent.name == 'policyparse' and 'site' in str(d), d; "
        "rs = r.load_rules(); print(len(rs.names()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(target)}, capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) == len(expected)
