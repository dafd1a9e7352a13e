"""A template's text with the facts filled in. Templates use Django's template language in
an engine of their own: no loaders (no {% include %}, {% extends %}), no libraries to
{% load %}, only plain values in the context (facts.py), autoescape off (it is plain text,
never HTML). The result is plain text; whatever it holds — a complainant's `{{ … }}` or
Typst's `#` — is never read as template or markup again (pdf.py passes it as data)."""

import re

from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _

from upheld.complaints.errors import InvalidInput, fmt

from . import seed
from .kinds import Kind
from .models import Template

ENGINE = Engine(
    loaders=[],
    libraries={},
    builtins=["django.template.defaulttags", "django.template.defaultfilters"],
    autoescape=False,
    string_if_invalid="",
)
ALLOWED_TAGS = {
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "empty",
    "endfor",
    "with",
    "endwith",
    "firstof",
    "comment",
    "endcomment",
    "spaceless",
    "endspaceless",
}
_TAG = re.compile(r"{%-?\s*(\w+)")


def check_source(source: str, field: str = "body") -> None:
    """Refuse a template that uses a tag outside the plain ones, or does not parse."""
    for tag in _TAG.findall(source):
        if tag not in ALLOWED_TAGS:
            raise InvalidInput(
                {field: fmt(_("The tag {{% {tag} %}} is not allowed in a letter."), tag=tag)}
            )
    try:
        ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise InvalidInput({field: str(exc)}) from exc


def fill(source: str, facts: dict) -> str:
    check_source(source)
    text = ENGINE.from_string(source).render(Context(facts, autoescape=False))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def current(kind: str, regime: str, language: str, *, seeded: bool = False) -> Template:
    """The latest version for the kind, regime and language; else the regime's parent
    (FCA for payment services), then the ISO default; English when the language has none.
    A database without the default templates (emptied, not migrated) gets them first."""
    regimes = [regime, *(["fca"] if regime == "fca_psd" else []), "iso"]
    languages = [language[:2], "en"]
    rows = Template.objects.filter(kind=kind, regime__in=regimes, language__in=languages)
    latest: dict[tuple[str, str], Template] = {}
    for t in rows:
        key = (t.regime, t.language)
        if key not in latest or t.version > latest[key].version:
            latest[key] = t
    for lang in languages:
        for reg in regimes:
            if (reg, lang) in latest:
                return latest[(reg, lang)]
    if not seeded and kind in Kind.values and seed.load(Template):
        return current(kind, regime, language, seeded=True)
    raise InvalidInput({"kind": fmt(_("There is no template for {kind}."), kind=kind)})


def blocks(text: str) -> list[dict]:
    """The text as the PDF lays it out: paragraphs (blank-line separated, their line breaks
    kept), lists (runs of lines starting with '- '), and a paragraph's short first line
    with no closing full stop is set bold as its heading ("Next steps")."""
    out: list[dict] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.rstrip() for ln in chunk.splitlines() if ln.strip()]
        run: list[str] = []
        for line in lines:
            is_item = line.lstrip().startswith("- ")
            if run and is_item != run[0].lstrip().startswith("- "):
                out.append(_block(run, first=not out or out[-1].get("chunk") != chunk))
                out[-1]["chunk"] = chunk
                run = []
            run.append(line)
        if run:
            out.append(_block(run, first=not out or out[-1].get("chunk") != chunk))
            out[-1]["chunk"] = chunk
    for block in out:
        block.pop("chunk", None)
    return out


def _block(lines: list[str], *, first: bool) -> dict:
    if lines[0].lstrip().startswith("- "):
        return {"type": "list", "items": [ln.lstrip()[2:] for ln in lines]}
    head = lines[0].strip()
    heading = first and len(lines) > 1 and len(head) <= 60 and not head.endswith((".", ","))
    return {"type": "par", "lines": lines, "heading": heading}
