"""Incremental builds must equal clean builds, byte for byte, after any sequence of edits.

A random walk of edits (add, change, rename, delete notices, activities, teams, statistics,
site templates and site.yaml) runs on a small site; after every step the incremental output
is compared with a clean build of the same files into a fresh folder with no cache.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config
from generator.snapshot import BuildReport, build_if_changed
from generator.errors import SiteError
from generator import themes

from conftest import MINIMAL_SITE_YAML, make_site_files, tree_hashes

TODAY = dt.date(2026, 11, 22)
REPO = Path(__file__).resolve().parent.parent
WORDS = "停水 通知 社区 活动 义诊 法律 咨询 四点半 学校 志愿 服务 老人 儿童 垃圾 分类 消防 演练 包饺子 重阳".split()
TEAMS = ["red-caps", "silver-age", "youth-tutors"]
OVERRIDES = {
    "templates/notice.html": '{% extends "base.html" %}{% block content %}<h1>覆盖 {{ page.title }}</h1>{{ page.body_html | safe }}{% endblock %}\n',
    "templates/partials/macros.html": None,  # copied from the theme, then changed
    # The whole tag on each of its pages: an edit to any of its items changes them all.
    "templates/tag.html": '{% extends "base.html" %}{% block content %}{{ tag.name }}: {{ tag.items | map(attribute="title") | join(" ") }}{% endblock %}\n',
}


def _text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(words))


def _notice(rng: random.Random) -> str:
    offset = rng.randint(-40, 10)
    # One in four a year earlier, from the same draw (the walk's other edits stay those of its
    # seed): notices move between years, and the pages of a year come and go (/notices/2025/).
    day = TODAY + dt.timedelta(days=offset - (365 if offset % 4 == 0 else 0))
    lines = [f"title: {_text(rng, 3)}", f"date: {day}"]
    if rng.random() < 0.3:
        lines.append(f"expires: {day + dt.timedelta(days=rng.randint(0, 20))}")
    for flag in ("pinned", "urgent", "draft"):
        if rng.random() < 0.15:
            lines.append(f"{flag}: true")
    if rng.random() < 0.5:
        lines.append(f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]")
    return "---\n" + "\n".join(lines) + f"\n---\n{_text(rng, 12)}\n\n- {_text(rng, 2)}\n"


def _activity(rng: random.Random, teams: list[str]) -> str:
    start = dt.datetime.combine(TODAY, dt.time(9, 30)) + dt.timedelta(days=rng.randint(-30, 40), hours=rng.randint(0, 8))
    length = rng.random()
    if length < 0.6:
        end = f"{start + dt.timedelta(hours=2):%Y-%m-%d %H:%M}"
    elif length < 0.8:  # several days, often into the next month: on each month's calendar
        end = f"{start + dt.timedelta(days=rng.randint(1, 35)):%Y-%m-%d %H:%M}"
    else:  # a date alone: to the end of that day
        end = f"{(start + dt.timedelta(days=rng.randint(0, 35))).date()}"
    lines = [f"title: {_text(rng, 3)}", f"start: {start:%Y-%m-%d %H:%M}", f"end: {end}", f"location: {_text(rng, 2)}"]
    if teams and rng.random() < 0.6:
        lines.append(f"team: {rng.choice(teams)}")
    if rng.random() < 0.4:
        lines.append(f"tags: [{rng.choice(WORDS)}]")
    return "---\n" + "\n".join(lines) + f"\n---\n{_text(rng, 10)}\n"


def _team(rng: random.Random) -> str:
    return f"---\nname: {_text(rng, 2)}服务队\nleader: 王{rng.choice(WORDS)}\nrecruiting: {rng.choice(['true', 'false'])}\n---\n{_text(rng, 8)}\n"


def _stats(month: str, rng: random.Random) -> str:
    return f"month: {month}\nfigures: {{service_visits: {rng.randint(100, 900)}}}\nhighlights: {_text(rng, 6)}\n"


class Walk:
    """The current set of files of the site, changed one random edit at a time."""

    def __init__(self, root: Path, rng: random.Random, links: float = 0.0):
        self.root, self.rng = root, rng
        self.counter = 0
        # How often a body links to a page of the site; drawn apart, so that the walk's
        # other edits stay those of its seed.
        self.links, self.link_rng = links, random.Random(rng.getstate()[1][1])

    def files(self, folder: str) -> list[Path]:
        return sorted((self.root / folder).glob("*")) if (self.root / folder).is_dir() else []

    def teams(self) -> list[str]:
        return [p.stem for p in self.files("content/teams")]

    def write(self, relpath: str, text: str) -> None:
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def new_name(self) -> str:
        self.counter += 1
        return f"item-{self.counter}"

    def step(self, actions: list[str] | None = None) -> str:
        rng = self.rng
        action = rng.choice(actions or [
            "add_notice", "add_notice", "edit_notice", "edit_notice", "rename", "delete",
            "add_activity", "add_activity", "edit_activity", "add_team", "delete_team",
            "stats", "template", "site_yaml", "edit_body", "edit_body", "edit_title",
        ])
        getattr(self, action)()
        return action

    def add_notice(self) -> None:
        self.write(f"content/notices/{self.new_name()}.md", _notice(self.rng) + self.link())

    def link(self) -> str:
        """With ``links``, now and then (and in the first notice) a link to a page of the site:
        a menu page made already or later, or none (a warning), which other edits make live or dead."""
        if self.links and (self.link_rng.random() < self.links or self.counter == 1):
            return f"\n详见[页面](/item-{self.link_rng.randint(1, self.counter + 3)}/)\n"
        return ""

    def edit_notice(self) -> None:
        notices = self.files("content/notices")
        if notices:
            self.rng.choice(notices).write_text(_notice(self.rng), encoding="utf-8")

    def edit_body(self) -> None:
        """The body alone, of a notice or a menu page (the body-edit fast path, generator.bodyedit)."""
        candidates = self.files("content/notices") + self.files("content/pages")
        if not candidates or self.rng.random() < 0.2:
            self.write(f"content/pages/{self.new_name()}.md", f"---\ntitle: {_text(self.rng, 2)}\nmenu: 1\n---\n{_text(self.rng, 6)}\n")
            return
        path = self.rng.choice(candidates)
        front, _, _ = path.read_text(encoding="utf-8").rpartition("---\n")
        path.write_text(f"{front}---\n{_text(self.rng, 10)}\n{self.link()}", encoding="utf-8")

    def edit_title(self) -> None:
        """The title alone, of a notice or a page (the fast path publishes it with its lists)."""
        candidates = self.files("content/notices") + self.files("content/pages")
        if candidates:
            path = self.rng.choice(candidates)
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"(?m)^title: .*$", f"title: {_text(self.rng, 3)}", text, count=1), encoding="utf-8")

    def add_activity(self) -> None:
        self.write(f"content/activities/{self.new_name()}.md", _activity(self.rng, self.teams()))

    def edit_activity(self) -> None:
        activities = self.files("content/activities")
        if activities:
            self.rng.choice(activities).write_text(_activity(self.rng, self.teams()), encoding="utf-8")

    def rename(self) -> None:
        candidates = self.files("content/notices") + self.files("content/activities")
        if candidates:
            path = self.rng.choice(candidates)
            path.rename(path.with_name(self.new_name() + ".md"))

    def delete(self) -> None:
        candidates = self.files("content/notices") + self.files("content/activities")
        if candidates:
            self.rng.choice(candidates).unlink()

    def add_team(self) -> None:
        free = [t for t in TEAMS if t not in self.teams()]
        if free:
            self.write(f"content/teams/{self.rng.choice(free)}.md", _team(self.rng))

    def delete_team(self) -> None:
        # Only a team no activity or service names: a dangling reference is an error, tested elsewhere.
        used = {line.split(":", 1)[1].strip() for p in self.files("content/activities") + self.files("content/services")
                for line in p.read_text(encoding="utf-8").splitlines() if line.strip().startswith(("team:", "provider:"))}
        unused = [p for p in self.files("content/teams") if p.stem not in used]
        if unused:
            self.rng.choice(unused).unlink()

    def stats(self) -> None:
        month = f"2026-{self.rng.randint(1, 11):02d}"
        self.write(f"content/stats/{month}.yaml", _stats(month, self.rng))

    def template(self) -> None:
        name = self.rng.choice(sorted(OVERRIDES))
        target = self.root / name
        if target.exists():
            target.unlink()
            return
        text = OVERRIDES[name]
        if text is None:
            theme_copy = (Path(__file__).parent.parent / "themes/default" / name).read_text(encoding="utf-8")
            text = theme_copy + "\n{# 站点自己的版本 #}\n"
        self.write(name, text)

    def site_yaml(self) -> None:
        per_page = self.rng.choice([2, 3, 20])
        # A new base path changes every link; compiled templates hold it (the url filter on
        # a constant runs at compile time), so they must not outlive it.
        base = self.rng.choice(["/test/", "/", "/sq/board/"])
        self.write("site.yaml", MINIMAL_SITE_YAML.replace("/test/", base) + f"per_page: {per_page}\n")


    # ---- the edits of MORE_EDITS: files a page shows, front matter, the theme ----

    def media(self) -> None:
        """Add or replace (same name, other bytes) a photo or the attachment, or delete one
        with the lines that show it (a missing file is an error, tested elsewhere)."""
        from PIL import Image

        rng = self.rng
        name = rng.choice(["a.png", "b.jpg", "form.pdf"])
        target = self.root / "content/media" / name
        if target.exists() and rng.random() < 0.25:
            target.unlink()
            for path in self.files("content/notices") + self.files("content/pages"):
                text = path.read_text(encoding="utf-8")
                path.write_text(re.sub(rf"(?m)^(attachments:\n)?.*{re.escape(name)}.*\n", "", text), encoding="utf-8")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".pdf"):
            target.write_bytes(b"%PDF-1.4\n%%EOF\n% " + _text(rng, 2).encode())
        else:  # now and then wide enough for smaller copies (images.WIDTHS)
            size = (rng.choice([rng.randint(20, 400), rng.randint(500, 1000)]), rng.randint(20, 300))
            # A phone photo (odd height: no draw of its own, so every seed's run goes on as it
            # did) holds a GPS position: published is a cleaned copy, cached as the smaller ones.
            exif = Image.Exif()
            if size[1] % 2:
                exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 39.0, float(size[0] % 60)), 3: "E", 4: (104.0, 4.0, 33.2)})
            Image.new("RGB", size, (rng.randrange(256), 90, 90)).save(target, "PNG" if name.endswith("png") else "JPEG",
                                                                      exif=exif)

    def show_media(self) -> None:
        """A notice or a page shows a photo (or stops showing it), a notice lists the attachment."""
        rng = self.rng
        shown = [p.name for p in self.files("content/media")]
        candidates = self.files("content/notices") + self.files("content/pages")
        if not shown or not candidates:
            return
        name, path = rng.choice(shown), rng.choice(candidates)
        text = path.read_text(encoding="utf-8")
        if name in text:
            text = re.sub(rf"(?m)^(attachments:\n)?.*{re.escape(name)}.*\n", "", text)
        elif name.endswith(".pdf"):
            if "content/notices" not in str(path):
                return
            text = text.replace("\n---\n", f"\nattachments:\n  - {{title: 报名表, file: media/{name}}}\n---\n", 1)
        else:
            text = text.rstrip("\n") + f"\n\n![{_text(rng, 1)}](../media/{name})\n"
        path.write_text(text, encoding="utf-8")

    def draft_media(self) -> None:
        """A notice showing a photo or linking it whole (one is added when it has none) is made
        a draft, dated ahead (scheduled), or published: its files leave the published output
        with it, or come back, unless a published text links them too."""
        rng = self.rng
        photos = [p.name for p in self.files("content/media") if p.suffix != ".pdf"]
        notices = self.files("content/notices")
        if not photos or not notices:
            return
        path = rng.choice(notices)
        text = path.read_text(encoding="utf-8")
        if not any(name in text for name in photos):
            name = rng.choice(photos)
            shown = rng.random() < 0.7
            text = text.rstrip("\n") + (f"\n\n![{_text(rng, 1)}](../media/{name})\n" if shown
                                        else f"\n\n[看原图](../media/{name})\n")
        text = re.sub(r"(?m)^draft:.*\n", "", text)
        how = rng.choice(["draft", "scheduled", "published"])
        if how == "draft":
            text = text.replace("---\n", "---\ndraft: true\n", 1)
        else:  # a date ahead is held back (expires goes: it may not come before the date)
            day = TODAY + dt.timedelta(days=rng.randint(1, 10) if how == "scheduled" else -rng.randint(0, 10))
            text = re.sub(r"(?m)^expires:.*\n", "", re.sub(r"(?m)^date: .*$", f"date: {day}", text, count=1))
        path.write_text(text, encoding="utf-8")

    def service(self) -> None:
        """Add or change a category of the service menu, or delete one."""
        rng = self.rng
        name = rng.choice(["errands", "health"])
        if (self.root / f"content/services/{name}.yaml").exists() and rng.random() < 0.3:
            (self.root / f"content/services/{name}.yaml").unlink()
            return
        items = ""
        for number in range(rng.randint(1, 2)):
            items += f"  - id: {name}-{number}\n    name: {_text(rng, 2)}\n    fee: 免费\n"
            if rng.random() < 0.5:
                items += f"    provider: {rng.choice(self.teams() + ['社区卫生服务站'])}\n"
        self.write(f"content/services/{name}.yaml", f"category: {_text(rng, 2)}\norder: {rng.randint(1, 2)}\nitems:\n{items}")

    def page(self) -> None:
        """Add or change a page, in the menu or not, or delete one."""
        rng = self.rng
        pages = self.files("content/pages")
        if pages and rng.random() < 0.25:
            rng.choice(pages).unlink()
            return
        menu = f"menu: {rng.randint(1, 3)}\n" if rng.random() < 0.7 else ""
        self.write(f"content/pages/{rng.choice(['about', 'help'])}.md", f"---\ntitle: {_text(rng, 2)}\n{menu}---\n{_text(rng, 6)}\n")

    def front(self) -> None:
        """One field of a notice or an activity set, changed or taken away: tags, draft,
        pinned, urgent, expires, an activity's cancelled or rescheduled_from (moved from another day)."""
        rng = self.rng
        field = rng.choice(["tags", "draft", "pinned", "urgent", "expires", "cancelled", "rescheduled_from"])
        candidates = (self.files("content/activities") if field in ("cancelled", "rescheduled_from") else self.files("content/notices")
                      + (self.files("content/activities") if field in ("tags", "draft") else []))
        if not candidates:
            return
        path = rng.choice(candidates)
        text = re.sub(rf"(?m)^{field}:.*\n", "", path.read_text(encoding="utf-8"))
        day = re.search(r"(?m)^date: (\S+)", text)
        if field == "cancelled":  # a reason, or true (drawn here only: the other fields' draws stay as they were)
            value = rng.choice(["true", f"因{_text(rng, 2)}取消"])
        elif field == "rescheduled_from":  # a day before or after its start's, never that day
            start = dt.date.fromisoformat(re.search(r"(?m)^start: (\S+)", text).group(1))
            value = str(start + dt.timedelta(days=rng.choice([-7, -1, 3])))
            if rng.random() < 0.3:  # moved again: the days announced before, in that order
                value = f"[{start - dt.timedelta(days=14)}, {value}]"
        else:
            value = {"tags": f"[{rng.choice(WORDS)}]", "draft": "true", "pinned": "true", "urgent": "true",
                     "expires": day and str(dt.date.fromisoformat(day.group(1)) + dt.timedelta(days=rng.randint(0, 12)))}[field]
        if value and rng.random() < 0.6:
            text = text.replace("---\n", f"---\n{field}: {value}\n", 1)
        path.write_text(text, encoding="utf-8")

    def theme_file(self) -> None:
        """The site's own static files (site.css over the theme's, a file of its own), a theme
        of its own with its UI words, chosen or not in site.yaml."""
        rng = self.rng
        name = rng.choice(["static/site.css", "static/logo.txt", "themes/mine/strings/zh-Hans.yaml", "site.yaml"])
        if name == "site.yaml":
            text = re.sub(r"(?m)^theme:.*\n", "", (self.root / name).read_text(encoding="utf-8"))
            self.write(name, text + rng.choice(["", "theme: mine\n"]))
            self.write("themes/mine/theme.yaml", "extends: default\n")
        elif (self.root / name).exists() and rng.random() < 0.3:
            (self.root / name).unlink()
        elif name == "static/site.css":
            self.write(name, (REPO / "themes/default/static/site.css").read_text(encoding="utf-8") + f"/* {_text(rng, 1)} */\n")
        elif name == "static/logo.txt":
            self.write(name, _text(rng, 2))
        else:
            self.write(name, f"notices: {_text(rng, 2)}\nhome: {_text(rng, 1)}\n")

    def site_facts(self) -> None:
        """site.yaml's title, description or the community's phone."""
        rng = self.rng
        text = (self.root / "site.yaml").read_text(encoding="utf-8")
        field = rng.choice(["title", "description", "phone"])
        if field == "phone":
            text = re.sub(r"(?m)^  phone: .*$", f'  phone: "0831-{rng.randint(1000000, 9999999)}"', text)
        else:
            text = re.sub(rf"(?m)^{field}:.*\n", "", text) + f"{field}: {_text(rng, 2)}公告栏\n"
        self.write("site.yaml", text)


