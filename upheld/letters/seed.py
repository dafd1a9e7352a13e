"""The default templates (defaults/<kind>.<regime>.<language>.txt: a `Subject:` line, a
blank line, the text), loaded as version 1 wherever no version exists yet. The complaints
manager edits them from there; an edit is a new version."""

from pathlib import Path

DEFAULTS = Path(__file__).parent / "defaults"


def defaults() -> list[dict]:
    out = []
    for path in sorted(DEFAULTS.glob("*.txt")):
        kind, regime, language = path.name.removesuffix(".txt").split(".")
        head, _sep, body = path.read_text(encoding="utf-8").partition("\n\n")
        out.append(
            {
                "kind": kind,
                "regime": regime,
                "language": language,
                "subject": head.removeprefix("Subject:").strip(),
                "body": body,
            }
        )
    return out


def load(template_model, *, refresh: bool = False) -> int:
    """Create what is missing; returns how many versions were created. With `refresh`, a
    default the organisation never edited (its newest version is a default) whose shipped
    text changed gets the new text as its next version; an edited one is left alone."""
    newest: dict[tuple, object] = {}
    for row in template_model.objects.order_by("version"):
        newest[(row.kind, row.regime, row.language)] = row
    rows = []
    for d in defaults():
        key = (d["kind"], d["regime"], d["language"])
        have = newest.get(key)
        if have is None:
            rows.append(template_model(version=1, note="default", **d))
        elif (
            refresh
            and have.note.startswith("default")
            and (have.subject, have.body) != (d["subject"], d["body"])
        ):
            rows.append(template_model(version=have.version + 1, note="default (updated)", **d))
    template_model.objects.bulk_create(rows)
    return len(rows)
