"""Built figures and tables shared by every visitor of the same view.

Visitors who open the same view (the same pull, filters, as-of day and province scope: one
`View` object, see `pipeline.make_view`) get the same built figure or table in their language
instead of building it again. Only figures and tables of aggregates and lists without a
person's data are shared, so the role's masking does not change them; rows with names or phones
(the Data page) are built per visit. What is shared is read, never changed, by the pages
(Streamlit serializes it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dashboard.pipeline import View


def shared(view: View, name: str, lang: str | None, build: Callable[[], Any]) -> Any:
    """NAME in LANG (None: the same in every language) for VIEW: built on the first call, the
    same object afterwards."""
    # Two first visitors at once may both build it; either result is the same.
    return view.memo(("shared", name, lang), build)


def shared_figure(view: View, name: str, lang: str, build: Callable[[], Any]) -> Any:
    """The figure NAME in LANG for VIEW: built on the first call, the same object afterwards."""
    return view.memo(("figure", name, lang), build)