# The edits the walk above does not make, with the edits of bodies and titles (the fast path
# must see the photos and the front matter it does not publish) and of notices and activities.
MORE_EDITS = ["media", "media", "show_media", "show_media", "service", "page", "front", "front", "front",
              "theme_file", "theme_file", "site_facts", "edit_body", "edit_title", "add_notice", "add_activity",
              "edit_activity", "add_team", "delete_team", "rename", "draft_media", "draft_media"]


def _walk(root: Path, seed: int, notices: int, activities: int = 0, links: float = 0.0) -> Walk:
    """A random walk on the site at ``root``, which it starts with notices and activities.
    ``links``: how often a body links to a page of the site (Walk.link)."""
    walk = Walk(root, random.Random(seed), links)
    for number in range(max(notices, activities)):
        if number < notices:
            walk.add_notice()
        if number < activities:
            walk.add_activity()
    return walk


# What compiled templates depend on besides their source (themes._IN_MEMORY: builds in one
# process share the code compiled with the same global key).
COMPILE_INPUTS = {"template", "site_yaml", "theme_file", "site_facts"}


def _compile_apart(action: str) -> None:
    """After an edit of what compiled code depends on, each build of the step compiles for
    itself or reads its own cache folder, as separate processes do: a global key missing a
    part then shows as a difference between the clean build and the incremental one, which
    otherwise would both take the code compiled first."""
    if action in COMPILE_INPUTS:
        themes._IN_MEMORY.clear()


