"""A project-written corpus with four clear themes, for the theme-discovery tests.

Sixty consultation answers, each put together from one topic's sentences (pay,
caseloads, registration, outsourcing) plus a neutral line, so NMF has something to find.
"""

from __future__ import annotations

from pathlib import Path

from voices.schemas import Record, Source

CONSULTATION = Source(title="Workforce consultation", kind="consultation")

TOPICS = {
    "pay": ["Our pay has fallen behind inflation for years.", "A decent salary would keep experienced staff.",
            "Agency rates double the pay of permanent staff.", "Nobody stays when the pay packet is this low.",
            "Pay and salary scales need a proper rise."],
    "caseload": ["My caseload is far too high to visit families properly.", "Caseloads of thirty children burn "
                 "people out.", "Burnout follows when caseloads never fall.", "I work evenings to keep up with "
                 "my caseload.", "Exhaustion and burnout are normal with these caseloads."],
    "registration": ["Registration with the regulator should cover directors.", "Every director should hold "
                     "professional registration.", "The regulator must register senior leaders too.",
                     "Registration gives the public a route to complain.", "Professional registration protects "
                     "standards."],
    "outsourcing": ["Outsourcing services to private providers fragments care.", "Private providers make profit "
                    "from outsourcing children's homes.", "Outsourcing contracts move money to shareholders.",
                    "Commissioning private providers has failed.", "End the outsourcing of residential homes."],
}
NEUTRAL = ["Thank you for the chance to respond.", "This matters to everyone in the sector.",
           "I hope the review listens.", "Please read this answer carefully."]


def theme_records(per_topic: int = 15) -> list[Record]:
    """``per_topic`` answers for each of the four topics, respondents alternating individual/organisation."""
    records = []
    for t, lines in enumerate(TOPICS.values()):
        for i in range(per_topic):
            n = t * per_topic + i
            picked = [lines[(i + k) % len(lines)] for k in range(3)]
            text = " ".join(picked[:2] + [NEUTRAL[n % len(NEUTRAL)]] + picked[2:])
            if n == 0:
                text += " Email jo.bloggs@example.org for our full answer."
            records.append(Record(CONSULTATION, "consultation_answer", text, f"R{n}:Q1", native_id=f"R{n}:Q1",
                                  question_id="Q1", question="What would help the workforce?", respondent_id=f"R{n}",
                                  respondent_type="individual" if n % 2 else "organisation",
                                  author=f"Respondent {n}"))
    return records


def make_theme_corpus(path: Path, per_topic: int = 15) -> Path:
    """A corpus at ``path`` holding ``theme_records``."""
    from store_fixtures import make_corpus

    return make_corpus(path, theme_records(per_topic))
