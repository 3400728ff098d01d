"""The formats organisations already keep, read beside itsmlint's own: Backstage, OpenSLO, CODEOWNERS.

Each is read into :class:`~itsmlint.model.Document` objects like itsmlint's
own documents, with exact positions, but marked with their ``family``; the
corpus keeps them apart (:attr:`~itsmlint.model.Corpus.foreign`) so that the
rules written for the 13 kinds never see an OpenSLO ``Service`` as an
itsmlint Service. The rules written for them (``rules/bks``, ``rules/slo``,
``rules/co``) find them through the indexes here:

* :mod:`.backstage`: entity references as Backstage resolves them, the
  relation fields of each kind, the people and teams of the catalog;
* :mod:`.openslo`: object references and the duration shorthand;
* :mod:`.codeowners`: the file's grammar, a bounded parser, and who owns a path.

No YAML library here: the loader hands over plain data and positions.
"""

from __future__ import annotations

from typing import Any

from itsmlint.model import BACKSTAGE, CODEOWNERS, FOREIGN_FAMILIES, OPENSLO

__all__ = ["BACKSTAGE", "CODEOWNERS", "FOREIGN_FAMILIES", "FOREIGN_KINDS", "OPENSLO", "family_of", "is_openslo_list"]

#: The OpenSLO version read. v1alpha had other shapes (and only two kinds);
#: v2alpha (``openslo.com/v2alpha``) is still being written.
OPENSLO_VERSION = "openslo/v1"


#: The kinds of the other formats as rule metadata names them (``kinds:`` in a rule file), by
#: :attr:`~itsmlint.model.Document.qualified_kind`. Backstage's kind list is open; these are its built-in ones.
FOREIGN_KINDS: tuple[str, ...] = (
    *(
        f"Backstage {k}"
        for k in (
            "Component",
            "API",
            "Resource",
            "System",
            "Domain",
            "Group",
            "User",
            "Location",
            "AiResource",
            "Template",
        )
    ),
    *(
        f"OpenSLO {k}"
        for k in ("SLO", "SLI", "Service", "DataSource", "AlertPolicy", "AlertCondition", "AlertNotificationTarget")
    ),
    "CODEOWNERS",
)


def family_of(value: Any) -> str | None:
    """The foreign format a parsed YAML document belongs to, or None.

    A Backstage entity has an ``apiVersion`` in the ``backstage.io`` group or
    one of its subgroups (``scaffolder.backstage.io/v1beta3`` for Templates);
    an OpenSLO object has exactly ``openslo/v1``. Anything else (OpenAPI
    definitions beside the entities, CI files) is not read.
    """
    if not isinstance(value, dict):
        return None
    api = value.get("apiVersion")
    if not isinstance(api, str):
        return None
    group = api.split("/", 1)[0]
    if "/" in api and (group == "backstage.io" or group.endswith(".backstage.io")):
        return BACKSTAGE
    if api == OPENSLO_VERSION:
        return OPENSLO
    return None


def is_openslo_list(value: Any) -> bool:
    """Whether a YAML document is a list of OpenSLO objects (the form the OpenSLO Go SDK's examples use)."""
    return isinstance(value, list) and any(family_of(item) == OPENSLO for item in value)