def _build(root: Path, out: Path, cache: Path) -> BuildReport | None:
    """As `noticeboard build` does: the no-change check first, then the body-edit fast path,
    then the incremental build. None: the build stopped on an error."""
    try:
        return build_if_changed(root, out, today=TODAY, cache_dir=cache, posters=False)
    except SiteError:
        return None


@pytest.mark.parametrize("seed", range(6))
def test_incremental_output_equals_clean_build_after_random_edits(tmp_path: Path, seed: int) -> None:
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 3\n"})
    walk = _walk(root, seed, notices=4, activities=4, links=0.15)
    incremental_out, incremental_cache = tmp_path / "inc", tmp_path / "inc-cache"
    actions = []
    compared = fast = warned = 0
    for step in range(40):
        actions.append(walk.step())
        clean_out, clean_cache = tmp_path / "clean", tmp_path / "clean-cache"
        shutil.rmtree(clean_out, ignore_errors=True)
        shutil.rmtree(clean_cache, ignore_errors=True)
        _compile_apart(actions[-1])
        clean = _build(root, clean_out, clean_cache)
        clean_ok = clean is not None
        _compile_apart(actions[-1])
        incremental = _build(root, incremental_out, incremental_cache)
        assert clean_ok == (incremental is not None), f"seed {seed}, edits {actions}"
        if clean_ok:
            assert tree_hashes(incremental_out) == tree_hashes(clean_out), f"seed {seed}, after edits {actions}"
            # The same warnings too: a link to a page another edit made, or took away.
            assert [p.format() for p in incremental.warnings] == [p.format() for p in clean.warnings], \
                f"seed {seed}, after edits {actions}"
            warned += bool(clean.warnings)
            compared += 1
            fast += incremental.body_edit
    # The walk only makes valid edits, so nearly every step must build and be compared.
    assert compared >= 36
    assert fast >= 1  # the fast path for bodies and titles (generator.bodyedit) is walked too: 2-5 steps a seed
    assert warned >= 1  # and links to pages that are not there (yet), warned about alike: 2-40 steps a seed


def test_incremental_output_equals_clean_build_after_media_front_matter_and_theme_edits(tmp_path: Path) -> None:
    """The walk of MORE_EDITS: photos and an attachment added, replaced under the same name and
    deleted, notices showing or linking them drafted, scheduled and published again (their files
    leave the output and come back), the service menu, pages, tags, drafts, pinned, urgent and expires, the site's own
    static files, UI words and theme, site.yaml's title, description and phone. One seed, 20 steps (about
    5 s): scratch walks of 300 steps on a dozen seeds found no difference."""
    seed = 100
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 3\n"})
    walk = _walk(root, seed, notices=3, activities=2)
    out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    actions = []
    compared = 0
    for step in range(20):
        actions.append(walk.step(MORE_EDITS))
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        shutil.rmtree(tmp_path / "clean-cache", ignore_errors=True)
        _compile_apart(actions[-1])
        clean = _build(root, tmp_path / "clean", tmp_path / "clean-cache")
        _compile_apart(actions[-1])
        incremental = _build(root, out, cache)
        assert (clean is None) == (incremental is None), f"seed {seed}, edits {actions}"
        if clean is not None:
            assert tree_hashes(out) == tree_hashes(tmp_path / "clean"), f"seed {seed}, after edits {actions}"
            assert [p.format() for p in incremental.warnings] == [p.format() for p in clean.warnings], \
                f"seed {seed}, after edits {actions}"
            compared += 1
    assert compared >= 18  # the walk makes valid edits only


def test_posters_of_an_incremental_build_equal_a_clean_builds_after_edits(tmp_path: Path) -> None:
    """Posters follow the same rule: after photos, fields, bodies and the theme change, the
    PDFs (reproducible: the same HTML prints the same bytes) and the posters page equal a
    clean build's. A short walk on two notices that ask for a poster: each poster takes
    0.2-0.5 s to print."""
    root = make_site_files(tmp_path, {})
    walk = Walk(root, random.Random(230))  # a photo added, shown on a poster, then replaced
    for number in (1, 2):
        walk.write(f"content/notices/poster-{number}.md", f"---\ntitle: 海报{number}\ndate: 2026-11-2{number}\nposter: true\n---\n{_text(walk.rng, 6)}\n")
    out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    actions = []
    for step in range(6):
        actions.append(walk.step(["media", "show_media", "show_media", "front", "theme_file", "site_facts", "edit_body"]))
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        shutil.rmtree(tmp_path / "clean-cache", ignore_errors=True)
        try:
            _compile_apart(actions[-1])
            clean = build_if_changed(root, tmp_path / "clean", today=TODAY, cache_dir=tmp_path / "clean-cache")
            _compile_apart(actions[-1])
            incremental = build_if_changed(root, out, today=TODAY, cache_dir=cache)
        except SiteError as error:
            pytest.fail(f"after edits {actions}: {error}")
        assert any(path.endswith(".pdf") for path in tree_hashes(out)), actions
        assert tree_hashes(out) == tree_hashes(tmp_path / "clean"), f"after edits {actions}"
        assert [p.format() for p in incremental.warnings] == [p.format() for p in clean.warnings], f"after edits {actions}"


def test_an_activity_stretched_into_the_next_month_is_on_that_months_calendar_again(tmp_path: Path) -> None:
    """The month pages are rendered again when an activity's end moves it into, or out of,
    another month; each incremental output equals a clean build's."""
    repair = "content/activities/2026-11-29-repair.md"
    root = make_site_files(tmp_path, {repair: "---\ntitle: 便民维修日\nstart: 2026-11-29 09:00\nend: 2026-11-29 11:30\n---\n修家电。\n"})
    out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    december = out / "activities/calendar/2026-12/index.html"
    _build(root, out, cache)
    for end, shown in [("2026-12-10 17:00", True), ("2027-01-03", True), ("2026-11-30", False)]:
        path = root / repair
        path.write_text(re.sub(r"(?m)^end: .*$", f"end: {end}", path.read_text(encoding="utf-8")), encoding="utf-8")
        assert _build(root, out, cache) is not None
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        _build(root, tmp_path / "clean", tmp_path / f"clean-cache-{end}")
        assert tree_hashes(out) == tree_hashes(tmp_path / "clean"), end
        # Back in November alone, December has no calendar at all (months run to the last activity).
        assert (december.is_file() and "便民维修日" in december.read_text(encoding="utf-8")) == shown, end


