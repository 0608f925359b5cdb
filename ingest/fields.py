"""The one list of OpenAlex work fields acukg asks for (the ``select`` of every work request).

Everything the graph needs, nothing more: a trimmed ``select`` keeps pages small. All of
these are root-level fields the API accepts in ``select``.
"""

from __future__ import annotations

WORK_FIELDS: tuple[str, ...] = (
    "id",
    "doi",
    "ids",
    "title",
    "display_name",
    "publication_year",
    "publication_date",
    "type",
    "authorships",
    "primary_location",
    "referenced_works",
    "referenced_works_count",
    "cited_by_count",
    "counts_by_year",
    "abstract_inverted_index",
    "keywords",
    "mesh",
    "topics",
    "primary_topic",
    "concepts",
    "is_retracted",
    "is_paratext",
    "open_access",
    "related_works",
    "updated_date",
)


def select_param() -> str:
    """The ``select=`` value: the fields joined by commas.

    Examples
    --------
    >>> select_param().split(",")[:3]
    ['id', 'doi', 'ids']
    """
    return ",".join(WORK_FIELDS)
