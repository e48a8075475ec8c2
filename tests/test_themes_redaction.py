"""Discovered themes never show a name or an address as a term, nor in a redacted report's list."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from store_fixtures import make_corpus
from themes_fixtures import theme_records

from voices import api
from voices.nlp.preprocess import PREPROCESS_VERSION
from voices.redact import IdMask, Redactor
from voices.store import Corpus
from voices.store.discovered import discovery_frame
from voices.themes import DiscoveryOptions, discover

PRIVATE = ("sarah", "jones", "acacia", "avenue", "blackwood")


def _named_records():
    """The four-topic corpus, with the caseload answers naming a manager, a street and an author."""
    out = []
    for n, r in enumerate(theme_records()):
        if "aseload" in r.text:
            extra = " My manager Sarah Jones never listens; write to 14 Acacia Avenue. Quentin Blackwood agrees."
            r = dataclasses.replace(r, text=r.text + extra)
        if n == 59:
            r = dataclasses.replace(r, author="Quentin Blackwood")
        out.append(r)
    return out


def _words(result):
    return {w for t in result["themes"] + result["dropped"] for term in t["terms"] + [t["name"]] for w in term.split()}


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("named") / "c.duckdb", _named_records())


def _people(texts):
    """A stand-in NER: 'Sarah Jones' wherever it is written."""
    return [[(t.find("Sarah Jones"), t.find("Sarah Jones") + 11, "PERSON")] if "Sarah Jones" in t else []
            for t in texts]


def test_names_and_addresses_never_become_terms(named):
    with Corpus.open(named) as c:
        frame = discovery_frame(c, None, PREPROCESS_VERSION).drop(columns="codebook")
    plain = discover(frame, options=DiscoveryOptions(n=4, redact=False))
    assert set(PRIVATE) & _words(plain), "the fixture should put names among the terms"
    screened = discover(frame, options=DiscoveryOptions(n=4),
                        redactor=Redactor(list(frame["author"]), entities=_people))
    assert not set(PRIVATE) & _words(screened), _words(screened)
    assert screened["terms_screened"] is True and plain["terms_screened"] is False
    caseload = [t for t in screened["themes"] if "caseload" in " ".join(t["terms"])]
    assert len(caseload) == 1 and len(caseload[0]["terms"]) == 10  # the theme keeps its own words


def test_a_theme_word_ner_once_takes_for_a_person_stays(named):
    with Corpus.open(named) as c:
        frame = discovery_frame(c, None, PREPROCESS_VERSION).drop(columns="codebook")

    def burnout_once(texts):  # NER's mistake at a sentence start, in one text of many
        return [[(t.find("Burnout"), t.find("Burnout") + 7, "PERSON")] if t.startswith("Burnout") else []
                for t in texts]

    screened = discover(frame, options=DiscoveryOptions(n=4), redactor=Redactor([], entities=burnout_once))
    assert "burnout" in _words(screened)


def test_a_redacted_report_lists_only_screened_runs(named, tmp_path):
    api.classify(named)
    api.discover_themes(named, n=4, redact=False)
    md = api.report(named, format="md", out=tmp_path / "r.md").text
    assert "not in the scheme" not in md and "acacia" not in md.lower()
    plain = api.report(named, format="md", redact=False, out=tmp_path / "plain.md").text
    assert "not in the scheme" in plain and "acacia" in plain.lower()
    api.discover_themes(named, n=4)
    md = api.report(named, format="md", out=tmp_path / "r.md").text
    assert "not in the scheme" in md and not any(w in md.lower() for w in ("acacia", "blackwood"))


def test_quotes_name_an_unscreened_theme_by_its_id(named):
    run = api.discover_themes(named, n=4, redact=False).result
    theme = next(t for t in run["themes"] if set(PRIVATE) & {w for x in t["terms"] for w in x.split()})
    out = io.StringIO()
    api.quotes(named, theme=theme["id"], format="json", stream=out)
    assert json.loads(out.getvalue())["theme_name"] == theme["id"]
    out = io.StringIO()
    api.quotes(named, theme=theme["id"], format="json", stream=out, redact=False)
    assert json.loads(out.getvalue())["theme_name"] == theme["name"]


def test_discover_shows_keyed_ids_when_redacted(named):
    """Plain ids hash source, author and date: beside a quote they let a list of names be checked."""
    shown = api.discover_themes(named, n=4).result
    plain = api.discover_themes(named, n=4, redact=False).result
    with Corpus.open(named) as c:
        keyed = IdMask.for_corpus(c)
        ids = {r[0] for r in c.sql("SELECT id FROM documents").fetchall()}
    for t in shown["themes"]:
        assert t["doc_ids"] and not ids & set(t["doc_ids"])
        assert {e["doc_id"] for e in t["exemplars"]} <= set(t["doc_ids"])
    assert sorted(keyed(d) for t in plain["themes"] for d in t["doc_ids"]) == sorted(
        d for t in shown["themes"] for d in t["doc_ids"])


def test_adopting_from_an_unscreened_run_keeps_names_out_of_the_schemes_keywords(named, tmp_path):
    """A --no-redact run's terms became keyword cues in the scheme, which voices delete leaves."""
    import shutil

    from voices.models.scheme import scheme_for

    corpus = tmp_path / "c.duckdb"
    shutil.copy(named, corpus)
    run = api.discover_themes(corpus, n=4, redact=False).result
    theme = next(t for t in run["themes"] if set(PRIVATE) & {w for x in t["terms"][:5] for w in x.split()})
    api.adopt_theme(corpus, theme["id"], name="named_theme", description="Texts naming a manager.")
    with Corpus.open(corpus) as c:
        keywords = scheme_for(c).themes["named_theme"].keywords
    assert keywords and not set(PRIVATE) & {w for k in keywords for w in k.split()}, keywords