@pytest.mark.parametrize("lines, shown, in_calendar", [
    (["cancelled: 因降雪取消\n", "cancelled: true\n", ""], "已取消", "STATUS:CANCELLED"),
    (["rescheduled_from: 2026-11-20\n", "rescheduled_from: 2026-11-21\n", ""], "已改期", "SEQUENCE:1"),
    # Moved again, then a third time (one day more each), then back to one move, then not moved.
    (["rescheduled_from: [2026-11-20, 2026-11-24]\n", "rescheduled_from:\n  - 2026-11-20\n  - 2026-11-24\n  - 2026-11-25\n",
      "rescheduled_from: 2026-11-20\n", ""], "已改期", "SEQUENCE:"),
], ids=["cancelled", "moved", "moved again"])
def test_cancelling_or_moving_an_activity_and_taking_it_back_equals_a_clean_build(
        tmp_path: Path, lines: list[str], shown: str, in_calendar: str) -> None:
    """A cancellation, or a move to another day (rescheduled_from), reaches every output that
    shows the activity (its page, the lists that mark it, the home page, the tag's page,
    calendar.ics and its event.ics with their STATUS or SEQUENCE, the feed), each equal to a
    clean build's, and so does changing it and taking it back. (The random walks' front edit
    cancels and moves too, at random.)"""
    yoga = "content/activities/2026-11-27-yoga.md"
    root = make_site_files(tmp_path, {
        yoga: "---\ntitle: 瑜伽课\nstart: 2026-11-27 09:00\ntags: [健身]\nsignup: 到服务台报名\n---\n练瑜伽。\n",
        "content/activities/2026-11-28-walk.md": "---\ntitle: 健步走\nstart: 2026-11-28 08:00\ntags: [健身]\n---\n走路。\n",
    })
    out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    _build(root, out, cache)
    original = (root / yoga).read_text(encoding="utf-8")
    for number, line in enumerate(lines):
        (root / yoga).write_text(original.replace("---\n", "---\n" + line, 1), encoding="utf-8")
        assert _build(root, out, cache) is not None
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        _build(root, tmp_path / "clean", tmp_path / f"clean-cache-{number}")
        assert tree_hashes(out) == tree_hashes(tmp_path / "clean"), line
        home = (out / "index.html").read_text(encoding="utf-8")
        assert (shown in home) == bool(line) and (in_calendar in (out / "calendar.ics").read_text(encoding="utf-8")) == bool(line)


