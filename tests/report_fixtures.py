"""Fake models and a small project-written corpus for the classify, report and redaction tests.

The fake models follow the ``voices.models.TrainedModel`` interface with keyword
rules, so tests know exactly which stance each fixture text gets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from store_fixtures import make_corpus

from voices.models import StancePrediction, ThemePrediction
from voices.schemas import Record, Source

STANCES = ["social_work_leaders", "system_leaders", "practice_connected", "none"]
THEMES = ["burnout", "pay", "registration"]
# rows = true, columns = predicted: the model over-calls social_work_leaders
CONFUSION = [[80, 10, 5, 5], [20, 70, 5, 5], [15, 5, 75, 5], [10, 5, 5, 80]]

_RULES = [
    ("social_work_leaders", ("registered social worker", "must be social workers", "qualified social worker",
                             "never done the job", "led by social workers")),
    ("system_leaders", ("system leader", "whole system", "need not be", "best director i had was a teacher")),
    ("practice_connected", ("sit with", "time with", "frontline", "close to practice")),
]


@dataclass
class FakeStance:
    """Keyword stance 'model'; texts with 'perhaps' come out uncertain."""

    model_id: str = "fake-stance-1"
    task: str = "stance"
    labels: list[str] = field(default_factory=lambda: list(STANCES))
    calls: int = 0

    @property
    def meta(self) -> dict:
        return {
            "model_id": self.model_id, "task": "stance", "labels": self.labels, "abstain_threshold": 0.5,
            "oof_confusion": CONFUSION, "created": "2025-01-01T00:00:00",
            "training_data": {"hash": "d" * 64, "n": 400},
            "cv": {"accuracy": {"value": 0.81, "ci95": [0.77, 0.85]}, "macro_f1": {"value": 0.79, "ci95": [0.75, 0.83]}},
            "cross_writer": {"macro_f1": {"value": 0.74, "ci95": [0.69, 0.79]}},
            "scheme": {"name": "social-work-leadership", "version": 1},
        }

    def predict_prepared(self, prepared: list[str]) -> list[StancePrediction]:
        self.calls += 1
        out = []
        for text in prepared:
            plain = text.replace("neg_", "")
            label = next((lab for lab, cues in _RULES if any(c in plain for c in cues)), "none")
            p = 0.45 if "perhaps" in plain else (0.9 if label != "none" else 0.7)
            rest = (1 - p) / 3
            probs = {lab: (p if lab == label else rest) for lab in self.labels}
            out.append(StancePrediction(label, p, probs, p < 0.5))
        return out

    def predict(self, texts: list[str]) -> list[StancePrediction]:
        from voices.nlp import preprocess

        return self.predict_prepared(list(preprocess(texts)))


@dataclass
class FakeThemes:
    """Keyword themes 'model'."""

    model_id: str = "fake-themes-1"
    task: str = "themes"
    labels: list[str] = field(default_factory=lambda: list(THEMES))

    @property
    def meta(self) -> dict:
        return {"model_id": self.model_id, "task": "themes", "labels": self.labels,
                "thresholds": dict.fromkeys(self.labels, 0.5)}

    def predict_prepared(self, prepared: list[str]) -> list[ThemePrediction]:
        cues = {"burnout": ("caseload", "burn"), "pay": ("pay", "salar", "£"), "registration": ("regist", "hcpc")}
        out = []
        for text in prepared:
            on = sorted(t for t, words in cues.items() if any(w in text for w in words))
            out.append(ThemePrediction(on, {t: (0.9 if t in on else 0.1) for t in self.labels}))
        return out


THREAD = Source(title="Should directors be social workers?", kind="thread", url="https://example.org/dcs-debate")
CONSULT = Source(title="Leadership consultation 2024", kind="consultation")
CAMPAIGN_TEXT = ("As a member of our union I believe every director of children's services must be a "
                 "registered social worker with frontline experience.")
QUESTION = "Should the director of children's services be a registered social worker?"


def thread_records() -> list[Record]:
    """An article, comments and replies three deep, with planted identifiers and hostile markup."""
    def c(key: str, text: str, author: str, when: str, parent: str | None = None, kind: str = "comment") -> Record:
        return Record(THREAD, kind if parent is None else "reply", text, key, parent_key=parent, author=author,
                      posted_at=when)

    return [
        Record(THREAD, "article", "Ministers ask who should lead social work.", "a", author="Editor",
               posted_at="2024-01-02T08:00:00"),
        c("1", "Directors must be social workers. You cannot lead what you have never done the job of. "
               "Ask Jane Smith at jane.smith@council.gov.uk or ring 020 7946 0018.", "Dr Steve Rogowski",
          "2024-01-03T09:00:00"),
        c("2", "Nonsense: a DCS is a system leader across schools and health. Steve forgets that.",
          "Jonathan Ritchie", "2024-01-03T10:00:00", "1"),
        c("3", "The leaders must be social workers, as Jonathan knows. My caseload is 30 and pay is frozen.",
          "Long in the tooth", "2024-01-04T11:00:00", "2"),
        c("4", "Whatever their background they should sit with teams every week. Write to me at SW1A 1AA.",
          "Social worker", "2024-02-05T12:00:00", "3"),
        c("5", "<script>document.title='PWNED'</script> Only a qualified social worker can judge risk.",
          "Polly", "2024-02-06T13:00:00"),
        c("6", "<img src=x onerror=\"document.title='PWNED2'\"> Leaders need time with families on the frontline.",
          "Anita Singh", "2024-02-06T14:00:00", "5"),
        c("7", "Perhaps, I am not sure what I think about any of this.", "Mo", "2024-02-07T15:00:00"),
        c("8", "Thanks for the article, good read.", "Reader", "2024-02-08T16:00:00"),
    ]


def consultation_records() -> list[Record]:
    """Individuals and an organisation, closed answers, a Welsh answer, a three-copy campaign."""
    def a(resp: str, text: str, closed: str, rtype: str = "individual", org: str | None = None) -> Record:
        return Record(CONSULT, "consultation_answer", text, f"{resp}:Q1", native_id=f"{resp}:Q1", question_id="Q1",
                      question=QUESTION, respondent_id=resp, respondent_type=rtype, organisation=org,
                      closed_answer=closed, posted_at="2024-03-01")

    return [
        a("R1", "Yes, leaders must be social workers to understand risk.", "Agree"),
        a("R2", "A DCS is a system leader; the qualification need not be required.", "Disagree",
          "organisation", "Northshire Council"),
        a("R3", "The best director I had was a teacher and she ran the whole system well.", "Agree"),
        a("R4", "Dylai arweinwyr gwaith cymdeithasol fod yn weithwyr cymdeithasol cymwys bob amser.", "Agree"),
        a("R5", CAMPAIGN_TEXT, "Strongly agree"),
        a("R6", CAMPAIGN_TEXT, "Strongly agree"),
        a("R7", CAMPAIGN_TEXT.replace("frontline", "front-line"), "Strongly agree"),
    ]


def make_report_corpus(path: Path) -> Path:
    """The thread and the consultation above in a corpus at ``path``."""
    return make_corpus(path, thread_records() + consultation_records())


def classified_corpus(path: Path, stance: FakeStance | None = None) -> Path:
    """``make_report_corpus`` classified with the fake models."""
    from voices.classify import classify_corpus

    make_report_corpus(path)
    classify_corpus(path, stance_model=stance or FakeStance(), themes_model=FakeThemes())
    return path


def no_entities(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """An entity finder that finds nothing (patterns and author names still redact)."""
    return [[] for _ in texts]


PLANTED = ["Jane Smith", "jane.smith@council.gov.uk", "020 7946 0018", "SW1A 1AA", "Rogowski", "Jonathan",
           "Polly", "Anita Singh", "Steve"]


def learnt_by_the_model(path, doc_ids, model_id="fake-stance-1"):
    """Record ``doc_ids`` in the stored meta.json of ``model_id`` as ``train --corpus`` does: keyed user-label ids."""
    import json

    from voices.ids import keyed_id
    from voices.store import Corpus
    from voices.store.secrets import redaction_key

    with Corpus.open(path, write=True) as c:
        key = redaction_key(c)
        meta = json.loads(c.sql("SELECT value FROM meta WHERE key = ?", [f"model:{model_id}"]).fetchall()[0][0])
        meta["adaptation"] = {"user_labels": {"n": len(doc_ids), "doc_keys": sorted(keyed_id(key, d) for d in doc_ids)}}
        c.sql("UPDATE meta SET value = ? WHERE key = ?", [json.dumps(meta), f"model:{model_id}"])

