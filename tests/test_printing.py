"""Print engine: real posters through WeasyPrint, read back with pypdf, poppler and a QR decoder.

A few small posters are printed once per module (about 2 s) and every check reads them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import time
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import printing
from generator.errors import SiteError, Text
from generator.printing import PosterJob, print_posters
from generator.qr import qr_svg
from support.pdf import (A3_PT, A4_PT, decode_qr, fonts, page_boxes_pt, page_count,
                         page_sizes_mm, text, to_png)

ROOT = Path(__file__).resolve().parents[1]
POSTER_CSS = ROOT / "themes/default/posters/poster.css"
URL = "https://example.org/dadi/activities/2026-12-06-birthday/"

needs_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdffonts", "pdftotext", "pdftoppm", "fc-list")),
    reason="poppler-utils and fontconfig are needed (apt-get install poppler-utils fontconfig)")


def poster_html(title: str, paper: str = "a4", body: str = "", url: str = URL, extra: str = "") -> str:
    return f"""<!doctype html>
<html lang="zh-CN" class="{paper}">
<head><meta charset="utf-8"><title>{title}</title><link rel="stylesheet" href="static/poster.css"></head>
<body><main class="poster">
<header class="poster-head"><p class="kicker">大地社区 · 活动</p><h1 class="poster-title">{title}</h1></header>
<dl class="facts">
  <div class="fact"><dt>时间</dt><dd>12月6日（周六）9:30–11:30</dd></div>
  <div class="fact"><dt>地点</dt><dd>社区党群服务中心二楼</dd></div>
</dl>
<dl class="details"><div><dt>报名</dt><dd>拨打 0831-1234567 或到服务台登记</dd></div></dl>
<div class="poster-body">{body or "<p>为辖区 80 岁以上老人集体过生日，现场有长寿面和文艺表演。</p>"}{extra}</div>
<footer class="poster-foot">
  <figure class="qr-block">{qr_svg(url)}<figcaption><strong>扫码查看详情</strong><span class="url">{url}</span></figcaption></figure>
  <p class="org">主办：大地社区居委会<br>电话：0831-1234567</p>
