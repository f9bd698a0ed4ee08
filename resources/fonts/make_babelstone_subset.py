"""Rebuild ``BabelStoneHan-9FA6.ttf``: the glyphs of BabelStone Han for U+9FA6..U+9FFF.

The basic CJK block's newest characters (Unicode 8.0-14.0, e.g. the element names 鿫鿬鿭鿮鿯,
U+9FEB..U+9FEF, which GB 18030-2022 implementation level 1 includes) are in none of the other
free TrueType fonts shipped here. Only this small range is kept (a few KB instead of 50 MB).

Source: Debian's ``fonts-babelstone-han`` 15.0.5 (``apt-get download fonts-babelstone-han``,
then ``dpkg-deb -x`` it). Run: ``python make_babelstone_subset.py PATH/TO/BabelStoneHan.ttf``.
The subset stays under the Arphic Public License (see ``babelstone-han.COPYRIGHT``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

FIRST, LAST = 0x9FA6, 0x9FFF


def main(source: str) -> None:
    out = Path(__file__).with_name("BabelStoneHan-9FA6.ttf")
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_legacy = True
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(FIRST, LAST + 1))
    subsetter.subset(font)
    subset.save_font(font, str(out), options)
    print(out, out.stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1])