def test_a_word_people_write_in_lower_case_stays_when_ner_tags_it_at_sentence_starts(named):
    """Real NER tagged 'Morale is on the floor' as a person in 3 of 11 texts, and 'morale' left its theme."""
    import re

    with Corpus.open(named) as c:
        frame = discovery_frame(c, None, PREPROCESS_VERSION).drop(columns="codebook")

    def capitalised_is_a_person(texts):  # every sentence-opening 'Registration', as NER may
        return [[(m.start(), m.end(), "PERSON") for m in re.finditer(r"\bRegistration\b", t)] for t in texts]

    screened = discover(frame, options=DiscoveryOptions(n=4), redactor=Redactor([], entities=capitalised_is_a_person))
    assert "registration" in _words(screened)
    assert not set(PRIVATE) & _words(discover(frame, options=DiscoveryOptions(n=4)))  # names still go


def _hidden(texts: list[str], person: str, pool: list[str]) -> frozenset[str]:
    """``hidden_words`` over one theme of ``texts``, with a stand-in NER that finds ``person`` (a regex)."""
    import re

    import numpy as np
    import pandas as pd

    from voices.themes._private import hidden_words

    def ner(batch):
        return [[(m.start(), m.end(), "PERSON") for m in re.finditer(person, t)] for t in batch]

    frame = pd.DataFrame({"id": [f"d{i}" for i in range(len(texts))], "text": texts})
    return hidden_words(frame, np.ones((len(texts), 1)), [pool], Redactor([], entities=ner))


def test_a_name_some_write_in_lower_case_is_still_screened_where_it_is_capitalised():
    """'thanks sarah' in two texts made 'sarah' an everyday word, never screened, so 'manager
    sarah' stayed a term though 'our manager Sarah Blackwood' was redacted wherever written."""
    texts = ["Our manager Sarah Blackwood cut supervision again and caseloads doubled.",
             "Sarah Blackwood told us supervision is optional now, caseloads are huge.",
             "I raised caseloads with Sarah Blackwood twice and nothing changed.",
             "thanks sarah for nothing, supervision has gone and caseloads keep rising.",
             "everyone knows sarah blocks it, caseloads and supervision are the issue.",
             "Morale is gone. Caseloads again, and morale with them; morale matters."]
    hidden = _hidden(texts, r"Sarah Blackwood|Morale",
                     ["manager sarah", "sarah blackwood", "caseloads supervision", "morale"])
    assert hidden == {"sarah", "blackwood"}


