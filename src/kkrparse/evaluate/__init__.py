"""The accuracy gate: score parsed samples against their expected JSON, field by field.

``python -m kkrparse.evaluate [SAMPLES_DIR]`` parses every ``*.pdf`` that has an
``*.expected.json`` beside it and prints one score per field (0..1) for the corpus and per
sample. ``--baseline`` scores the naive pdfplumber + regex baseline in
``benchmarks/baseline.py`` side by side; ``--check`` exits 1 when a field is below its floor
in ``benchmarks/accuracy_floors.json``; ``--update-floors`` raises the floors to what was
measured and refuses to lower one unless ``--allow-lower`` is given too.

How the fields are scored (every score is hits / total; the corpus score adds the hits and
the totals of all samples, so it is micro-averaged):

- items are matched by number (several produced items with one number: the one whose
  heading is closest). ``items_found`` is the share of expected items matched,
  ``items_extra`` is 1 - unmatched produced items / produced items.
- item fields (``heading``, ``kind``, ``title``, ``case_number``, ``case_officer``,
  ``page_span``, ``section_keys``, ``decision``) are scored over *matched* items only, so a
  missing item lowers ``items_found`` and nothing else. ``decision`` counts the items where
  either side has one. ``decision_outcome`` counts the items whose truth gives one (a null
  claims none): a hit when every key the truth gives (``class``, ``evidence``, …) agrees.
- sections are paired within a matched item by key and occurrence (the second
  ``sagsfremstilling`` with the second). ``section_span`` compares their pages,
  ``section_text_exact`` their whole text, and ``section_text`` is a word-level similarity:
  difflib's ratio over the whitespace-split word lists, 2·M / (words expected + words
  produced) with M the matched words, summed over sections. It ignores where lines and
  blocks break; ``section_text_exact`` does not.
- list fields (``recommendations``, ``attachments``, ``links`` as url + text + page,
  ``attendance`` as name + role + municipality + status, ``toc`` as number + title + page)
  are compared as multisets: common entries / the longer list's length.
- ``meeting`` is six comparisons per sample (body, date, document type, start and end
  time, location), ``appendix`` one (its pages, or that there is none).
- ``must_not_appear`` is the share of samples in whose produced texts (headings, titles,
  section texts, recommendations, decisions, attachments, link texts, TOC titles) none of
  the expected file's optional ``must_not_appear`` strings occurs, no soft hyphen occurs,
  and no hyphenation residue occurs: a word ending in ``-``, a space, then a lower-case
  word (``politi- ske``), unless the expected texts contain that very sequence
  (``bygge- og anlægsområdet``); a truth without section texts cannot tell a suspended
  compound from a residue, so there a conjunction after the hyphen (the hyphen rules'
  ``SUSPENSION_WORDS``) is not counted.

A sample the parser refuses (or crashes on) scores zero in every field, with the reason.
A field a truth leaves out is not scored; a truth's field no score reads (one the parser
does not produce yet, such as ``items[].document_number``) is listed in the report
(:func:`~kkrparse.evaluate.score.unscored_keys`). A truth may expect a refusal instead of an
agenda (``"expect": "not_agenda"``, ``"unsupported_layout"`` or ``"no_text"``): it scores
one hit in its own ``refusals`` row when the parser refused it with that outcome, and
nothing else, so a right refusal does not zero the table.

``--real DIR`` scores the real documents (PDFs in ``DIR``, outside the repository; truths
in ``tests/real/``) as a table of their own beside the corpus, gated by
``benchmarks/accuracy_floors_real.json``.

The package is pure scoring: :mod:`~kkrparse.evaluate.score` scores JSON dicts and
:mod:`~kkrparse.evaluate.floors` reads, checks and moves the floors. Nothing here prints;
the command (parsing the samples, the tables, the exit status) is
:mod:`kkrparse.cli.evaluate`.
"""

from kkrparse.evaluate.floors import (
    FLOOR_DECIMALS,
    FloorFailure,
    check_floors,
    read_floors,
    round_down,
    updated_floors,
    write_floors,
)
from kkrparse.evaluate.score import (
    FIELDS,
    HYPHEN_RESIDUE,
    MEETING_FIELDS,
    REFUSAL_OUTCOMES,
    SOFT_HYPHEN,
    STRUCTURAL_FIELDS,
    TEXT_FIELDS,
    JsonDict,
    SampleScore,
    Tally,
    corpus_tallies,
    expected_refusal,
    find_leaks,
    find_samples,
    match_items,
    read_expected,
    refused,
    score_agenda,
    score_refusal,
    score_sample,
    unscored_keys,
    word_match,
)

__all__ = [
    "FIELDS",
    "FLOOR_DECIMALS",
    "HYPHEN_RESIDUE",
    "MEETING_FIELDS",
    "REFUSAL_OUTCOMES",
    "SOFT_HYPHEN",
    "STRUCTURAL_FIELDS",
    "TEXT_FIELDS",
    "FloorFailure",
    "JsonDict",
    "SampleScore",
    "Tally",
    "check_floors",
    "corpus_tallies",
    "expected_refusal",
    "find_leaks",
    "find_samples",
    "match_items",
    "read_expected",
    "read_floors",
    "refused",
    "round_down",
    "score_agenda",
    "score_refusal",
    "score_sample",
    "unscored_keys",
    "updated_floors",
    "word_match",
    "write_floors",
]
