"""On Windows the tool says to use WSL, in Chinese, instead of a traceback about fcntl."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_on_windows_the_command_says_to_run_it_under_wsl_without_a_traceback() -> None:
    run = subprocess.run([sys.executable, "-c", "import sys; sys.platform = 'win32'; import generator.cli"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "不能直接在 Windows 上运行" in run.stderr and "wsl --install" in run.stderr
    assert "Traceback" not in run.stderr