</footer>
</main></body></html>"""


def site_folder(path: Path) -> Path:
    (path / "static").mkdir(parents=True, exist_ok=True)  # printing reads only content/, static/, themes/
    shutil.copy(POSTER_CSS, path / "static/poster.css")
    from PIL import Image

    Image.new("RGB", (40, 20), "#b71c1c").save(path / "static/logo.png")
    return path


def jobs_for(site: Path) -> list[PosterJob]:
    base = site.as_uri() + "/"
    logo = '<p><img src="static/logo.png" alt="社区标志" style="width:20mm"></p>'
    long_body = "".join(f"<p>第 {i} 段：为辖区 80 岁以上老人集体过生日，现场有长寿面、蛋糕和文艺表演，"
                        f"志愿者将上门接送行动不便的老人。</p>" for i in range(1, 41))
    return [
        PosterJob("posters/a4.pdf", poster_html("耄耋老人集体生日会", extra=logo), base, True, "耄耋老人集体生日会"),
        PosterJob("posters/a3.pdf", poster_html("重阳节敬老文艺汇演", "a3", url=URL + "a3/"), base, True, "重阳节敬老文艺汇演"),
        PosterJob("posters/bleed.pdf", poster_html("社区义诊", "a4 bleed"), base, True, "社区义诊"),
        PosterJob("posters/long.pdf", poster_html("冬季用电安全须知", body=long_body), base, True, "冬季用电安全须知"),
    ]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("print")
    site = site_folder(tmp / "site")
    out, cache = tmp / "out", tmp / "cache"
    calls = []
    report = print_posters(jobs_for(site), out, cache, progress=lambda *a: calls.append(a))
    return {"tmp": tmp, "site": site, "out": out, "cache": cache, "report": report, "calls": calls}


pytestmark = needs_tools


def test_prints_every_poster_and_reports_progress(printed):
    report = printed["report"]
    assert sorted(report.printed) == ["posters/a3.pdf", "posters/a4.pdf", "posters/bleed.pdf", "posters/long.pdf"]
    assert report.reused == []
    assert [c[:2] for c in printed["calls"]] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert printed["calls"][0][2] == "耄耋老人集体生日会"
    for name in report.printed:
        assert (printed["out"] / name).read_bytes().startswith(b"%PDF-")


def test_page_sizes_are_exact(printed):
    out = printed["out"]
    a4 = page_boxes_pt(out / "posters/a4.pdf")
    assert a4 == [{"media": A4_PT, "trim": A4_PT, "bleed": A4_PT}]
    assert page_boxes_pt(out / "posters/a3.pdf")[0]["media"] == A3_PT
    assert page_sizes_mm(out / "posters/a3.pdf") == [((297.0, 420.0), (297.0, 420.0))]


def test_bleed_adds_3mm_each_side_and_keeps_the_trim_box_a4(printed):
    boxes = page_boxes_pt(printed["out"] / "posters/bleed.pdf")
    assert boxes == [{"media": (612.28, 858.9), "trim": A4_PT, "bleed": (612.28, 858.9)}]
    assert page_sizes_mm(printed["out"] / "posters/bleed.pdf") == [((216.0, 303.0), (210.0, 297.0))]


def test_fonts_are_chinese_embedded_and_subset(printed):
    for name in ("a4", "a3", "bleed"):
        found = fonts(printed["out"] / f"posters/{name}.pdf")
        assert found, name
        assert all(f["emb"] and f["sub"] and f["uni"] for f in found), found
        assert all("Type 3" not in f["type"] for f in found), found
        assert any("CJK" in f["name"] or "Han" in f["name"] or "Hei" in f["name"] for f in found), found


def test_chinese_text_is_extractable(printed):
    words = text(printed["out"] / "posters/a4.pdf")
    for expected in ("耄耋老人集体生日会", "社区党群服务中心二楼", "扫码查看详情", "0831-1234567"):
        assert expected in words.replace(" ", ""), expected


def test_qr_codes_decode_to_the_page_url(printed):
    assert decode_qr(printed["out"] / "posters/a4.pdf") == [URL]
    assert decode_qr(printed["out"] / "posters/a3.pdf", dpi=50) == [URL + "a3/"]
    assert decode_qr(printed["out"] / "posters/bleed.pdf", dpi=50) == [URL]


def test_overflow_is_a_warning_naming_the_poster_and_nothing_is_cut(printed):
    report = printed["report"]
    long_pdf = printed["out"] / "posters/long.pdf"
    assert page_count(long_pdf) > 1
    assert "第 40 段" in text(long_pdf)
    overflow = [w for w in report.warnings if "超出一页" in w.text.zh]
    assert [w.path for w in overflow] == ["posters/long.pdf"]
    message = overflow[0].format("zh")
    assert "冬季用电安全须知" in message and "poster: {size: a3}" in message and "警告" in message
    assert "does not fit on one page" in overflow[0].format("en")
    assert all(page_count(printed["out"] / f"posters/{n}.pdf") == 1 for n in ("a4", "a3", "bleed"))


def test_png_pages(printed, tmp_path):
    pngs = to_png(printed["out"] / "posters/long.pdf", tmp_path, dpi=20)
    assert len(pngs) == page_count(printed["out"] / "posters/long.pdf")
    assert all(p.stat().st_size > 0 for p in pngs)


def test_second_run_prints_nothing_and_keeps_warnings(printed, monkeypatch):
    def no_printing(job):
        raise AssertionError(f"printed again: {job.output}")

    monkeypatch.setattr(printing, "_print_one", no_printing)
    out2 = printed["tmp"] / "out2"
    report = print_posters(jobs_for(printed["site"]), out2, printed["cache"])
    assert report.printed == []
    assert sorted(report.reused) == ["posters/a3.pdf", "posters/a4.pdf", "posters/bleed.pdf", "posters/long.pdf"]
    assert [w.path for w in report.warnings if "超出一页" in w.text.zh] == ["posters/long.pdf"]
    assert (out2 / "posters/a4.pdf").read_bytes() == (printed["out"] / "posters/a4.pdf").read_bytes()
    assert report.seconds < 1

    # Warnings are made from the job each time, not replayed from the cache.
    jobs = jobs_for(printed["site"])
    jobs[3] = dataclasses.replace(jobs[3], title="用电须知", overflow_fix=Text("请分成两张。", "Split it."))
    report = print_posters(jobs, out2, printed["cache"])
    (overflow,) = [w for w in report.warnings if "超出一页" in w.text.zh]
    assert "《用电须知》" in overflow.text.zh and overflow.text.zh.endswith("请分成两张。")


def test_cache_follows_the_staging_folder_and_the_files_a_poster_uses(printed, tmp_path):
    """A build in a fresh staging folder reuses the cache; a changed image reprints only its poster."""
    site = site_folder(tmp_path / "staging")  # same files, another folder
    cache = tmp_path / "cache"
    shutil.copytree(printed["cache"], cache)
    jobs = jobs_for(site)
    report = print_posters(jobs, tmp_path / "out", cache)
    assert report.printed == [] and len(report.reused) == 4

    from PIL import Image

    Image.new("RGB", (40, 20), "#1b5e20").save(site / "static/logo.png")  # only a4 shows the logo
    report = print_posters(jobs, tmp_path / "out", cache)
    assert report.printed == ["posters/a4.pdf"]

    (site / "static/logo.png").unlink()  # a missing file is a warning, and its return reprints
    report = print_posters(jobs, tmp_path / "out", cache)
    assert report.printed == ["posters/a4.pdf"]
    missing = [w for w in report.warnings if "logo.png" in w.text.zh]
    assert missing and missing[0].path == "posters/a4.pdf" and "不存在" in missing[0].text.zh

    manifest = json.loads(next(cache.glob("*.json")).read_text("utf-8"))
    assert all(not ref.startswith(str(tmp_path)) for ref, _ in manifest["deps"] if "poster.css" in ref)


def test_old_cache_entries_are_pruned_and_other_files_kept(printed, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(printed["cache"], cache)
    old = time.time() - 40 * 86400
    stale, foreign = cache / ("0" * 64 + ".pdf"), cache / "notes.json"
    for path in (stale, foreign):
        path.write_text("x")
        os.utime(path, (old, old))
    report = print_posters(jobs_for(printed["site"]), tmp_path / "out", cache)
    assert len(report.reused) == 4
    assert not stale.exists() and foreign.exists()


def test_changed_html_reprints(printed, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(printed["cache"], cache)
    jobs = jobs_for(printed["site"])
    jobs[1] = PosterJob(jobs[1].output, jobs[1].html.replace("文艺汇演", "文艺演出"), jobs[1].base_url,
                        True, jobs[1].title)
    report = print_posters(jobs, tmp_path / "out", cache)
    assert report.printed == ["posters/a3.pdf"] and len(report.reused) == 3
    assert "文艺演出" in text(tmp_path / "out/posters/a3.pdf")


def test_characters_no_font_has_stop_the_poster(printed, tmp_path, monkeypatch):
    """U+0378 is unassigned: no font has it, WeasyPrint would draw an empty box."""
    # Even when the application silenced WeasyPrint's log.
    monkeypatch.setattr(logging.getLogger("weasyprint"), "level", logging.ERROR)
    base = printed["site"].as_uri() + "/"
    jobs = [PosterJob("posters/ok.pdf", poster_html("便民服务"), base, True, "便民服务"),
            PosterJob("posters/box.pdf", poster_html("生日会\u0378"), base, True, "生日会")]
    with pytest.raises(SiteError) as info:
        print_posters(jobs, tmp_path / "out", tmp_path / "cache")
    (problem,) = [p for p in info.value.problems if p.is_error]
    assert problem.path == "posters/box.pdf"
    assert "生日会" in problem.format("zh") and "U+0378" in problem.format("zh") and "空方框" in problem.format("zh")
    assert not (tmp_path / "out/posters/box.pdf").exists()
    assert (tmp_path / "out/posters/ok.pdf").exists()  # the others are printed and cached


def test_remote_files_are_not_fetched(printed, tmp_path):
    base = printed["site"].as_uri() + "/"
    html = poster_html("停水通知", extra='<img src="http://192.0.2.1/x.png" alt="">')
    report = print_posters([PosterJob("p.pdf", html, base, True, "停水通知")], tmp_path / "o", tmp_path / "c")
    assert report.printed == ["p.pdf"]
    assert any("http://192.0.2.1/x.png" in w.text.zh for w in report.warnings)
    assert report.seconds < 5  # no network timeout


def test_files_outside_the_site_folder_are_not_read(printed, tmp_path):
    """A notice's image written as /home/…/x.jpg is a link to a page of the site; on a site
    whose base_url has no path the printer resolved it to that file on this computer and
    printed it into the public PDF (an ID-card scan on a volunteer's laptop)."""
    from PIL import Image

    secret = tmp_path / "private" / "身份证.png"
    secret.parent.mkdir()
    Image.new("RGB", (40, 20), "#123456").save(secret)
    base = printed["site"].as_uri() + "/"
    leaking = (f'<img src="{secret.as_posix()}" alt="">'  # as the website writes /home/… with base path /
               f'<img src="{secret.as_uri()}" alt=""><img src="../private/身份证.png" alt="">')
    report = print_posters([PosterJob("p.pdf", poster_html("停水通知", extra=leaking), base, True, "停水通知")],
                           tmp_path / "o", tmp_path / "c")
    assert report.printed == ["p.pdf"]
    images = subprocess.run(["pdfimages", "-list", tmp_path / "o/p.pdf"], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []
    outside = [w for w in report.warnings if secret.as_posix() in w.text.zh]
    assert outside and all("网站文件夹以外" in w.text.zh and "outside the site's folder" in w.text.en for w in outside)


def test_slow_subsetter_is_named_once(printed, tmp_path, monkeypatch):
    monkeypatch.setattr(printing, "_SLOW_SUBSET", True)  # as without libharfbuzz-subset0
    base = printed["site"].as_uri() + "/"
    jobs = [PosterJob(f"{i}.pdf", f'<html lang="zh-CN"><body>通知 {i}</body></html>', base, True, str(i))
            for i in range(2)]
    report = print_posters(jobs, tmp_path / "o", tmp_path / "c")
    slow = [w for w in report.warnings if "libharfbuzz-subset0" in w.text.zh]
    assert len(slow) == 1 and "libharfbuzz-subset0" in slow[0].text.en


def test_empty_job_list_does_not_import_weasyprint(tmp_path):
    code = ("import sys; from generator.printing import print_posters; "
            f"r = print_posters([], {str(tmp_path)!r}, {str(tmp_path / 'c')!r}); "
            "assert 'weasyprint' not in sys.modules and r.printed == []")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# ---- no Chinese font ----------------------------------------------------------------------

NO_CJK_SCRIPT = textwrap.dedent("""
    import sys
    from generator import printing
    from generator.errors import SiteError, Text
    from generator.printing import PosterJob, print_posters
    html, base, out, skip_precheck = sys.argv[1:5]
    if skip_precheck == "1":  # as on a machine without fc-list: only the check after printing
        printing.installed_fonts = lambda: printing.Fonts(False, (), "x")
    try:
        print_posters([PosterJob("posters/a.pdf", html, base, True, "生日会")], out, out + "/cache")
    except SiteError as e:
        print("\\n".join(p.format("zh") for p in e.problems))
        print("IMPORTED", "weasyprint" in sys.modules)
        sys.exit(1)
    print("NO ERROR")
""")


def run_without_cjk_fonts(tmp_path: Path, font_dir: str | None, skip_precheck: bool):
    conf = tmp_path / "fonts.conf"
    dirs = f"<dir>{font_dir}</dir>" if font_dir else ""
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig>{dirs}<cachedir>{tmp_path}/fc-cache</cachedir></fontconfig>")
    site = site_folder(tmp_path / "site")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    return subprocess.run(
        [sys.executable, "-c", NO_CJK_SCRIPT, poster_html("生日会"), site.as_uri() + "/",
         str(tmp_path / "out"), "1" if skip_precheck else "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_no_chinese_font_stops_before_printing(tmp_path):
    run = run_without_cjk_fonts(tmp_path, None, skip_precheck=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "sudo apt-get install fonts-noto-cjk" in run.stdout
    assert "思源黑体" in run.stdout and "中文字体" in run.stdout
    assert "IMPORTED False" in run.stdout  # decided before WeasyPrint was even loaded
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out/posters/a.pdf").exists()


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/dejavu").is_dir(), reason="needs DejaVu fonts")
def test_tofu_is_caught_after_printing_too(tmp_path):
    """Latin fonts only and no fontconfig pre-check: the printed glyphs are checked."""
    run = run_without_cjk_fonts(tmp_path, "/usr/share/fonts/truetype/dejavu", skip_precheck=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "sudo apt-get install fonts-noto-cjk" in run.stdout
    assert not (tmp_path / "out/posters/a.pdf").exists()


def test_installed_fonts_lists_a_chinese_family():
    found = printing.installed_fonts()
    assert found.known and found.cjk, "install fonts-noto-cjk to run the print tests"
    assert len(found.digest) == 64


def test_qr_svg_is_inline_scalable_and_cached():
    svg = qr_svg(URL)
    assert svg.startswith('<svg viewBox="0 0 ') and 'class="qr"' in svg
    assert "<?xml" not in svg and "width=" not in svg.split(">")[0] and "height=" not in svg.split(">")[0]
    assert qr_svg(URL) is svg


def test_two_printers_give_the_same_posters(printed, tmp_path):
    """The second printer is a child process; its PDFs are byte for byte the same."""
    calls = []
    jobs = jobs_for(printed["site"])[:2]
    report = print_posters(jobs, tmp_path / "out", tmp_path / "cache",
                           progress=lambda *a: calls.append(a), workers=2)
    assert report.workers == 2
    assert sorted(report.printed) == sorted(j.output for j in jobs)
    assert sorted(c[:2] for c in calls) == [(1, 2), (2, 2)]
    for name in report.printed:
        assert (tmp_path / "out" / name).read_bytes() == (printed["out"] / name).read_bytes()


def test_an_upright_photo_is_printed_from_its_copy_not_read_again_from_its_file(tmp_path):
    """WeasyPrint 70 embeds a picture fetched from a file:// URL by reading the file again
    when it writes the PDF: an upright phone photo was printed whole, with its GPS position,
    whatever the fetcher gave it. The PDF holds the copy (blue), not the photo (red)."""
    from PIL import Image

    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 39.0, 12.5), 3: "E", 4: (104.0, 4.0, 33.2)})
    (tmp_path / "content/media").mkdir(parents=True)
    photo, copy = tmp_path / "content/media/visit.jpg", tmp_path / "visit-nogps.jpg"
    Image.new("RGB", (400, 300), "red").save(photo, "JPEG", exif=exif)
    Image.new("RGB", (400, 300), "blue").save(copy, "JPEG")
    job = PosterJob("visit.pdf", '<html lang="zh-CN"><body><p>走访</p><img src="content/media/visit.jpg"></body></html>',
                    tmp_path.as_uri() + "/", False, "走访", instead=((str(photo), str(copy)),))
    print_posters([job], tmp_path / "out", tmp_path / "cache")
    pdf = tmp_path / "out/visit.pdf"
    assert b"Exif" not in pdf.read_bytes()
    subprocess.run(["pdfimages", "-all", pdf, tmp_path / "img"], check=True)
    (extracted,) = tmp_path.glob("img-*")
    with Image.open(extracted) as image:
        red, _, blue = image.convert("RGB").getpixel((200, 150))
    assert blue > 200 and red < 50


def test_the_printer_reads_a_photos_copy_without_its_position_in_its_place(tmp_path):
    """PosterJob.instead: where a poster shows a photo, the printer is given the copy without
    its GPS position (images.without_private), and records the photo's own digest, so that
    an edit to the photo prints the poster again. That the PDF then holds the copy is
    test_an_upright_photo_is_printed_from_its_copy_not_read_again_from_its_file."""
    import hashlib

    import weasyprint

    site = tmp_path / "site"
    (site / "content/media").mkdir(parents=True)
    photo, copy = site / "content/media/visit.jpg", tmp_path / "cache/visit-nogps.jpg"
    copy.parent.mkdir()
    photo.write_bytes(b"the photo, with its position")
    copy.write_bytes(b"the copy, without")
    result = printing._Result()
    fetcher = printing._recording_fetcher(weasyprint, result, site.as_uri() + "/", {str(photo): str(copy)})
    response = fetcher.fetch(photo.as_uri())
    assert response.read() == b"the copy, without"
    assert result.deps == [(photo.as_uri(), hashlib.sha256(b"the photo, with its position").hexdigest())]
    other = site / "content/media/plan.png"
    other.write_bytes(b"a picture without a copy")
    assert fetcher.fetch(other.as_uri()).read() == b"a picture without a copy"


def test_printing_reads_only_the_sites_own_folders_not_its_git_config(tmp_path):
    """A theme downloaded from the internet wrote <a rel="attachment" href=".git/config"> in its
    poster template: the fetcher read any file under the site's folder, so the remote's URL
    with its token (and .env, the cache) was embedded in a PDF published on the website.
    Posters print only from content/, static/ and themes/ (folders.SOURCES)."""
    import weasyprint

    site = tmp_path / "site"
    for folder in ("content/media", "static", "themes/mine/static", ".git"):
        (site / folder).mkdir(parents=True)
    for name in ("content/media/plan.png", "static/logo.png", "themes/mine/static/icon.png"):
        (site / name).write_bytes(b"a picture")
    (site / ".git/config").write_text('[remote "origin"] url = https://u:ghp_TOKEN@example.org/x\n')
    (site / ".env").write_text("TOKEN=x\n")
    result = printing._Result()
    fetcher = printing._recording_fetcher(weasyprint, result, site.as_uri() + "/")
    for name in ("content/media/plan.png", "static/logo.png", "themes/mine/static/icon.png"):
        assert fetcher.fetch(printing.SITE_URL + name).read() == b"a picture"
    for name in (".git/config", ".env", "site.yaml", "content/../.git/config", "content/%2e%2e/.git/config"):
        with pytest.raises(ValueError):
            fetcher.fetch(printing.SITE_URL + name)
    assert [printing._url_path(url) for url in result.refused][:2] == [f"{site}/.git/config", f"{site}/.env"]
    job = PosterJob("p.pdf", "", site.as_uri() + "/", True, "停水通知")
    warning, = (problem.text for problem in printing._warnings_for(job, 1, [], [(site / ".git/config").as_uri()]))
    assert "网站文件夹以外" not in warning.zh and ".git/config" in warning.zh
    assert "content/、static/、themes/" in warning.zh and "content/, static/, themes/" in warning.en


def test_a_photo_larger_than_a_sheet_shows_is_never_handed_to_the_printer_whole(tmp_path, monkeypatch):
    """A panorama or a scan of 90-180 million pixels was handed to WeasyPrint whole to lay the
    poster out (its print size is measured on that layout, _print_sizes), and a phone's upright
    photo was decoded and turned whole: 839 MB to print one notice from a 95-megapixel photo.
    WeasyPrint is only ever given a copy no larger than the largest sheet shows at 300 dpi
    (images.SHEET_PIXELS, A3), made once and kept with the other copies; the PDF still prints
    the photo at 300 dpi of its size on the sheet, upright."""
    import weasyprint
    from PIL import Image

    from generator import images as images_module
    from generator.images import SHEET_PIXELS

    site = site_folder(tmp_path / "site")
    (site / "content/media").mkdir(parents=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # taken upright: stored 6000 x 4500, shown 4500 x 6000
    Image.linear_gradient("L").resize((6000, 4500)).convert("RGB").save(site / "content/media/pano.jpg", exif=exif)
    given: list[tuple[int, int]] = []
    raster = weasyprint.images.RasterImage.__init__

    def spy(self, pillow_image, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        given.append(pillow_image.size)
        raster(self, pillow_image, *args, **kwargs)

    monkeypatch.setattr(weasyprint.images.RasterImage, "__init__", spy)
    made: list[tuple[int, int]] = []
    resized = images_module._print_resized
    monkeypatch.setattr(images_module, "_print_resized",
                        lambda data, size, lossless: made.append(size) or resized(data, size, lossless))
    base, images = site.as_uri() + "/", tmp_path / "cache/images"
    photo = '<p><img src="content/media/pano.jpg" alt="现场" style="max-width: 100%; max-height: 80mm"></p>'
    jobs = [PosterJob(f"posters/{name}.pdf", poster_html(title, body=photo), base, True, title, image_cache=str(images))
            for name, title in (("one", "施工现场"), ("two", "施工进度"))]
    report = print_posters(jobs, tmp_path / "out", tmp_path / "cache", workers=1)
    assert report.printed == ["posters/one.pdf", "posters/two.pdf"] and report.warnings == []
    assert given and max(width * height for width, height in given) <= SHEET_PIXELS[0] * SHEET_PIXELS[1], given
    # One copy to lay them out with, one at the size they print it: each made once, for both posters.
    assert len(made) == 2 and max(size[0] for size in made) == SHEET_PIXELS[0], made
    listing = subprocess.run(["pdfimages", "-list", tmp_path / "out/posters/one.pdf"], capture_output=True,
                             text=True, check=True).stdout
    row = next(line.split() for line in listing.splitlines()[2:] if line.split()[2] == "image")
    # 80 mm high at 300 dpi, upright (3:4)
    assert (int(row[3]), int(row[4])) == (709, 945) and 295 <= int(row[12]) <= 305, listing
