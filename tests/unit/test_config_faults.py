"""site.yaml reports every full-width fault in one run, like content files do."""

from conftest import run_cli_in_process


def test_site_yaml_reports_every_full_width_fault_at_once(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text("title：测试公告栏\nbase_url：https://example.org/\n", encoding="utf-8")
    code, _, stderr = run_cli_in_process("check", root)
    assert code == 1
    assert "site.yaml:1: " in stderr and "site.yaml:2: " in stderr
    assert stderr.count("全角冒号") == 2
