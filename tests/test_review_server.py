"""The review server: access rules, escaping, saving, undo, locking and the queues (no browser)."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from review_fixtures import campaign_corpus, review_corpus, running, sample_ids, stored_labels

from voices.errors import InputError
from voices.review.queues import Session

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus_template(tmp_path_factory) -> Path:
    return review_corpus(tmp_path_factory.mktemp("review") / "c.duckdb")


@pytest.fixture
def corpus(corpus_template, tmp_path) -> Path:
    path = tmp_path / "c.duckdb"
    path.write_bytes(corpus_template.read_bytes())
    return path


def request(server, method: str, path: str, *, host: str | None = None, cookie: str | None = None,
            body: dict | None = None, headers: dict | None = None) -> http.client.HTTPResponse:
    con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    h = {"Host": host or f"127.0.0.1:{server.port}", **(headers or {})}
    if cookie:
        h["Cookie"] = cookie
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    con.request(method, path, body=data, headers=h)
    resp = con.getresponse()
    resp.data = resp.read()  # type: ignore[attr-defined]
    con.close()
    return resp


def login(server) -> str:
    resp = request(server, "GET", f"/?token={server.token}")
    assert resp.status == 303 and resp.getheader("Location") == "/"
    set_cookie = resp.getheader("Set-Cookie")
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    return set_cookie.split(";")[0]


def test_the_token_works_once_and_becomes_a_cookie(corpus):
    with running(corpus) as server:
        token = server.token
        cookie = login(server)
        again = request(server, "GET", f"/?token={token}")
        assert again.status == 403 and b"already used" in again.data
        assert "Set-Cookie" not in again.headers
        page = request(server, "GET", "/", cookie=cookie)
        assert page.status == 200 and b"voices review" in page.data
        assert "default-src 'none'" in page.getheader("Content-Security-Policy")
        assert "script-src 'self'" in page.getheader("Content-Security-Policy")


def test_requests_without_the_cookie_or_with_a_foreign_host_are_refused(corpus):
    with running(corpus) as server:
        assert request(server, "GET", "/").status == 403
        assert request(server, "GET", "/api/state").status == 403
        assert request(server, "GET", "/api/state", cookie="voices_review=guess").status == 403
        evil = request(server, "GET", f"/?token={server.token}", host=f"evil.example:{server.port}")
        assert evil.status == 403 and server.token is not None  # the token survives a refused try
        cookie = login(server)
        assert request(server, "GET", "/api/state", cookie=cookie, host="evil.example").status == 403
        assert request(server, "GET", "/api/state", cookie=cookie, host=f"localhost:{server.port}").status == 200
        first = sample_ids(corpus)[0]
        cross = request(server, "POST", "/api/label", cookie=cookie, body={"doc_id": first, "stance": "none"},
                        headers={"Origin": "http://evil.example"})
        form = request(server, "POST", "/api/label", cookie=cookie, body={"doc_id": first, "stance": "none"},
                       headers={"Content-Type": "text/plain"})
        nocookie = request(server, "POST", "/api/label", body={"doc_id": first, "stance": "none"})
        assert (cross.status, form.status, nocookie.status) == (403, 403, 403)
    assert stored_labels(corpus) == {}


def test_labels_are_saved_as_given_and_undo_restores(corpus):
    ids = sample_ids(corpus)
    with running(corpus) as server:
        cookie = login(server)
        state = json.loads(request(server, "GET", "/api/state", cookie=cookie).data)
        assert state["doc"]["id"] == ids[0] and state["progress"] == {"done": 0, "total": 24, "session": 0,
                                                                      "skipped": 0}
        assert [s["key"] for s in state["labels"]["stances"]] == ["1", "2", "3", "4"]
        assert state["labels"]["stances"][0]["definition"]  # the scheme's one-line definition
        post = {"cookie": cookie, "headers": {"Origin": f"http://127.0.0.1:{server.port}"}}
        state = json.loads(request(server, "POST", "/api/label", body={"doc_id": ids[0], "stance": "none",
                                                                       "themes": ["pay"]}, **post).data)
        assert stored_labels(corpus) == {ids[0]: ("none", ["pay"])}  # on disk before the next text
        assert state["doc"]["id"] == ids[1] and state["progress"]["done"] == 1
        state = json.loads(request(server, "POST", "/api/skip", body={"doc_id": ids[1]}, **post).data)
        assert state["doc"]["id"] == ids[2]
        request(server, "POST", "/api/undo", body={}, **post)  # the skip
        state = json.loads(request(server, "POST", "/api/undo", body={}, **post).data)  # the label
        assert state["doc"]["id"] == ids[0] and stored_labels(corpus) == {}
        bad = request(server, "POST", "/api/label", body={"doc_id": ids[0], "stance": "<b>x</b>"}, **post)
        assert bad.status == 400 and "unknown stance" in json.loads(bad.data)["error"]


def test_another_process_can_label_while_the_server_runs(corpus):
    ids = sample_ids(corpus)
    with running(corpus) as server:
        cookie = login(server)
        assert request(server, "GET", "/api/state", cookie=cookie).status == 200
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        done = subprocess.run([sys.executable, "-m", "voices", "label", ids[0], "--stance", "none", "--corpus",
                               str(corpus)], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        state = json.loads(request(server, "GET", "/api/state", cookie=cookie).data)
        assert state["doc"]["id"] == ids[1] and state["progress"]["done"] == 1


def test_an_empty_validation_sample_says_what_to_run(corpus):
    from voices.store import Corpus

    with Corpus.open(corpus, write=True) as c:
        c.sql("DELETE FROM validation_sample")
    with pytest.raises(InputError, match="voices sample --validation N"):
        Session(corpus, "validation")


def test_the_learning_queue_never_offers_the_validation_sample_and_retrains(corpus):
    from voices.store import Corpus

    with Corpus.open(corpus, write=True) as c:  # keep 8 of the 24 in the sample
        c.sql("DELETE FROM validation_sample WHERE doc_id NOT IN "
              "(SELECT doc_id FROM validation_sample ORDER BY doc_id LIMIT 8)")
    sample = set(sample_ids(corpus))
    s = Session(corpus, "learning", retrain_every=4, by="tester")
    shown = []
    for i in range(12):
        state = s.next()
        doc = state["doc"]
        shown.append(doc["id"])
        s.save(doc["id"], ["none", "system_leaders"][i % 2], None)
        s._model.wait(30)
    assert not sample & set(shown) and len(set(shown)) == 12
    assert s.learner.trained_on == 12 and "retrained on 12 labels" in s.next()["learner"]
    again = Session(corpus, "learning", retrain_every=4)  # the same corpus gives the same next text
    assert again.next()["doc"]["id"] == s.next()["doc"]["id"]


def _serve(corpus: Path, *args: str) -> tuple[str, str, str, int]:
    """Run ``voices review --no-browser ARGS``, read the URL's line, Ctrl-C it: (line, stdout, stderr, exit code).

    The URL is the first line of stdout, or of stderr with ``--json``.
    """
    import signal

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    # a shell's background job starts with SIGINT ignored, and Python then never raises KeyboardInterrupt:
    # give the command the Ctrl-C handling it has in a terminal, then run it as `python -m voices` would
    start = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
             "runpy.run_module('voices', run_name='__main__', alter_sys=True)")
    proc = subprocess.Popen([sys.executable, "-c", start, "review", "--no-browser", *args, "--corpus", str(corpus)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = (proc.stderr if "--json" in args else proc.stdout).readline().strip()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    return line, out, err, proc.returncode


def test_the_command_prints_the_url_and_ctrl_c_stops_it_cleanly(corpus):
    url, _, err, code = _serve(corpus)
    assert url.startswith("http://127.0.0.1:") and "/?token=" in url
    assert code == 0 and "stopped: 0 labelled, 0 skipped" in err


def test_the_url_goes_to_stderr_under_json_so_stdout_is_one_json_document(corpus):
    """--json --no-browser printed the URL on stdout before the JSON result: not one JSON document."""
    line, out, _, code = _serve(corpus, "--json")
    assert line.startswith("voices: http://127.0.0.1:") and "/?token=" in line
    assert code == 0 and json.loads(out)["labelled"] == 0


@pytest.mark.parametrize(("port", "expected"), [
    ("70000", "--port 70000: a port is 0 to 65535: give one, or 0 for a free one"),
    ("-1", "--port -1: a port is 0 to 65535"),
    ("taken", "(Address already in use): give another port, or 0 for a free one"),
])
def test_a_port_out_of_range_or_taken_is_refused_in_one_line(corpus, port, expected):
    """--port 70000 ended in 'unexpected error: OverflowError' (exit 1), a taken one in an OSError."""
    import socket

    from typer.testing import CliRunner

    from voices.cli import app

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        value = str(held.getsockname()[1]) if port == "taken" else port
        res = CliRunner().invoke(app, ["review", "--no-browser", "--port", value, "--corpus", str(corpus)])
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("voices: error: --port ") and expected in res.stderr
    assert res.stderr.count("\n") == 1 and res.stdout == ""


def test_the_page_offers_the_corpus_own_scheme_and_checks_labels_against_it(corpus):
    from voices.store import Corpus

    own = ('name = "mine"\nproposition = "Councils should own care homes"\n[stance.yes]\ndefinition = "For."\n'
           '[stance.no]\ndefinition = "Against."\n[themes.cost]\ndefinition = "What it costs."\n')
    with Corpus.open(corpus, write=True) as c:
        c.sql("INSERT INTO settings VALUES ('scheme', ?)", [json.dumps(own)])
    session = Session(corpus, "validation")
    assert session.labels() == {
        "stances": [{"name": "yes", "definition": "For.", "key": "1"},
                    {"name": "no", "definition": "Against.", "key": "2"}],
        "themes": [{"name": "cost", "definition": "What it costs.", "key": "a"}]}
    doc_id = session.next()["doc"]["id"]
    with pytest.raises(InputError, match="system_leaders"):
        session.save(doc_id, "system_leaders", None)
    assert session.save(doc_id, "no", ["cost"]) == {"doc_id": doc_id, "stance": "no", "themes": ["cost"]}


def test_the_learning_queue_offers_queued_texts_first_but_never_the_sample(corpus):
    """Texts `voices themes adopt` queued come first on the page, in their order; sample members never."""
    from voices.store import Corpus
    from voices.store.discovered import queue_documents

    sample = sample_ids(corpus)
    with Corpus.open(corpus) as c:
        others = [r[0] for r in c.sql("SELECT id FROM documents WHERE kind <> 'article' AND id NOT IN "
                                      "(SELECT doc_id FROM validation_sample) ORDER BY id DESC LIMIT 2").fetchall()]
    with Corpus.open(corpus, write=True) as c, c.transaction():
        queue_documents(c, [sample[0], others[0], others[1]], "learning", "adopted:d-00000001")
    s = Session(corpus, "learning", retrain_every=50, by="tester")
    first = s.next()["doc"]["id"]
    assert first == others[0]
    s.save(first, "none", None)
    assert s.next()["doc"]["id"] == others[1]


def _campaign_session(tmp_path, in_sample: str):
    """The campaign corpus with one text in the validation sample (``"copy"``: the campaign's first copy;
    ``"other"``: the first other text) and two campaign copies queued; its learning session, ids, texts."""
    from report_fixtures import CAMPAIGN_TEXT

    from voices.store import Corpus
    from voices.store.discovered import queue_documents
    from voices.store.provenance import text_key

    corpus = campaign_corpus(tmp_path / "c.duckdb")
    with Corpus.open(corpus) as c:
        texts = dict(c.sql("SELECT id, text FROM documents WHERE kind <> 'article' ORDER BY id").fetchall())
    copies = sorted(d for d, t in texts.items() if text_key(t) == text_key(CAMPAIGN_TEXT))
    assert len(texts) == 34 and len(copies) == 5
    member = copies[0] if in_sample == "copy" else next(d for d in texts if d not in copies)
    with Corpus.open(corpus, write=True) as c, c.transaction():
        c.sql("INSERT INTO validation_sample SELECT id, source_id, 1, TIMESTAMP '2025-01-01' FROM documents "
              "WHERE id = ?", [member])
        queue_documents(c, [copies[3], copies[4]], "learning", "adopted:d-00000001")
    return Session(corpus, "learning", retrain_every=50, by="tester"), corpus, copies, texts, member


def _label_the_rest(s, shown: list[str]) -> list[str]:
    while (doc := s.next()["doc"]) is not None:
        shown.append(doc["id"])
        s.save(doc["id"], "none", None)
    return shown


def test_the_learning_queue_shows_each_word_for_word_text_once_and_counts_the_copies_left_out(tmp_path):
    """The sheet gave a campaign's text once; the page offered each copy, so a person labelled the same
    words again and again. Now the page shows a text once, as its first copy by id (the one copy its
    label is stored on, as a sheet row's), and counts distinct texts."""
    from voices.store.provenance import text_key

    s, corpus, copies, texts, member = _campaign_session(tmp_path, "other")
    state = s.next()
    assert state["doc"]["id"] == copies[0]  # the queued copies' text, as its first copy
    assert state["progress"] == {"done": 0, "total": 30, "session": 0, "skipped": 0, "copies_left_out": 4}
    s.skip(copies[0])  # skipping a text skips its copies
    assert text_key(s.next()["doc"]["text"]) != text_key(texts[copies[0]])
    assert s.undo() == copies[0] and s.next()["doc"]["id"] == copies[0]
    s.save(copies[0], "none", None)
    shown = _label_the_rest(s, [copies[0]])
    assert len(shown) == 29 and len({text_key(texts[d]) for d in shown}) == 29  # all but the sample's text
    assert not set(shown) & {member, *copies[1:]}
    assert stored_labels(corpus)[copies[0]] == ("none", None) and len(stored_labels(corpus)) == 29
    assert s.next()["progress"] == {"done": 29, "total": 30, "session": 29, "skipped": 0, "copies_left_out": 4}


def test_the_learning_queue_never_offers_a_copy_of_a_validation_text(tmp_path):
    """With the campaign's first copy in the validation sample, the page offered its second copy for
    training; the next model learnt those words, and the report left the sample's copy out of 'How
    accurate on these texts' (the model learnt its text), wasting its validation label."""
    from voices.store.provenance import text_key

    s, corpus, copies, texts, member = _campaign_session(tmp_path, "copy")
    assert member == copies[0]
    shown = _label_the_rest(s, [])
    assert len(shown) == 29 and len({text_key(texts[d]) for d in shown}) == 29
    assert not set(shown) & set(copies)  # the campaign's words are the sample's: no copy is offered
    assert len(stored_labels(corpus)) == 29 and not set(stored_labels(corpus)) & set(copies)
    assert s.next()["progress"] == {"done": 29, "total": 30, "session": 29, "skipped": 0, "copies_left_out": 4}



def test_a_copy_of_a_validation_text_labelled_on_the_page_is_kept_and_said_to_be_left_out_of_training(tmp_path):
    """The page never offers such a copy, but a label posted for one (a stale page, undo) was training data:
    it is stored, the page says training leaves it out, as `voices label` does, and training does."""
    from voices.store import Corpus
    from voices.store.training_labels import training_labels

    s, corpus, copies, texts, _member = _campaign_session(tmp_path, "copy")
    saved = s.save(copies[2], "none", None)
    assert saved == {"doc_id": copies[2], "stance": "none", "themes": None,
                     "note": f"saved; its words are a validation-sample text's, so training leaves this label out "
                             f"({copies[2][:12]})"}
    other = next(d for d in texts if d not in copies)
    assert "note" not in s.save(other, "none", None)
    assert stored_labels(corpus)[copies[2]] == ("none", None)
    with Corpus.open(corpus) as c:
        assert [d for d, _, _ in training_labels(c)] == [other]
    with running(corpus, "learning") as server:  # the page shows the note where it shows "nothing to undo"
        resp = request(server, "POST", "/api/label", cookie=login(server),
                       body={"doc_id": copies[3], "stance": "none"}, headers={"Origin": f"http://127.0.0.1:{server.port}"})
        assert resp.status == 200, resp.data
        assert json.loads(resp.data)["note"].endswith(f"training leaves this label out ({copies[3][:12]})")

def _post_raw(server, cookie: str, path: str, body: bytes, length: str | None = None) -> tuple[int, dict]:
    con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    con.putrequest("POST", path, skip_host=True)
    for name, value in {"Host": f"127.0.0.1:{server.port}", "Cookie": cookie, "Content-Type": "application/json",
                        "Origin": f"http://127.0.0.1:{server.port}",
                        "Content-Length": length if length is not None else str(len(body))}.items():
        con.putheader(name, value)
    con.endheaders(body)
    resp = con.getresponse()
    data = json.loads(resp.read())
    con.close()
    return resp.status, data


def test_malformed_posts_get_a_4xx_answer_and_store_nothing(corpus):
    """A JSON body that is not an object once dropped the connection with a server traceback; a negative
    Content-Length read until the client hung up; a huge body was called 'not JSON'."""
    first = sample_ids(corpus)[0]
    with running(corpus) as server:
        cookie = login(server)
        for body in (b"[]", b'"x"', b"1", b"null"):
            for path in ("/api/label", "/api/skip", "/api/undo"):
                assert _post_raw(server, cookie, path, body) == (400, {"error": "the request body is not a JSON object"})
        themes = json.dumps({"doc_id": first, "stance": "none", "themes": "pay"}).encode()
        assert _post_raw(server, cookie, "/api/label", themes) == (400, {"error": "themes must be a list of theme names"})
        status, data = _post_raw(server, cookie, "/api/label", b"{}", length="-5")
        assert status == 400 and "0 to 1,048,576 bytes" in data["error"]
        status, data = _post_raw(server, cookie, "/api/label", b"{}", length=str(2 << 20))  # answered unread
        assert status == 413 and "0 to 1,048,576 bytes" in data["error"]
        status, data = _post_raw(server, cookie, "/api/skip", b'{"doc_id": "nope"}')
        assert status == 400 and data["error"].startswith("no document 'nope' in corpus")  # was 200, then undo showed none
        undo = _post_raw(server, cookie, "/api/undo", b"{}")
        assert undo[0] == 200 and undo[1]["note"] == "nothing to undo"
        assert request(server, "GET", "/api/state", cookie=cookie).status == 200  # still serving
    assert stored_labels(corpus) == {}


def test_a_busy_corpus_is_a_conflict_to_retry_and_a_bad_label_a_bad_request(corpus, monkeypatch):
    """Every refusal answered 409; now a busy corpus (exit 3 on the command line) is 409 and input is 400."""
    from voices.errors import CorpusBusyError

    first = sample_ids(corpus)[0]
    with running(corpus) as server:
        cookie = login(server)

        def busy(*_args: object) -> None:
            raise CorpusBusyError("the corpus is busy: try again")

        monkeypatch.setattr(server.session, "save", busy)
        label = json.dumps({"doc_id": first, "stance": "none"}).encode()
        assert _post_raw(server, cookie, "/api/label", label) == (409, {"error": "the corpus is busy: try again"})
        monkeypatch.undo()
        status, data = _post_raw(server, cookie, "/api/label", json.dumps({"doc_id": first, "stance": "x"}).encode())
        assert status == 400 and "unknown stance" in data["error"]
    assert stored_labels(corpus) == {}
