"""Building blocks of the sample generator (``samples/make_samples.py``).

Stages, in the order the generator runs them:

1. ``seed``     read the seed text layer into pages of printed lines and link URIs;
2. ``document`` give every line its role (heading, label, paragraph, list entry, ...), as the
                author of the agenda knows it;
3. ``referat`` / ``rewrap``  derive the minutes and the re-wrapped variant from that document;
4. ``layout``   place the lines on pages and draw them with reportlab (``wrap`` breaks the
                lines of the minutes' decisions and of the re-wrapped variant);
5. ``truth``    write the expected parser output from what was placed.

``calibrate`` measures how a font and column reproduce the seed's line breaks.

The composed meetings (``corpus`` lists the reportlab samples): ``words`` reads their Danish
from ``data/``, ``model`` is the content model, ``compose`` composes a meeting and ``items``
each item's text; ``typeset`` turns an agenda into printed lines for ``layout``.

Printed with LibreOffice (``samples/make_libreoffice.py``): ``paragraphs`` turns the content
into word-processor paragraphs, ``odt`` writes them as an ODT document, ``readback`` aligns
the printed PDF's words with the paragraphs to learn their pages, and ``lo_truth`` writes the
expected output.

Other meeting systems: ``systems_content`` and ``systems_meetings`` hold meetings as eDoc,
FirstAgenda and Acadre print them, ``systems_print`` prints each system's cover, TOC, items
and running lines, and ``systems`` places, draws and writes their truth.

Nothing here imports the parser: the generator is an independent author of truth.
"""
