"""The project's font, an input of the build, never a font of the machine: the PDF's and the charts'.

The PDF is set in Source Sans Pro (Adobe, SIL Open Font License 1.1), installed with the project
from the package registry (the ``font-source-sans-pro`` wheel, a dependency in ``pyproject.toml``).
The print stylesheet declares its faces with ``@font-face`` rules pointing at the wheel's files
(:func:`font_face_css`), so WeasyPrint never asks the machine's fonts for them; it covers every
character the book writes (the narrow no-break space of French numbers, arrows, ≥, ✓), so no glyph
falls back to a system font either. The charts are drawn in the same font (:func:`chart_font`): their
texts are measured with the same metrics on every machine, and the PDF prints them as its own text.

Guarantee: a PDF that would use any other font is refused (:func:`foreign_fonts`, called by
:func:`lda_analysis.publication.pdf_edition.render` before the PDF replaces the last one): same sources, same
PDF bytes and page count on every machine, with or without Debian's fonts-liberation and
fonts-dejavu (``tests/test_pdf.py`` renders with the machine's fonts hidden and compares).
"""

from __future__ import annotations

import functools
from pathlib import Path

# The family every rule of the print stylesheet names (pdf_edition.css).
FAMILY = "Source Sans Pro"
# The faces the stylesheet declares: (CSS weight, CSS style, file of the wheel).
FACES = (
    (400, "normal", "SourceSansPro-Regular.ttf"),
    (400, "italic", "SourceSansPro-It.ttf"),
    (600, "normal", "SourceSansPro-Semibold.ttf"),
    (600, "italic", "SourceSansPro-SemiboldIt.ttf"),
    (700, "normal", "SourceSansPro-Bold.ttf"),
    (700, "italic", "SourceSansPro-BoldIt.ttf"),
)


def font_folder() -> Path:
    """The folder of the font's files, in the installed wheel."""
    import font_source_sans_pro

    return Path(font_source_sans_pro.font_directory)


def font_files() -> list[Path]:
    """The files of the faces the PDF may use."""
    folder = font_folder()
    return [folder / file for _, _, file in FACES]


def font_face_css() -> str:
    """The ``@font-face`` rules of the print stylesheet: each face from its file of the wheel."""
    rules = []
    for (weight, style, _), path in zip(FACES, font_files(), strict=True):
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.resolve().as_uri()}"); }}'
        )
    return "\n".join(rules)


@functools.cache
def chart_font() -> str:
    """The family charts are drawn in (the project's, its faces given to matplotlib once), so that a
    chart measures its texts as the PDF sets them."""
    from matplotlib import font_manager

    for path in font_files():
        font_manager.fontManager.addfont(str(path))
    return FAMILY


def missing_font_files() -> list[Path]:
    """The files of the faces that are not installed (an incomplete installation)."""
    return [path for path in font_files() if not path.is_file()]


def foreign_fonts(families: list[str]) -> list[str]:
    """The families among ``families`` (those a rendered document uses) that are not the project's:
    a glyph WeasyPrint took from the machine's fonts.

    >>> foreign_fonts(["Source Sans Pro", "DejaVu Sans", "Source Sans Pro"])
    ['DejaVu Sans']
    """
    return sorted({family for family in families if family != FAMILY})


@functools.cache
def _advances(file: str) -> tuple[dict[int, float], float]:
    """The advance of each character of a face (in em), and the widest (for a character it lacks)."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_folder() / file, lazy=True)
    units, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
    advances = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return advances, max(advances.values())


def text_width(text: str, bold: bool = False) -> float:
    """The width of ``text`` set in the project's font (regular, or bold for headers), in em: how
    the PDF's table columns are sized from their real text (:mod:`lda_analysis.publication.pdf_assembly`)."""
    advances, widest = _advances(FACES[4][2] if bold else FACES[0][2])
    return sum(advances.get(ord(char), widest) for char in text)
