"""noticeboard: community notice boards as a static website and printable posters.

The pipeline, one module per stage: load -> validate -> link -> routes/render -> printing -> write;
``build`` is the recipe that calls them in order.
"""

import sys

if sys.platform == "win32":
    # The build takes Linux's file locks (fcntl) and forks its workers: on Windows it would stop
    # at the first import with a traceback naming fcntl, which tells staff nothing. The README
    # says to run it in Ubuntu under WSL; this says so where they are.
    sys.exit("noticeboard 不能直接在 Windows 上运行：请在 WSL 的 Ubuntu 里安装和运行"
             "（管理员 PowerShell 里运行 wsl --install，再打开 Ubuntu，见 README 的“两条命令”）。\n"
             "noticeboard does not run on Windows itself: install and run it in Ubuntu under WSL "
             "(wsl --install in an administrator's PowerShell; see the README).")
