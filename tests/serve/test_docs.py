"""The README's front-desk section and docs/serve.md match the app they describe."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_the_readme_shows_and_points_to_the_app() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "### For the front desk: `handouts serve`" in readme
    assert "![The web app's catalog" in readme and "docs/serve.md" in readme
    assert (ROOT / "docs" / "serve.png").stat().st_size > 10_000


def test_every_setting_the_app_reads_is_documented() -> None:
    code = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "handouts" / "serve").glob("*.py")
    )
    read = set(re.findall(r"\"(HANDOUTS_[A-Z_]+)\"", code))
    assert read >= {"HANDOUTS_TOKEN", "HANDOUTS_SMTP_HOST", "HANDOUTS_SMTP_PASSWORD"}
    guide = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    assert not {name for name in read if name not in guide}
