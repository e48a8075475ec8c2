"""What a hostile review of the file-name title shapes (leak35) found: a long title that crashed the redaction
of every output, and a surname read as a body's name. Titles are project-written and name no real person."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voices.redact import Redactor
from voices.redact.joined import file_name_spans

_NO_NER = {"entities": lambda texts: [[] for _ in texts]}


@pytest.mark.parametrize("title", ["re" * 600 + "_response", "unun" * 300 + "-response", "de" * 700 + " answers"])
def test_a_long_word_made_of_a_prefix_again_and_again_is_shown_not_a_crash(title):
    """Each made ``_made_of_words`` strip a prefix ("re", "un") and call itself once a prefix: a RecursionError
    that took down every redacted output (exit 1), one upload title of 1,200 letters."""
    assert Redactor(**_NO_NER).source_title(title) == title


_TITLE_CHARS = st.sampled_from(list("aeiorsnt-_. ,'0123SJ") + ["é", "\u0301", "\u200d", "\u200f", "张", "م", "😀", "\x00"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_TITLE_CHARS, max_size=60).map("".join), st.sampled_from(["", "_response", "-2024", ".docx"]))
def test_any_title_gives_spans_inside_it_in_order(stem, tail):
    """Hostile titles (marks, joiners, right-to-left marks, emoji, NUL) raise nothing and give spans within the title."""
    title = stem + tail
    spans = sorted(file_name_spans(title))
    assert all(0 <= s < e <= len(title) for s, e, _ in spans)
    shown = Redactor(**_NO_NER).source_title(title)
    assert isinstance(shown, str)
