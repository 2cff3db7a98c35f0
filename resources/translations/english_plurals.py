"""Fill popup_en.ts's plural forms from the source text's "(s)" convention.

English is the source text, so a string with a count is written once, as "%n event(s)", and
this writes its two English forms, "%n event" and "%n events", for lrelease. A form a person has
written (an irregular plural) is kept. Run by update.sh.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_MESSAGE = re.compile(r'<message numerus="yes">.*?</message>', re.S)
_TRANSLATION = re.compile(r"<translation[^>]*>.*?</translation>|<translation[^>]*/>", re.S)


def _forms(block: str) -> str:
    if 'type="unfinished"' not in block and "<numerusform></numerusform>" not in block:
        return block  # finished: perhaps by hand
    found = re.search(r"<source>(.*?)</source>", block, re.S)
    assert found is not None
    source = found.group(1)
    one = re.sub(r"(\w+)\(s\)", r"\1", source)
    many = re.sub(r"(\w+)\(s\)", r"\1s", source)
    translation = (
        "<translation>\n"
        f"            <numerusform>{one}</numerusform>\n"
        f"            <numerusform>{many}</numerusform>\n"
        "        </translation>"
    )
    return _TRANSLATION.sub(lambda _: translation, block, count=1)


def main(path: str) -> None:
    ts = Path(path)
    ts.write_text(_MESSAGE.sub(lambda m: _forms(m.group(0)), ts.read_text("utf-8")), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
