"""handouts: YAML content blocks to branded, print- and email-ready patient-education PDFs.

The public API; everything else is internal. Importing the package is cheap: each name loads
its module on first use, so `handouts --help` never imports ReportLab.

    from handouts import Options, build_catalog, load_library, render_handout
    library = load_library("content")              # raises ContentErrors, all at once
    pdf = render_handout(library, "migraine")      # .data (bytes) and .pages, nothing written
    build_catalog(Options(out=Path("out")))        # what `handouts build` does
    library.handout("migraine").draft              # True until a clinician signs all its text
    unsigned(library)                              # what awaits sign-off (`handouts review`)
    update_schemas("content")                      # editors' JSON Schemas (`handouts schema`)
    new_condition("content", "plantar-fasciitis")  # a new handout's files (`handouts new`)
    translation_states(library)                    # current, stale… (`handouts translations`)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from handouts.version import __version__

if TYPE_CHECKING:
    from handouts.api import (
        encrypt,
        load_library,
        make_packet,
        mark_translated,
        new_block,
        new_condition,
        render_handout,
        translation_states,
        update_schemas,
    )
    from handouts.build.private import build_packet
    from handouts.build.run import BuildResult, Built, build_catalog, check_content, stale_outputs
    from handouts.content.library import Handout, Library
    from handouts.content.personal import Personal, personal_from_options
    from handouts.content.review import unsigned
    from handouts.content.signing import sign_off
    from handouts.errors import ContentError, ContentErrors, HandoutsError
    from handouts.options import DEFAULT_OPTIONS, Options
    from handouts.quality import QualityReport, quality_report
    from handouts.render.result import RenderedHandout

_WHERE = {
    "load_library": "handouts.api",
    "render_handout": "handouts.api",
    "make_packet": "handouts.api",
    "encrypt": "handouts.api",
    "update_schemas": "handouts.api",
    "translation_states": "handouts.api",
    "mark_translated": "handouts.api",
    "new_condition": "handouts.api",
    "new_block": "handouts.api",
    "build_catalog": "handouts.build.run",
    "build_packet": "handouts.build.private",
    "check_content": "handouts.build.run",
    "stale_outputs": "handouts.build.run",
    "Built": "handouts.build.run",
    "BuildResult": "handouts.build.run",
    "Library": "handouts.content.library",
    "Handout": "handouts.content.library",
    "Personal": "handouts.content.personal",
    "personal_from_options": "handouts.content.personal",
    "unsigned": "handouts.content.review",
    "sign_off": "handouts.content.signing",
    "ContentError": "handouts.errors",
    "ContentErrors": "handouts.errors",
    "HandoutsError": "handouts.errors",
    "Options": "handouts.options",
    "DEFAULT_OPTIONS": "handouts.options",
    "QualityReport": "handouts.quality",
    "quality_report": "handouts.quality",
    "RenderedHandout": "handouts.render.result",
}

__all__ = [
    "DEFAULT_OPTIONS",
    "BuildResult",
    "Built",
    "ContentError",
    "ContentErrors",
    "Handout",
    "HandoutsError",
    "Library",
    "Options",
    "Personal",
    "QualityReport",
    "RenderedHandout",
    "__version__",
    "build_catalog",
    "build_packet",
    "check_content",
    "encrypt",
    "load_library",
    "make_packet",
    "mark_translated",
    "new_block",
    "new_condition",
    "personal_from_options",
    "quality_report",
    "render_handout",
    "sign_off",
    "stale_outputs",
    "translation_states",
    "unsigned",
    "update_schemas",
]
assert set(__all__) == {*_WHERE, "__version__"}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'handouts' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
