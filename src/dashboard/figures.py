"""Built figures shared by every visitor of the same view.

Visitors who open the same view (the same pull, filters, as-of day and province scope: one
`View` object, see `pipeline.make_view`) get the same built figure in their language instead of
building it again: on the overview that is about 90 ms of the 110 ms of core work per visitor.
Only figures of aggregates are shared this way (no person's data is in them, so the role's
masking does not change them). A figure is only read once built (Streamlit serializes it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dashboard.pipeline import View


def shared_figure(view: View, name: str, lang: str, build: Callable[[], Any]) -> Any:
    """The figure NAME in LANG for VIEW: built on the first call, the same object afterwards."""
    # Two first visitors at once may both build it; either result is the same figure.
    return view.memo(("figure", name, lang), build)