def test_an_activitys_fee_follows_its_edits_and_the_sites_language_as_a_clean_build(tmp_path: Path) -> None:
    """A fee written as a number is worded when its page, poster and calendar event are made
    (models.worded_fee), from the parsed content cached whatever the site's language: after
    the fee is edited and the site switched to English, the page and both calendar files say
    what a clean build says (¥5), not the 5 元 of the build before."""
    tea = "content/activities/2026-11-27-tea.md"
    root = make_site_files(tmp_path, {tea: "---\ntitle: 茶话会\nstart: 2026-11-27 09:00\nfee: 0\n---\n喝茶。\n"})
    out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    _build(root, out, cache)
    edits = [(tea, "fee: 0", "fee: 5", "5 元"),
             ("site.yaml", "metrics:", "language: en\nmetrics:", "¥5"),
             (tea, "fee: 5", "fee: 0", "Free")]
    for number, (path, old, new, shown) in enumerate(edits):
        (root / path).write_text((root / path).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert _build(root, out, cache) is not None
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        _build(root, tmp_path / "clean", tmp_path / f"clean-cache-{number}")
        assert tree_hashes(out) == tree_hashes(tmp_path / "clean"), new
        for made in ("activities/2026-11-27-tea/index.html", "activities/2026-11-27-tea/event.ics", "calendar.ics"):
            assert shown in (out / made).read_text(encoding="utf-8"), (new, made)


def test_a_scheduled_notice_is_published_by_the_incremental_build_of_its_date(tmp_path: Path) -> None:
    """A notice dated ahead is held back, then published by the daily build of its date: the
    day before and on the day, the incremental output equals a clean build's."""
    root = make_site_files(tmp_path, {
        "content/notices/2026-11-20-ting-shui.md": "---\ntitle: 停水通知\ndate: 2026-11-20\ntags: [安全]\n---\n停水。\n",
        "content/notices/2027-01-02-an-quan.md": "---\ntitle: 寒假安全提醒\ndate: 2027-01-02\ntags: [安全]\n---\n注意安全。\n",
    })
    out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    for day in (dt.date(2027, 1, 1), dt.date(2027, 1, 2)):
        report = build_if_changed(root, out, today=day, cache_dir=cache, posters=False)
        clean = tmp_path / f"clean-{day}"
        build(root, clean, today=day, cache_dir=tmp_path / f"clean-cache-{day}", posters=False)
        assert tree_hashes(out) == tree_hashes(clean), day
        assert (out / "notices/2027-01-02-an-quan/index.html").is_file() == (day == dt.date(2027, 1, 2)), day
    assert report.next_change != dt.date(2027, 1, 2)


def test_second_build_renders_and_writes_nothing(tmp_path: Path) -> None:
    root = make_site_files(tmp_path, {})
    _walk(root, 7, notices=5, activities=5)
    first = build(root, tmp_path / "out", today=TODAY, posters=False)
    second = build(root, tmp_path / "out", today=TODAY, posters=False)
    assert first.rendered == first.pages
    assert (second.rendered, second.written) == (0, 0)


def test_editing_one_notice_renders_its_page_and_the_lists_it_is_in(tmp_path: Path) -> None:
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 2\n"})
    walk = _walk(root, 8, notices=12)
    build(root, tmp_path / "out", today=TODAY, posters=False)
    before = tree_hashes(tmp_path / "out")
    notice = walk.files("content/notices")[0]
    notice.write_text(notice.read_text(encoding="utf-8") + "\n新增的一句话。\n", encoding="utf-8")
    report = build(root, tmp_path / "out", today=TODAY, posters=False)
    after = tree_hashes(tmp_path / "out")
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    index = {path for path in changed if path.startswith("search-index/")}
    assert 1 <= report.rendered < report.pages / 2
    assert 1 <= len(changed - index) <= report.rendered
    assert report.written == len(changed)
    # The search index: meta.json and the shards of the words the notice gained (its URL
    # is in a bucket already, and the index holds no text).
    assert "search-index/meta.json" in index
    assert all(path.startswith("search-index/s/") for path in index - {"search-index/meta.json"})
    assert len(index) <= 1 + len("新增的一句话")  # a shard at most for each term it gained


def _tagged_site(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    """Seven notices with the tag 邻里节, two a page: four pages of the tag."""
    notices = {f"content/notices/2026-11-{day:02d}-n{day}.md": f"---\ntitle: 通知{day}\ndate: 2026-11-{day:02d}\ntags: [邻里节]\n---\n正文{day}。\n"
               for day in range(1, 8)}
    return make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 2\n", **notices, **(files or {})})


def _retitle(root: Path, day: int) -> None:
    notice = root / f"content/notices/2026-11-{day:02d}-n{day}.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace(f"title: 通知{day}", f"title: 改过的通知{day}"), encoding="utf-8")


def _tag_pages_rendered(root: Path, out: Path, monkeypatch) -> list[str]:
    """Build, and return the URLs of the tag's pages rendered."""
    import generator.rebuild

    rendered: list[str] = []
    real = generator.rebuild.render_output

    def render(env, output, shared):
        if output.url.startswith("/tags/"):
            rendered.append(output.url)
        return real(env, output, shared)

    monkeypatch.setattr(generator.rebuild, "render_output", render)
    build(root, out, today=TODAY, posters=False)
    monkeypatch.undo()
    return sorted(rendered)


def test_a_title_edit_renders_only_the_tag_page_that_lists_the_entry(tmp_path: Path, monkeypatch) -> None:
    root = _tagged_site(tmp_path)
    build(root, tmp_path / "out", today=TODAY, posters=False)
    _retitle(root, 3)  # newest first: 7 6 | 5 4 | 3 2 | 1
    # The list of tags reads each tag's name and count (tag.count), which a title leaves alone.
    assert _tag_pages_rendered(root, tmp_path / "out", monkeypatch) == ["/tags/lin-li-jie/page/3/"]
    assert "改过的通知3" in (tmp_path / "out/tags/lin-li-jie/page/3/index.html").read_text(encoding="utf-8")
    build(root, tmp_path / "clean", today=TODAY, posters=False, cache_dir=tmp_path / "clean-cache")
    assert tree_hashes(tmp_path / "out") == tree_hashes(tmp_path / "clean")


def test_a_theme_may_find_the_current_tag_among_the_sites_tags(tmp_path: Path) -> None:
    override = ('{% extends "base.html" %}{% block content %}{% for t in site.tags %}'
                '{% if t == tag %}[当前:{{ t.name }}]{% else %}[{{ t.name }}]{% endif %}{% endfor %}{% endblock %}\n')
    root = _tagged_site(tmp_path, {"templates/tag.html": override})
    build(root, tmp_path / "out", today=TODAY, posters=False)
    assert "[当前:邻里节]" in (tmp_path / "out/tags/lin-li-jie/page/2/index.html").read_text(encoding="utf-8")


def test_a_tag_page_that_shows_all_the_tags_items_is_rendered_again_for_any_of_them(tmp_path: Path, monkeypatch) -> None:
    """A theme may show the whole tag on each of its pages (``tag.items``): reading it makes
    the page depend on every tag's items."""
    override = '{% extends "base.html" %}{% block content %}{% for item in tag.items %}{{ item.title }} {% endfor %}{% endblock %}\n'
    root = _tagged_site(tmp_path, {"templates/tag.html": override})
    build(root, tmp_path / "out", today=TODAY, posters=False)
    _retitle(root, 3)
    assert _tag_pages_rendered(root, tmp_path / "out", monkeypatch) == [
        "/tags/lin-li-jie/", "/tags/lin-li-jie/page/2/", "/tags/lin-li-jie/page/3/", "/tags/lin-li-jie/page/4/"]
    for page in ("", "page/2/", "page/3/", "page/4/"):
        assert "改过的通知3" in (tmp_path / f"out/tags/lin-li-jie/{page}index.html").read_text(encoding="utf-8")


def test_a_list_of_tags_that_shows_their_items_is_rendered_again_for_a_title(tmp_path: Path, monkeypatch) -> None:
    """The tag cloud is left alone by a title edit only while it reads no tag's items."""
    override = ('{% extends "base.html" %}{% block content %}{% for tag in site.tags %}'
                '{{ tag.name }}: {{ tag.items | map(attribute="title") | join(" ") }}{% endfor %}{% endblock %}\n')
    root = _tagged_site(tmp_path, {"templates/tags.html": override})
    build(root, tmp_path / "out", today=TODAY, posters=False)
    _retitle(root, 3)
    assert _tag_pages_rendered(root, tmp_path / "out", monkeypatch) == ["/tags/", "/tags/lin-li-jie/page/3/"]
    assert "改过的通知3" in (tmp_path / "out/tags/index.html").read_text(encoding="utf-8")


def test_a_one_file_rebuild_saves_only_the_changes_to_the_content_cache(tmp_path: Path, monkeypatch) -> None:
    """The cache's base (every entry) is rewritten only when the changes outgrow it."""
    import generator.content

    parsed = []
    parse = generator.content._Parser.parse
    monkeypatch.setattr(generator.content._Parser, "parse", lambda self, relpath, kind: parsed.append(relpath) or parse(self, relpath, kind))
    root = make_site_files(tmp_path, {})
    walk = _walk(root, 9, notices=30)
    # Written an hour ago, as a site's files are: files written within RACY_NS of the first
    # build are racily clean, and the next build, once they are older, saves each one's new
    # stat (a changed entry): the base was rewritten whenever a loaded machine made the first
    # build outlast RACY_NS.
    an_hour_ago = time.time() - 3600
    for path in walk.files("content/notices"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    cache = tmp_path / "cache"
    build(root, tmp_path / "out", today=TODAY, posters=False, cache_dir=cache)
    base = (cache / "content.pickle").stat()
    notice, gone = walk.files("content/notices")[:2]
    notice.write_text(notice.read_text(encoding="utf-8") + "\n新增的一句话。\n", encoding="utf-8")
    gone.unlink()
    parsed.clear()
    build(root, tmp_path / "out", today=TODAY, posters=False, cache_dir=cache)
    assert parsed == [notice.relative_to(root).as_posix()]
    assert (cache / "content.pickle").stat().st_mtime_ns == base.st_mtime_ns
    assert (cache / "content-changes.pickle").stat().st_size < base.st_size / 5
    parsed.clear()
    monkeypatch.setattr(generator.content, "_in_memory", {})  # read the files, as a new process does
    report = build(root, tmp_path / "out2", today=TODAY, posters=False, cache_dir=cache)
    assert parsed == []  # the edited notice came from the changes, the others from the base
    assert tree_hashes(tmp_path / "out2") == tree_hashes(tmp_path / "out")
    assert report.rendered == report.pages  # a new output folder, the same cache


def _cache_files_read(monkeypatch) -> list[str]:
    """The names of the content cache files read from now on, as they are read."""
    import generator.content

    reads: list[str] = []
    load_pickle = generator.content.load_pickle
    monkeypatch.setattr(generator.content, "load_pickle", lambda path: reads.append(path.name) or load_pickle(path))
    return reads


def test_builds_in_one_process_keep_the_parsed_content_in_memory(tmp_path: Path, monkeypatch) -> None:
    """serve builds again and again in one process: the content cache it saved is not read
    back from disk, unless another process (a build in a terminal) saved it since."""
    reads = _cache_files_read(monkeypatch)
    root = make_site_files(tmp_path, {})
    walk = _walk(root, 11, notices=6, activities=6)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    for edit in (walk.edit_notice, walk.edit_activity, walk.rename, walk.add_team):
        edit()
        reads.clear()
        build(root, out, today=TODAY, posters=False, cache_dir=cache)
        assert reads == []
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        build(root, tmp_path / "clean", today=TODAY, posters=False, cache_dir=tmp_path / "clean-cache")
        assert tree_hashes(out) == tree_hashes(tmp_path / "clean")
        shutil.rmtree(tmp_path / "clean-cache")
    walk.edit_notice()
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--out", str(out),
                             "--cache", str(cache), "--no-posters", "--today", TODAY.isoformat()],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    walk.edit_notice()
    reads.clear()
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    assert "content.pickle" in reads  # saved by the other process: read again


def test_an_edit_published_by_the_fast_path_keeps_the_content_in_memory(tmp_path: Path, monkeypatch) -> None:
    """The fast path adds the edited notice to the content cache: serve's copy in memory takes
    it too, so that its next full build does not read the cache back from disk."""
    root = make_site_files(tmp_path, {})
    walk = _walk(root, 11, notices=6, activities=6)
    cache, out = tmp_path / "cache", tmp_path / "out"
    _build(root, out, cache)
    walk.edit_title()
    assert _build(root, out, cache).body_edit
    reads = _cache_files_read(monkeypatch)
    walk.edit_activity()
    assert not _build(root, out, cache).body_edit
    assert reads == []
    build(root, tmp_path / "clean", today=TODAY, posters=False, cache_dir=tmp_path / "clean-cache")
    assert tree_hashes(out) == tree_hashes(tmp_path / "clean")


def test_the_preview_loads_the_site_before_the_first_save(tmp_path: Path, monkeypatch) -> None:
    """serve loads and links the site while idle after its first build (which usually found
    nothing changed and read nothing), so that the first save does not wait for it: the
    content cache is not read again, and calendar.ics reuses the events written then."""
    import generator.content
    import generator.ical
    from generator.serve import Preview

    root = make_site_files(tmp_path, {})
    walk = _walk(root, 12, notices=4, activities=3)
    preview = Preview(root, "zh", TODAY)
    build(root, preview.out, today=TODAY, drafts=True, posters=False, cache_dir=preview.cache)
    monkeypatch.setattr(generator.content, "_in_memory", {})  # as in a new process
    monkeypatch.setattr(generator.ical, "_EVENTS", {})
    reads = _cache_files_read(monkeypatch)
    preview.preload()
    assert reads == ["content.pickle"]
    assert len(generator.ical._EVENTS) == 3
    written = []
    vevent = generator.ical._vevent
    monkeypatch.setattr(generator.ical, "_vevent", lambda *args: written.append(args) or vevent(*args))
    walk.edit_activity()  # calendar.ics is written again: only the edited event is new
    reads.clear()
    build(root, preview.out, today=TODAY, drafts=True, posters=False, cache_dir=preview.cache)
    assert reads == [] and len(written) == 1


def test_the_content_cache_keeps_models_without_their_links(tmp_path: Path, monkeypatch) -> None:
    """Models handed out again in one process were linked by the build before; saved with
    their links, an activity brought its team and every activity of the team along (the
    changes file grew to the size of the base; a chain of teams and service categories
    overflowed pickle's recursion)."""
    import generator.content

    team = "---\nname: 红帽子服务队\n---\n巡逻。\n"
    activity = "---\ntitle: 活动{n}\nstart: 2026-11-{day} 09:30\nteam: red-caps\n---\n内容{n}。\n"
    files = {"content/teams/red-caps.md": team}
    files.update({f"content/activities/a{n}.md": activity.format(n=n, day=10 + n) for n in range(6)})
    root = make_site_files(tmp_path, files)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    for n in (1, 2, 1):  # each saved in the changes file, the earlier one again with the later
        path = root / f"content/activities/a{n}.md"
        path.write_text(path.read_text(encoding="utf-8") + "多一句。\n", encoding="utf-8")
        build(root, out, today=TODAY, posters=False, cache_dir=cache)
    monkeypatch.setattr(generator.content, "_in_memory", {})  # read the files, as a new process does
    saved = generator.content.ContentCache.open(cache, generator.content.settings_key(load_config(root)[0]))
    models = [loaded.entry for loaded in saved.entries.values()]
    assert len(models) == 7
    assert all(model.team is None and model.announced is None for model in models if model.TYPE == "activity")
    assert all(model.activities == [] and model.services == [] for model in models if model.TYPE == "team")


def test_a_damaged_bodies_file_is_no_cache(tmp_path: Path, monkeypatch) -> None:
    """The content cache is a shortcut: bodies cut short (a power cut, a full disk) make the
    build parse everything again, not fail."""
    import generator.content

    root = make_site_files(tmp_path, {})
    _walk(root, 13, notices=4, activities=2)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    (bodies,) = cache.glob("bodies-*.bin")
    bodies.write_bytes(bodies.read_bytes()[:100])
    monkeypatch.setattr(generator.content, "_in_memory", {})
    shutil.rmtree(out)
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    build(root, tmp_path / "clean", today=TODAY, posters=False, cache_dir=tmp_path / "clean-cache")
    assert tree_hashes(out) == tree_hashes(tmp_path / "clean")


def test_a_damaged_bodies_file_stays_no_cache_after_an_interrupted_build(tmp_path: Path, monkeypatch) -> None:
    """The parse appends bodies to the cache's file before the new pickle replaces the old:
    a build stopped in between (Ctrl-C) must not make a file cut short by a power cut look
    whole again to the old pickle, whose bodies would then be other notices' bytes (found by
    a review: the next build failed on undecodable text until the cache was deleted)."""
    import generator.content

    root = make_site_files(tmp_path, {})
    _walk(root, 17, notices=6, activities=2)
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    (bodies,) = cache.glob("bodies-*.bin")
    os.truncate(bodies, bodies.stat().st_size - 300)  # the power cut
    monkeypatch.setattr(generator.content, "_in_memory", {})

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(generator.content.ContentCache, "save", interrupted)
        with pytest.raises(KeyboardInterrupt):
            build(root, out, today=TODAY, posters=False, cache_dir=cache)
    monkeypatch.setattr(generator.content, "_in_memory", {})
    build(root, tmp_path / "again", today=TODAY, posters=False, cache_dir=cache)
    build(root, tmp_path / "clean", today=TODAY, posters=False, cache_dir=tmp_path / "clean-cache")
    assert tree_hashes(tmp_path / "again") == tree_hashes(tmp_path / "clean")


def test_files_read_again_once_are_trusted_by_stat_the_build_after(tmp_path: Path, monkeypatch) -> None:
    """Files saved moments before a build (racily clean) or touched since are read to compare
    their bytes; the build then keeps what stat says of them, so later builds do not read
    every file again (8,310 files read on each one-file rebuild of a copied 10,000-item site)."""
    import generator.content

    reads = []
    read_bytes = generator.content.read_bytes
    monkeypatch.setattr(generator.content, "read_bytes", lambda root, relpath, problems: reads.append(relpath) or read_bytes(root, relpath, problems))
    root = make_site_files(tmp_path, {})
    walk = _walk(root, 4, notices=12)
    cache = tmp_path / "cache"
    build(root, tmp_path / "out", today=TODAY, posters=False, cache_dir=cache)
    an_hour_ago = time.time() - 3600
    for path in walk.files("content/notices"):
        os.utime(path, (an_hour_ago, an_hour_ago))  # no longer racy; the same bytes
    reads.clear()
    build(root, tmp_path / "out", today=TODAY, posters=False, cache_dir=cache)
    assert len(reads) == 12  # stat changed: each read once to see that its bytes did not
    reads.clear()
    report = build(root, tmp_path / "out", today=TODAY, posters=False, cache_dir=cache)
    assert reads == [] and report.rendered == 0


def test_a_photo_replaced_under_the_same_name_updates_the_page(tmp_path: Path) -> None:
    from PIL import Image

    root = make_site_files(tmp_path, {"content/notices/a.md": "---\ntitle: 照片\ndate: 2026-11-20\n---\n![社区活动照片](../media/photo.png)\n"})
    (root / "content/media").mkdir()
    Image.new("RGB", (600, 400), "white").save(root / "content/media/photo.png")
    build(root, tmp_path / "out", today=TODAY, posters=False)
    time.sleep(0.05)  # a new modification time, as a later save by staff would have
    Image.new("RGB", (300, 500), "white").save(root / "content/media/photo.png")
    build(root, tmp_path / "out", today=TODAY, posters=False)
    page = (tmp_path / "out/notices/2026-11-20-a/index.html").read_text(encoding="utf-8")
    assert 'width="300" height="500"' in page


def test_a_copied_file_deleted_from_the_output_comes_back(tmp_path: Path) -> None:
    """Style sheets and photos are copied, not rendered: the next build copies a lost one again."""
    root = make_site_files(tmp_path, {"content/media/note.txt": "附件\n",
                                      "content/notices/n.md": "---\ntitle: 通知\ndate: 2026-11-20\n---\n[附件](media/note.txt)\n"})
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert _build(root, out, cache) is not None
    lost = [out / "media/note.txt", next((out / "static").rglob("*.css"))]
    for path in lost:
        path.unlink()
    assert _build(root, out, cache) is not None
    assert all(path.is_file() for path in lost)
    assert _build(root, out, cache).rendered == 0  # and then the no-change answer again


def test_calendar_events_are_kept_for_the_next_process(tmp_path: Path, monkeypatch) -> None:
    """After one activity is edited, a new process writes that one event alone: calendar.ics
    takes the others from the cache folder (0.3 s of a 1.1 s rebuild at 5,000 activities)."""
    from generator import ical

    root = make_site_files(tmp_path, {})
    walk = _walk(root, 12, notices=2, activities=6)
    cache, out = tmp_path / "cache", tmp_path / "out"
    monkeypatch.setattr(ical, "_EVENTS", {})  # as in a new process
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    assert (cache / ical.EVENTS_FILE).is_file()
    written: list[str] = []
    vevent = ical._vevent
    monkeypatch.setattr(ical, "_vevent", lambda activity, config: written.append(activity.path) or vevent(activity, config))

    def compare_with_clean_build() -> None:
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        shutil.rmtree(tmp_path / "clean-cache", ignore_errors=True)
        build(root, tmp_path / "clean", today=TODAY, posters=False, cache_dir=tmp_path / "clean-cache")
        assert tree_hashes(out) == tree_hashes(tmp_path / "clean")

    walk.edit_activity()
    monkeypatch.setattr(ical, "_EVENTS", {})
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    assert len(written) == 1
    compare_with_clean_build()
    # A preview that ran all day: the memo forgets what it holds while the calendar is written.
    walk.edit_activity()
    ical._EVENTS.update({("old", str(number), "", None): b"" for number in range(100_001)})
    build(root, out, today=TODAY, posters=False, cache_dir=cache)
    compare_with_clean_build()
    # A damaged file, or one another version of noticeboard wrote, is no cache.
    for kept in (b"not a pickle", pickle.dumps(("another version", {}))):
        (cache / ical.EVENTS_FILE).write_bytes(kept)
        walk.edit_activity()
        monkeypatch.setattr(ical, "_EVENTS", {})
        written.clear()
        build(root, out, today=TODAY, posters=False, cache_dir=cache)
        assert len(written) == len(walk.files("content/activities"))
        compare_with_clean_build()


def test_calendar_events_are_kept_even_when_this_process_wrote_them_all_before(tmp_path: Path, monkeypatch) -> None:
    """A build whose process already wrote every event (each activity's event.ics rendered
    first, or the preview writing them while idle) still keeps them for the next process."""
    from generator import ical
    from generator.build import check

    root = make_site_files(tmp_path, {})
    _walk(root, 3, notices=1, activities=3)
    site, problems = check(root, TODAY)
    assert not problems.errors and len(site.activities) == 3
    monkeypatch.setattr(ical, "_EVENTS", {})
    ical.remember_events(site.activities, site.config)
    kept = tmp_path / "cache" / ical.EVENTS_FILE
    calendar = ical.all_activities_ics(site.activities, site.config, kept)
    assert len(ical._kept_events(kept)) == 3
    saved = kept.stat()
    assert ical.all_activities_ics(site.activities, site.config, kept) == calendar
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (saved.st_ino, saved.st_mtime_ns)  # not saved again


def test_a_build_killed_while_publishing_is_followed_by_a_clean_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed after moving one changed page into the output, the manifest on disk still
    describes the old pages: trusted, the next build would keep the moved page as current
    once its notice is changed back, and publish the title that is no longer in the file."""
    import generator.write

    root = _tagged_site(tmp_path)
    out = tmp_path / "out"
    build(root, out, today=TODAY, posters=False)
    notice = root / "content/notices/2026-11-03-n3.md"
    original = notice.read_bytes()
    _retitle(root, 3)
    moves, real_replace = [], os.replace

    def replace_then_stop(source, destination):  # noqa: ANN001 - as os.replace
        if ".building-" in str(source):  # a staged file moved into the output
            if moves:
                raise KeyboardInterrupt
            moves.append(destination)
        real_replace(source, destination)

    monkeypatch.setattr(generator.write.os, "replace", replace_then_stop)
    with pytest.raises(KeyboardInterrupt):
        build(root, out, today=TODAY, posters=False)
    monkeypatch.undo()
    assert any("改过的通知3" in Path(path).read_text(encoding="utf-8") for path in moves if str(path).endswith(".html"))
    notice.write_bytes(original)
    build(root, out, today=TODAY, posters=False)
    build(root, tmp_path / "clean", today=TODAY, cache_dir=tmp_path / "clean-cache", posters=False)
    assert tree_hashes(out) == tree_hashes(tmp_path / "clean")


# A small site whose pages change with the calendar: notices expiring at a month's end and at the
# year's end, an activity ending at 18:00 and written without a date, one over a month's end,
# one over midnight into the new year, a paused service that resumes, a team dissolved.
DATED_SITE = {
    "content/notices/2026-11-20-water.md": "---\ntitle: 停水\ndate: 2026-11-20\nexpires: 2026-11-30\nurgent: true\n---\n停水。\n",
    "content/notices/2026-11-01-insurance.md": "---\ntitle: 医保缴费\ndate: 2026-11-01\nexpires: 2026-12-31\npinned: true\n---\n缴费。\n",
    "content/notices/2026-10-02-plain.md": "---\ntitle: 普通通知\ndate: 2026-10-02\n---\n通知。\n",
    "content/activities/2026-12-02-repair.md": "---\ntitle: 便民维修\nstart: 2026-12-02 14:00\nend: 18:00\n---\n维修。\n",
    "content/activities/2026-11-29-fair.md": "---\ntitle: 跨月集市\nstart: 2026-11-29\nend: 2026-12-01\ndate: 2026-11-01\n---\n集市。\n",
    "content/activities/2026-12-31-gala.md": "---\ntitle: 跨年晚会\nstart: 2026-12-31 20:00\nend: 2027-01-01 01:00\n---\n晚会。\n",
    "content/stats/2026-11.yaml": "month: 2026-11\nfigures: {service_visits: 300}\n",
    # A service paused until a Friday (no other change that day), a team dissolved on New Year's Eve.
    "content/services/health.yaml": ("category: 健康服务\nitems:\n  - id: home-doctor\n    name: 上门问诊\n"
                                     "    provider: silver-age\n    paused: 医生外出\n    resumes: 2026-12-04\n"),
    "content/teams/silver-age.md": "---\nname: 银龄互助队\ndissolved: 2026-12-31\n---\n助老。\n",
}
# Runs of days: the days around each expiry and end, a month's end, a Monday, the year's end.
DATED_DAYS = [dt.date(2026, 11, 28) + dt.timedelta(days=n) for n in range(7)] + \
    [dt.date(2026, 12, 30) + dt.timedelta(days=n) for n in range(4)]


def _published(folder: Path) -> dict[str, bytes]:
    """The files of ``folder`` without the calendar's mark of today, which moves every day by
    design and is the one change next_change does not announce."""
    return {path.relative_to(folder).as_posix(): path.read_bytes().replace(b' class="today" aria-current="date"', b"")
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_daily_rebuild_equals_a_clean_build_and_changes_only_on_the_days_it_announced(tmp_path: Path) -> None:
    """As a daily timer runs ``noticeboard build`` with nothing edited: each day's incremental
    build is the clean build of that day, byte for byte, and the site changes by itself only on
    or after the day the day before's build announced (next_change), which names the cause."""
    root = make_site_files(tmp_path, DATED_SITE)
    before: tuple[dt.date, dict[str, bytes], BuildReport] | None = None
    reasons = {}
    for day in DATED_DAYS:
        clean_out, clean_cache = tmp_path / "clean", tmp_path / "clean-cache"
        shutil.rmtree(clean_out, ignore_errors=True)
        shutil.rmtree(clean_cache, ignore_errors=True)
        clean = build(root, clean_out, today=day, cache_dir=clean_cache, posters=False)
        build_if_changed(root, tmp_path / "daily", today=day, cache_dir=tmp_path / "daily-cache", posters=False)
        assert tree_hashes(tmp_path / "daily") == tree_hashes(clean_out), day
        files = _published(clean_out)
        if before is not None and before[0] == day - dt.timedelta(days=1):
            changed = sorted(path for path in {*files, *before[1]} if files.get(path) != before[1].get(path))
            announced = before[2].next_change
            assert announced is not None and announced >= day, (day, announced)
            assert (announced == day) or not changed, (day, announced, before[2].next_change_reason, changed)
        before = (day, files, clean)
        reasons[day] = (clean.next_change, clean.next_change_reason[0])
    assert reasons[dt.date(2026, 11, 30)] == (dt.date(2026, 12, 1), "通知 “停水” 过期")  # the new month too
    assert reasons[dt.date(2026, 12, 1)] == (dt.date(2026, 12, 2), "活动 “跨月集市” 结束")
    assert reasons[dt.date(2026, 12, 2)] == (dt.date(2026, 12, 3), "活动 “便民维修” 结束")
    assert reasons[dt.date(2026, 12, 3)] == (dt.date(2026, 12, 4), "服务 “上门问诊” 恢复")
    assert reasons[dt.date(2026, 12, 30)] == (dt.date(2026, 12, 31), "服务队 “银龄互助队” 解散")
    assert reasons[dt.date(2026, 12, 31)] == (dt.date(2027, 1, 1), "通知 “医保缴费” 过期")
    assert reasons[dt.date(2027, 1, 1)] == (dt.date(2027, 1, 2), "活动 “跨年晚会” 结束")


def test_publishing_a_photo_whole_or_not_follows_its_links_as_a_clean_build_does(tmp_path: Path) -> None:
    """A photo shown only from its copies is not published whole; a link to it (原图), an
    attachment or a /media/ link added by a body edit publishes it, and taking the link away
    removes it again; a photo replaced by a small one is shown (and published) whole. Each
    step's incremental build (the fast path for a body edit when it may) equals a clean one."""
    from PIL import Image

    shown = "---\ntitle: 照片\ndate: 2026-11-20\n---\n![社区广场](../media/photo.jpg)\n"
    other = "---\ntitle: 另一条\ndate: 2026-11-21\n{front}---\n{body}\n"
    root = make_site_files(tmp_path, {"content/notices/a.md": shown,
                                      "content/notices/b.md": other.format(front="", body="没有链接。")})
    (root / "content/media").mkdir()
    photo = root / "content/media/photo.jpg"
    Image.new("RGB", (3000, 2000), "#3a7").save(photo, quality=80)
    steps = [
        ("a.md", shown + "\n[原图](../media/photo.jpg)\n", None, True),
        ("a.md", shown, None, False),
        ("b.md", other.format(front="", body="[原图](/media/photo.jpg)"), None, True),
        ("b.md", other.format(front="", body="没有链接。"), None, False),
        ("b.md", other.format(front="attachments:\n  - {title: 原图, file: media/photo.jpg}\n", body="附件。"), None, True),
        ("b.md", other.format(front="", body="没有链接。"), None, False),
        (None, None, (1000, 700), True),
        (None, None, (2500, 1500), False),
    ]
    out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    assert _build(root, out, cache) is not None
    assert not (out / "media/photo.jpg").exists()
    for file, text, size, whole in steps:
        time.sleep(0.02)  # a new modification time, as a later save by staff would have
        if file is not None:
            (root / "content/notices" / file).write_text(text, encoding="utf-8")
        else:
            Image.new("RGB", size, "#a73").save(photo, quality=80)
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        clean = _build(root, tmp_path / "clean", tmp_path / "clean-cache")
        shutil.rmtree(tmp_path / "clean-cache")
        incremental = _build(root, out, cache)
        assert clean is not None and incremental is not None and not clean.warnings
        assert tree_hashes(out) == tree_hashes(tmp_path / "clean"), (file, text, size)
        assert (out / "media/photo.jpg").is_file() == whole, (file, text, size)


def test_drafting_and_publishing_a_notice_with_photos_equals_a_clean_build(tmp_path: Path) -> None:
    """A notice showing a photo of its own, linking a scan whole and showing a photo another
    notice shows too: made a draft, its own files leave the output and the shared photo stays;
    published again, or dated ahead and then reached by the day's build, they come back. Each
    step's incremental build (the no-change check, the fast path, the full build, as the command
    runs them) equals a clean build of the same files on the same day, byte for byte."""
    from PIL import Image

    front = "---\ntitle: 入户走访\ndate: {date}\n{extra}---\n"
    body = "![走访](../media/visit.jpg)\n\n[名单原图](../media/scan.jpg)\n\n![广场](../media/square.png)\n"
    root = make_site_files(tmp_path, {
        "content/notices/visit.md": front.format(date="2026-11-20", extra="") + body,
        "content/notices/square.md": "---\ntitle: 广场\ndate: 2026-11-19\n---\n![广场](../media/square.png)\n",
    })
    (root / "content/media").mkdir()
    Image.new("RGB", (2000, 1500), "#3a7").save(root / "content/media/visit.jpg", quality=80)
    Image.new("RGB", (1200, 1700), "#a73").save(root / "content/media/scan.jpg", quality=80)
    Image.new("RGB", (1000, 600), "#37a").save(root / "content/media/square.png")
    own = {"media/visit.480w.jpg", "media/visit.960w.jpg", "media/visit.1440w.jpg", "media/scan.jpg"}
    shared = {"media/square.png", "media/square.480w.png", "media/square.960w.png"}
    steps = [  # (front matter's date and extra lines, the build's day, whether the notice is published)
        (("2026-11-20", "draft: true\n"), TODAY, False),
        (("2026-11-20", ""), TODAY, True),
        (("2026-11-20", "draft: true\n"), TODAY, False),
        (("2026-11-25", ""), TODAY, False),  # scheduled
        (("2026-11-25", ""), dt.date(2026, 11, 25), True),  # the build of its day
        (("2026-11-25", "draft: true\n"), dt.date(2026, 11, 25), False),
        (("2026-11-25", ""), dt.date(2026, 11, 25), True),
    ]
    out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    build_if_changed(root, out, today=TODAY, cache_dir=cache, posters=False)
    assert own | shared <= set(tree_hashes(out))
    for number, ((date, extra), day, published) in enumerate(steps):
        time.sleep(0.02)  # a new modification time, as a later save by staff would have
        (root / "content/notices/visit.md").write_text(front.format(date=date, extra=extra) + body, encoding="utf-8")
        clean = tmp_path / f"clean-{number}"
        build(root, clean, today=day, cache_dir=tmp_path / f"clean-cache-{number}", posters=False)
        build_if_changed(root, out, today=day, cache_dir=cache, posters=False)
        files = set(tree_hashes(out))
        assert tree_hashes(out) == tree_hashes(clean), (number, date, extra, day)
        assert (own <= files, own & files) == ((True, own) if published else (False, set())), number
        assert shared <= files, number


# `noticeboard build`, its publishing slowed (50 ms a page moved into the output): two builds
# of one site that ran unchecked side by side would move their pages in turn (or the second,
# distrusting the manifest the first is publishing, would swap a whole new folder in under it),
# and the output would end as a mix of both while the manifest was the last one's.
SLOW_PUBLISHING = """\
import os, sys, time
moved = os.replace
def slowly(source, destination):
    if ".building-" in str(source):
        time.sleep(0.05)
    moved(source, destination)
os.replace = slowly
from generator.cli import main
sys.argv[0] = "noticeboard"
sys.exit(main())
"""


def _many_notices(tmp_path: Path, count: int, title: str = "通知") -> Path:
    notices = {f"content/notices/2026-11-{1 + number % 20:02d}-n{number}.md":
               f"---\ntitle: {title}{number}\ndate: 2026-11-{1 + number % 20:02d}\ntags: [标签{number % 3}]\n---\n正文{number}。\n"
               for number in range(count)}
    return make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 4\n", **notices})


def _rename_titles(root: Path, numbers: range, title: str) -> None:
    for number in numbers:
        notice = next((root / "content/notices").glob(f"*-n{number}.md"))
        text = notice.read_text(encoding="utf-8")
        notice.write_text(re.sub(r"title: \S+?(\d+)\n", rf"title: {title}\1\n", text, count=1), encoding="utf-8")


def _wait_for_staging(root: Path, process: subprocess.Popen) -> None:
    """Until ``process``, a build of ``root``, is rendering pages (its staging folder is there)."""
    staging, deadline = root / f".public.building-{process.pid}", time.monotonic() + 120
    while not staging.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before it was seen rendering"


def _clean_build_equals(root: Path, out: Path, tmp_path: Path) -> None:
    clean_out, clean_cache = tmp_path / "clean", tmp_path / "clean-cache"
    shutil.rmtree(clean_out, ignore_errors=True)
    shutil.rmtree(clean_cache, ignore_errors=True)
    build(root, clean_out, today=TODAY, cache_dir=clean_cache, posters=False)
    assert tree_hashes(out) == tree_hashes(clean_out)


def test_two_builds_of_a_site_started_at_once_publish_what_a_clean_build_does(tmp_path: Path) -> None:
    """The daily timer's build starting while a staff member builds by hand: both end well,
    one after the other, and the output and its manifest agree, so the incremental builds that
    follow equal clean builds byte for byte."""
    root = _many_notices(tmp_path, 40)
    out = root / "public"
    command = [sys.executable, "-c", SLOW_PUBLISHING, "build", str(root), "--today", str(TODAY), "--no-posters"]
    assert subprocess.run(command, capture_output=True, timeout=120).returncode == 0
    _rename_titles(root, range(0, 40, 2), "甲")
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_staging(root, first)  # the first has read the files: the edits below are not in its pages
    _rename_titles(root, range(1, 40, 2), "乙")
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ended = [first.communicate(timeout=120), second.communicate(timeout=120)]
    assert (first.returncode, second.returncode) == (0, 0), ended
    assert all("Traceback" not in err for _, err in ended)
    # The later build published every edit, and the next builds find nothing left to do.
    _clean_build_equals(root, out, tmp_path)
    _build(root, out, root / ".noticeboard-cache")
    _clean_build_equals(root, out, tmp_path)
    _rename_titles(root, range(0, 40, 3), "丙")
    assert _build(root, out, root / ".noticeboard-cache").rendered > 0
    _clean_build_equals(root, out, tmp_path)


def test_a_build_killed_mid_build_leaves_no_lock_behind(tmp_path: Path) -> None:
    """A build killed (SIGKILL: out of memory, a timer's stop, `kill -9`) while its render
    workers are busy: the next build neither waits for it nor trusts what it left."""
    import signal

    root = _many_notices(tmp_path, 300)  # over 200 pages to render: in forked workers
    out = root / "public"
    command = [sys.executable, "-m", "generator", "build", str(root), "--today", str(TODAY), "--no-posters"]
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    _rename_titles(root, range(300), "改")
    killed = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_staging(root, killed)
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    started = time.monotonic()
    after = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert after.returncode == 0, after.stderr
    assert "另一个 noticeboard" not in after.stderr  # nothing to wait for
    assert time.monotonic() - started < 60
    _clean_build_equals(root, out, tmp_path)