def test_each_part_of_a_hyphenated_name_is_screened():
    """The tokenizer cuts 'Vasquez-Lind' into the terms 'vasquez' and 'lind'; neither was ever
    found as a word of its own, so neither was judged, and a survey respondent's surname stayed a
    term of a screened run."""
    texts = ["I spoke to Dmitri Vasquez-Lind about burnout and caseloads.",
             "Burnout is everywhere, Dmitri Vasquez-Lind says, and caseloads keep rising.",
             "Ask Dmitri Vasquez-Lind: caseloads and burnout, again.",
             "Caseloads are the well-being issue of the decade."]
    hidden = _hidden(texts, r"Dmitri Vasquez-Lind", ["dmitri", "vasquez lind", "burnout caseloads", "well being"])
    assert hidden == {"dmitri", "vasquez", "lind"}


def test_adopting_reads_the_corpus_for_a_name_the_themes_texts_write_only_in_lower_case(tmp_path):
    """A --no-redact run's theme held 'thanks dev' in its own texts only; judged in those alone,
    'dev' was an everyday word, and 'thanks dev' became a keyword of the scheme, though other
    texts of the corpus name 'our manager Dev Okonkwo', which redaction replaces."""
    from store_fixtures import THREAD

    from voices.api.themes import _screened_terms
    from voices.schemas import Record

    theme_texts = [f"Pay has not kept up with inflation, thanks dev for nothing. Point {i}." for i in range(3)]
    elsewhere = [f"Our manager Dev Okonkwo knows caseloads are too high. Note {i}." for i in range(3)]
    records = [Record(THREAD, "comment", t, str(i)) for i, t in enumerate(theme_texts + elsewhere)]
    corpus = make_corpus(tmp_path / "c.duckdb", records)
    with Corpus.open(corpus) as c:
        ids = [r[0] for r in c.sql("SELECT id FROM documents WHERE text LIKE 'Pay%' ORDER BY id").fetchall()]
        theme = {"terms": ["inflation", "thanks dev", "kept"], "exemplars": [{"doc_id": ids[0]}], "doc_ids": ids}
        assert _screened_terms(c, theme) == ["inflation", "kept"]


def _blackwood_corpus(tmp_path):
    """The four topics, the caseload answers naming their author's surname in lower case."""
    records = []
    for n, r in enumerate(theme_records()):
        if "My caseload is" in r.text:
            r = dataclasses.replace(r, text=r.text.replace("My caseload is", "My caseload under blackwood is"))
        records.append(dataclasses.replace(r, author="Quentin Blackwood") if n == 59 else r)
    return make_corpus(tmp_path / "c.duckdb", records)


def test_discover_exemplars_hide_an_author_voices_delete_erased(tmp_path):
    """After ``delete --author``, discover's exemplars still hide the erased name in others' texts
    (they showed "my caseload under blackwood" once the author was off the list)."""
    corpus = _blackwood_corpus(tmp_path)
    api.delete(corpus, author="Quentin Blackwood")
    result = api.discover_themes(corpus, n=4, redact=True).result
    shown = [e["text"] for t in result["themes"] for e in t["exemplars"] if "My caseload under" in e["text"]]
    assert shown and set(shown) == {"My caseload under [PERSON] is far too high to visit families properly."}
    assert "blackwood" not in _words(result)


@pytest.mark.parametrize("erased", [False, True])
def test_an_authors_name_written_in_lower_case_is_no_term(tmp_path, erased):
    """The exemplars hid "blackwood" (an author's surname, so hidden in any case), but the terms kept it:
    a word people write in lower case was taken for an everyday word and never judged."""
    corpus = _blackwood_corpus(tmp_path)
    if erased:
        api.delete(corpus, author="Quentin Blackwood")
    assert "blackwood" in _words(api.discover_themes(corpus, n=4, redact=False).result)
    result = api.discover_themes(corpus, n=4, redact=True).result
    assert "blackwood" not in _words(result) and "burnout" in _words(result)  # theme words stay
