"""The front desk's guide (docs/front-desk.md, linked from the README) and docs/serve.md
match the app they describe."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_the_front_desks_guide_shows_and_points_to_the_app() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/front-desk.md)" in readme and "handouts serve" in readme
    guide = (ROOT / "docs" / "front-desk.md").read_text(encoding="utf-8")
    assert "## The web app: `handouts serve`" in guide
    assert "![The web app's catalog" in guide and "](serve.md)" in guide
    assert (ROOT / "docs" / "serve.png").stat().st_size > 10_000


def test_every_setting_the_app_reads_is_documented() -> None:
    code = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "handouts" / "serve").glob("*.py")
    )
    read = set(re.findall(r"\"(HANDOUTS_[A-Z_]+)\"", code))
    assert read >= {"HANDOUTS_TOKEN", "HANDOUTS_SMTP_HOST", "HANDOUTS_SMTP_PASSWORD"}
    guide = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    assert not {name for name in read if name not in guide}
