"""Fill Spanish translations into the catalogue from a table file: a dev aid, not a source.

    python tools/translate.py TABLE.py      # TABLE.py defines ES = {msgid: msgstr}

The .po (upheld/locale/es/LC_MESSAGES/django.po) is the one source of the translations;
this only writes into it. Entries already translated are left alone."""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "upheld/locale/es/LC_MESSAGES/django.po"


def main(table: str) -> None:
    es = runpy.run_path(table)["ES"]
    po = polib.pofile(str(PO), wrapwidth=79)
    nplurals = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    filled = 0
    for entry in po:
        if entry.obsolete or entry.translated():
            continue
        value = es.get(entry.msgid)
        if value is None:
            continue
        if entry.msgid_plural:
            # Every form the catalogue's Plural-Forms asks for (Spanish: 3, the third for
            # "a million of"); a table may give fewer, the last one given stands for the rest.
            entry.msgstr_plural = {i: value[min(i, len(value) - 1)] for i in range(nplurals)}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    po.save()
    left = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    print(f"filled {filled}; {len(left)} left untranslated or fuzzy")
    for msgid in left:
        print("  ", repr(msgid))


if __name__ == "__main__":
    main(sys.argv[1])
