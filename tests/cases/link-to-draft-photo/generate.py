"""The photos of the case, made here rather than kept in git: a draft's photo of a home visit
(3000 px wide: shown from its smaller copies), a scanned 公示 linked whole by a notice dated
ahead, and a photo a published notice links whole and only the draft shows."""

from pathlib import Path


def generate(site: Path) -> None:
    from PIL import Image

    (site / "content/media").mkdir(parents=True, exist_ok=True)
    for name, size in {"走访.jpg": (3000, 2000), "名单.jpg": (1200, 1600), "广场.jpg": (3000, 2000)}.items():
        Image.new("RGB", size, "#3a7").save(site / "content/media" / name, quality=80)
