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


def load(template_model) -> int:
    """Create what is missing; returns how many were created."""
    have = set(template_model.objects.values_list("kind", "regime", "language"))
    rows = [
        template_model(version=1, note="default", **d)
        for d in defaults()
        if (d["kind"], d["regime"], d["language"]) not in have
    ]
    template_model.objects.bulk_create(rows)
    return len(rows)
