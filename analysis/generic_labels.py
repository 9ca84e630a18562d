"""The fixed words of a theme label made when no heading could be read from the texts ("Other ideas",
"Ideas on french"), English then French, in one place: the labels are made in the texts' language
when the analysis runs, and a report in the other language finds their fixed words here and says
them in its own."""
from __future__ import annotations

OTHER_IDEAS = ("Other ideas", "Autres idées")
IDEAS_ON = ("Ideas on ", "Idées : ")


def generic_label_parts(label: str) -> tuple[str, str | None] | None:
    """``("other", None)`` for "Other ideas", ``("ideas_on", "french")`` for "Ideas on french", in
    either language; None for a label made of the texts' own words."""
    if label in OTHER_IDEAS:
        return "other", None
    for prefix in IDEAS_ON:
        topic = label[len(prefix):].strip() if label.startswith(prefix) else ""
        if topic:
            return "ideas_on", topic
    return None
