"""``voices delete`` takes out of the corpus's scheme the keyword cues only the erased texts held.

``themes adopt`` writes a discovered theme's terms into the corpus's scheme as keyword cues, and the
scheme outlives the texts. A commenter who wrote three comments about their workplace ("Pellworth")
gave a theme its top term; after ``voices delete --author`` the word was still in the corpus file,
in the scheme, though no stored text held it (found by a walk over every feature on the demo corpus).
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from voices.api.themes import _theme_table
from voices.cli import app
from voices.models.scheme import SHIPPED_SCHEME, packaged_scheme, scheme_for
from voices.store import Corpus
from voices.store.settings import get_setting, set_setting

runner = CliRunner()
ZED = "Zebedee Quartermain-Oyelaran"


def _corpus(tmp_path: Path, keywords: list[str]) -> Path:
    rows = [{"id": f"z{i}", "source": "Page Z", "author": ZED, "text": text} for i, text in enumerate([
        "My caseload at Pellworth was 41 and nobody noticed.",
        "At PELLWORTH the reviews were cancelled every month.",
        "The worst caseload in the county was at Pellworth."])]
    rows += [{"id": "m1", "source": "Page Z", "author": "Mo", "text": "The worst caseload I held was 30."},
             {"id": "k1", "source": "Page Z", "author": "Kit", "text": "Pay matters more than anything."}]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    r = runner.invoke(app, ["ingest", str(path), "--format", "records", "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    shipped = packaged_scheme(SHIPPED_SCHEME).read_text(encoding="utf-8")
    with Corpus.open(corpus, write=True) as c, c.transaction():
        set_setting(c, "scheme", {"toml": shipped + _theme_table("heavy_caseloads", "Caseloads too heavy", keywords)})
    return corpus


def _keywords(corpus: Path) -> list[str]:
    with Corpus.open(corpus) as c:
        text = get_setting(c, "scheme")["toml"]
    line = text[text.index("[themes.heavy_caseloads]"):].split("keywords = ", 1)[1].split("\n", 1)[0]
    return json.loads(line)


def test_delete_takes_out_the_adopted_keywords_only_the_erased_texts_held(tmp_path):
    corpus = _corpus(tmp_path, ["pellworth", "worst caseload", "pay", "supervision"])
    r = runner.invoke(app, ["delete", "--author", ZED, "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    # "worst caseload" is Mo's words too, "pay" Kit's; "supervision" no text held: the user's, or left as it was
    assert _keywords(corpus) == ["worst caseload", "pay", "supervision"]
    assert b"pellworth" not in corpus.read_bytes().lower()
    with Corpus.open(corpus) as c:
        assert c.sql("SELECT author FROM documents ORDER BY 1").fetchall() == [("Kit",), ("Mo",)]
    with Corpus.open(corpus) as c:  # the scheme still reads back, the theme in it
        assert scheme_for(c).themes["heavy_caseloads"].keywords == ("worst caseload", "pay", "supervision")


def test_keywords_of_the_schemes_own_themes_are_left_alone(tmp_path):
    corpus = _corpus(tmp_path, ["worst caseload"])
    with Corpus.open(corpus, write=True) as c, c.transaction():  # a cue the user wrote in a theme of their own
        text = get_setting(c, "scheme")["toml"].replace(  # an adopted table without cues, then one of theirs
            'keywords = ["worst caseload"]\n', '\n[themes.mine]\ndefinition = "x"\nexamples = []\nkeywords = ["pellworth"]\n')
        set_setting(c, "scheme", {"toml": text})
    r = runner.invoke(app, ["delete", "--author", ZED, "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    with Corpus.open(corpus) as c:
        assert 'keywords = ["pellworth"]' in get_setting(c, "scheme")["toml"]


def test_a_cue_that_begins_or_ends_in_a_letter_outside_ascii_goes_too(tmp_path):
    """The cue was matched with ``\\b``, which in DuckDB's regular expressions knows only ASCII letters:
    "Øster" or "café" never matched, so it counted as held by no text and stayed."""
    rows = [{"id": "z1", "source": "P", "author": ZED, "text": "Øster House ran the only café with a quiet room."},
            {"id": "z2", "source": "P", "author": ZED, "text": "The Øster team and its café kept me going."},
            {"id": "m1", "source": "P", "author": "Mo", "text": "Nothing kept me going but the team."}]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert runner.invoke(app, ["ingest", str(path), "--format", "records", "--corpus", str(corpus)]).exit_code == 0
    shipped = packaged_scheme(SHIPPED_SCHEME).read_text(encoding="utf-8")
    with Corpus.open(corpus, write=True) as c, c.transaction():
        set_setting(c, "scheme", {"toml": shipped + _theme_table("heavy_caseloads", "x", ["øster", "café", "team"])})
    assert runner.invoke(app, ["delete", "--author", ZED, "--corpus", str(corpus)]).exit_code == 0
    assert _keywords(corpus) == ["team"]


def test_a_cue_of_two_words_the_erased_wrote_with_a_no_break_space_goes_too(tmp_path):
    """A cue's words were matched across ASCII white space only (RE2's \\s): "Pellworth\\u00a0Hall", as a web form
    pastes it, did not hold "pellworth hall", so the erased commenter's workplace stayed in the scheme."""
    rows = [{"id": "z1", "source": "Page Z", "author": ZED, "text": "My caseload at Pellworth\u00a0Hall was 41."},
            {"id": "k1", "source": "Page Z", "author": "Kit", "text": "Pay matters more than anything."}]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "c.duckdb"
    assert runner.invoke(app, ["ingest", str(path), "--format", "records", "--corpus", str(corpus)]).exit_code == 0
    with Corpus.open(corpus, write=True) as c, c.transaction():
        assert c.sql("SELECT count(*) FROM documents WHERE contains(text, '\u00a0')").fetchall() == [(1,)]
        set_setting(c, "scheme", {"toml": packaged_scheme(SHIPPED_SCHEME).read_text(encoding="utf-8")
                                  + _theme_table("heavy_caseloads", "Caseloads too heavy", ["pellworth hall", "pay"])})
    r = runner.invoke(app, ["delete", "--author", ZED, "--corpus", str(corpus)])
    assert r.exit_code == 0, r.output
    assert _keywords(corpus) == ["pay"]
    assert b"pellworth" not in corpus.read_bytes().lower()


def test_the_adopted_cues_are_read_without_a_rewrite_and_held_finds_the_texts_ones(tmp_path):
    """``held`` walked the cues through ``_rewrite`` with a callback that never changed anything; ``cues`` reads
    them, the user's own theme's left out, and the scheme setting is not written."""
    from voices.store import adopted_cues

    corpus = _corpus(tmp_path, ["pellworth", "worst caseload", "supervision"])
    with Corpus.open(corpus, write=True) as c, c.transaction():
        set_setting(c, "scheme", {"toml": get_setting(c, "scheme")["toml"]
                                  + '\n[themes.mine]\ndefinition = "x"\nexamples = []\nkeywords = ["pay"]\n'})
        before = get_setting(c, "scheme")
        assert list(adopted_cues.cues(c)) == ["pellworth", "worst caseload", "supervision"]
        assert adopted_cues.held(c, "author = ?", [ZED]) == {"pellworth", "worst caseload"}
        assert get_setting(c, "scheme") == before
