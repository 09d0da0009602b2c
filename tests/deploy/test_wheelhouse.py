"""`make wheelhouse`: every wheel the app needs, installable with no package index."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_app_installs_from_the_wheelhouse_with_the_index_disabled(tmp_path):
    source, wheels = tmp_path / "source", tmp_path / "wheelhouse"
    # Build from a copy (with the compiled catalogues) so nothing is written in the work tree.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", ".pytest_cache", ".hypothesis", "bench",
        "__pycache__", "wheelhouse", "instance"))
    built = subprocess.run(["make", "-C", str(source), "-o", "translations", "wheelhouse",
                            f"WHEELHOUSE={wheels}", f"VENV={Path(sys.executable).parents[1]}"],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run(
        [venv / "bin" / "pip", "install", "--no-index", "--find-links", wheels,
         "hailong[postgres]"], capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "PIP_CONFIG_FILE": "/dev/null"})
    assert installed.returncode == 0, installed.stdout + installed.stderr
    instance = tmp_path / "instance"
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HAILONG_INSTANCE_PATH": str(instance),
           "LANG": "C.UTF-8"}
    upgraded = subprocess.run([venv / "bin" / "hailong", "db", "upgrade"], env=env,
                              capture_output=True, text=True, check=False, cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    served = subprocess.run(
        [venv / "bin" / "python", "-c",
         "from wsgi import create_app; c = create_app().test_client(); "
         "r = c.get('/admin/login'); print(r.status_code, 'Đăng nhập' in r.get_data(True)); "
         "print(c.get('/kiosk/').status_code)"],
        env=env, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert served.stdout.split() == ["200", "True", "200"], served.stdout + served.stderr
