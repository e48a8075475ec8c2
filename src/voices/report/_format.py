"""Number and wording helpers every renderer shares, so all formats say the same thing."""

from __future__ import annotations

import re
from dataclasses import replace

from voices.report.data import Consultation, CrossTable, Distribution, ModelInfo, QuestionShares, Quote, ReportData


def texts(n: int) -> str:
    """A count of texts in words.

    >>> texts(1), texts(0), texts(1200)
    ('1 text', '0 texts', '1,200 texts')
    """
    return f"{n:,} text" + ("" if n == 1 else "s")


def pct(x: float | None, digits: int = 1) -> str:
    """0.4213 -> '42.1%'; None -> '–'.

    A share that is neither none nor all never reads as "0%" or "100%": 1 text in 3,000
    is '<0.1%', not '0.0%' beside a count of 1.

    Examples
    --------
    >>> pct(0.4213), pct(1 / 3000), pct(2999 / 3000), pct(0.004, 0), pct(0.0), pct(None)
    ('42.1%', '<0.1%', '>99.9%', '<1%', '0.0%', '–')
    """
    if x is None:
        return "–"
    text = f"{100 * x:.{digits}f}"
    step = f"{10.0 ** -digits:.{digits}f}"
    if float(text) == 0 and x > _NOISE:
        return f"<{step}%"
    if float(text) == 100 and x < 1 - _NOISE:
        return f">{100 - float(step):.{digits}f}%"
    return f"{text}%"


# below this a share is floating-point noise (a corrected share clipped to zero), not a text
_NOISE = 1e-9


def interval(low: float, high: float) -> str:
    """'35.1–49.0%'."""
    return f"{100 * low:.1f}–{100 * high:.1f}%"


def prob(x: float | None) -> str:
    return "human label" if x is None else f"{x:.2f}"


def counted_apart(d: Distribution) -> str:
    """The sentence saying what a distribution leaves out."""
    elsewhere = _flagged_elsewhere(d.uncertain, d.uncertain_labelled, d.uncertain_copies, "texts")
    uncertain = [f"{d.uncertain} uncertain (counted apart{elsewhere})"] if d.uncertain or elsewhere else []
    apart = ((d.not_english, "not in English (not classified)"),
             (d.unclassified, "not yet classified"), (d.human_labelled, "human-labelled"),
             (d.campaign_copies, "campaign copies counted once"))
    return "; ".join([f"n = {d.n} with a confident stance", *uncertain, *(f"{n} {what}" for n, what in apart if n)])


def _flagged_elsewhere(uncertain: int, labelled: int, copies: int, what: str) -> str:
    """Where the ``what`` (texts, answers) the model flagged uncertain but the count leaves out went ('' when none)."""
    if not (labelled or copies):
        return ""
    flagged = uncertain + labelled + copies
    parts = [*([f"{labelled} labelled by a person count{'s' * (labelled == 1)} under the label"] if labelled else []),
             *([f"{copies} campaign cop{'y is' if copies == 1 else 'ies are'} counted once"] if copies else [])]
    return f"; of the {flagged} {what if flagged != 1 else what[:-1]} the model flagged uncertain, " + " and ".join(parts)


def human_labels_used(r: ReportData) -> str:
    """``human_labels``, with the labels no figure uses said apart ('' after the number when every one counts)."""
    apart = [*([f"{r.human_labels_copies} on campaign cop{'y' if r.human_labels_copies == 1 else 'ies'}, each "
                "campaign counted once"] if r.human_labels_copies else []),
             *([f"{r.human_labels_articles} on {'an article' if r.human_labels_articles == 1 else 'articles'}, never "
                "classified"]
               if r.human_labels_articles else [])]
    if not apart:
        return str(r.human_labels)
    return f"{r.human_labels} ({r.overall.human_labelled} in the stance counts; {'; '.join(apart)})"


def summary_line(r: ReportData) -> str:
    """One line on what the report covers."""
    src = f"{len(r.sources)} source{'s' if len(r.sources) != 1 else ''}"
    # the sources' own counts (and `voices corpus`) include their articles: say where the difference went
    besides = (f" (besides {r.articles} article{'s' if r.articles != 1 else ''}, not classified)"
               if r.articles else "")
    line = f"{r.documents} documents from {src}{besides}; generated {day(r.methods.generated)}."
    if r.redacted:
        line += " Redacted: names, e-mail addresses, phone numbers and postcodes replaced; authors pseudonymised."
    return line


def cv_scores(info: ModelInfo) -> str:
    """The appendix's name for where a model's cross-validated scores were measured.

    The shipped models' training texts are AI-written and a score on them must say so (real writing is
    in the notes); an adapted model's are scored on the user's labels only, a user's model on their files.
    """
    if info.own_labels:
        return f"cross-validated, scored on your {info.own_labels} labels only"
    return {"yours": "cross-validated on its training texts (your files)",
            "mixed": "cross-validated on its training texts (partly the shipped AI-written ones)",
            }.get(info.origin, "cross-validated on its training texts (AI-written)")


def other_writer_scores(info: ModelInfo) -> str:
    """The appendix's name for the scores on a writer the model never saw (AI-written for the shipped models)."""
    return "another writer's texts (AI-written)" if info.origin == "shipped" else "another writer's texts"

ADJUSTED_EXPLAINED = (
    "Corrected share: the raw shares adjusted for the model's known error rates (adjusted "
    "classify-and-count with the out-of-fold confusion matrix; uncertain items count by their best guess)."
)


def adjusted_explained(r: ReportData) -> str:
    """What the stance table's corrected share is, and where the other correction is when a sample was labelled."""
    if r.accuracy is None:
        return ADJUSTED_EXPLAINED
    return (ADJUSTED_EXPLAINED + " The shares corrected with error rates measured on these texts (the labelled "
            "validation sample) are under \"How accurate on these texts\".")


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


def day(value: str | None) -> str:
    """A date as readers write it: '2024-03-04T11:20:20' -> '4 Mar 2024', '2024-03' -> 'Mar 2024'.

    Anything that is not an ISO date is shown as it is; None is 'undated'.

    Examples
    --------
    >>> day("2024-03-04T11:20:20+00:00"), day("2024-11"), day(None)
    ('4 Mar 2024', 'Nov 2024', 'undated')
    """
    if not value:
        return "undated"
    m = _ISO_DAY.match(str(value))
    if not m or not 1 <= int(m.group(2)) <= 12:
        return str(value)
    month = f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return f"{int(m.group(3))} {month}" if m.group(3) else month


def first_sentence(text: str) -> str:
    """A definition's one-line form: its first sentence, up to a colon or semicolon after four words or more.

    Examples
    --------
    >>> first_sentence("Leaders need not be social workers: directors lead whole systems. More.")
    'Leaders need not be social workers.'
    >>> first_sentence("Pay: salaries and rates.")
    'Pay: salaries and rates.'
    """
    m = re.search(r"(?<=[.!?])\s+(?=[A-Z'\"(])", text)
    sentence = text[: m.start()] if m else text
    head = re.split(r"[:;]\s", sentence, maxsplit=1)[0]
    return head.rstrip(".") + "." if head != sentence and len(head.split()) >= 4 else sentence


def column_name(r: ReportData, column: str) -> str:
    """A table column as readers see it: stances by their names, other values as they are."""
    return r.name(column) if column in r.stance_labels or column.startswith("(") else column


def question_note(q: QuestionShares) -> str:
    """What one question's shares count."""
    apart = f"; {q.uncertain} uncertain, counted apart" if q.uncertain else ""
    elsewhere = _flagged_elsewhere(q.uncertain, q.uncertain_labelled, q.uncertain_copies, "answers")
    return f"n = {q.n} answers with a confident stance{apart}{elsewhere}."


def question_tables(c: Consultation) -> tuple[dict[str, list[CrossTable]], list[CrossTable]]:
    """The consultation's tables split: those about one question (by its key), and the rest in report order.

    With per-question sections, "Stance by question" is left out: each section holds its figures.
    """
    own: dict[str, list[CrossTable]] = {}
    rest = []
    number = {q.key: i for i, q in enumerate(c.questions, 1)}
    keys = set(number)
    for t in c.tables():
        if t.question_key in keys:  # under its question's heading and text: a short title will do
            title = f"Question {number[t.question_key]}: closed answer ticked vs stance of the free text"
            own.setdefault(t.question_key, []).append(replace(t, title=title))
        elif not (keys and t in c.by_question):
            rest.append(t)
    return own, rest


def named_accuracy_table(r: ReportData) -> tuple[str, list[str], list[list[str]]]:
    """The "How accurate on these texts" block (``accuracy_table``) with each stance by its name."""
    from voices.report.accuracy import accuracy_table

    line, header, rows = accuracy_table(r.accuracy, r.name)
    return line, header, [[r.name(row[0]), *row[1:]] for row in rows]


def answers_line(c: Consultation) -> str:
    """How many answers the consultation section counts: classified ones, so not those in another language."""
    return (f"{c.answers} classified free-text answers (campaign copies counted once; "
            "answers not in English are not classified).")


def undated_note(r: ReportData) -> str | None:
    """Say how many texts the month table leaves out for want of a date, so its n's add up."""
    if not r.by_month or not r.undated:
        return None
    n = r.undated
    return f"{n} text{'s' if n != 1 else ''} with a confident stance but no date {'are' if n != 1 else 'is'} in no month."


def label_help(r: ReportData) -> str:
    """How to correct a listed document, with the stance ids the command takes (their names beside them)."""
    # the scheme's stances are what `voices label` takes; the report's own labels are only those seen or a
    # model predicts, so a corpus labelled by people alone listed only the stances they gave so far
    accepted = [s.id for s in r.scheme.stances] if r.scheme is not None else r.stance_labels
    ids = ", ".join(f"`{s}` ({r.name(s)})" for s in accepted)
    return f"Correct any of these with `voices label DOC_ID --stance LABEL`, where LABEL is one of {ids}."


def pooled_note(r: ReportData) -> str | None:
    """Say that the headline pools several consultation questions, and where each question's shares are."""
    c = r.consultation
    if c is None or len(c.questions) < 2:
        return None
    # the headline also counts comment threads and record files when the report has them: say so, or a
    # reader takes every share for the consultation's
    others = r.overall.n + r.overall.uncertain - c.answers
    also = " and the texts of the other sources" if others > 0 else ""
    every = "both" if len(c.questions) == 2 else f"all {len(c.questions)}"  # not "all 2"
    return (f"These shares pool the free-text answers to {every} consultation questions{also}; "
            "each question's own shares are under Consultation.")


def quote_credit(q: Quote) -> str:
    """Who said a quote and when, without the model's confidence: "Jo Bloggs, 4 Mar 2024"."""
    who = q.author or "unknown author"
    return f"{who}, {day(q.posted_at)}" + (" (stance labelled by a person)" if q.human_label else "")


def no_themes(r: ReportData) -> str | None:
    """The sentence for a scheme without themes (stance only, no themes model), else None."""
    if r.scheme is None or r.scheme.themes:
        return None
    return f"The scheme {r.scheme.name!r} has no themes: the texts were read for stance only."


def plain_methods(r: ReportData) -> list[str]:
    """The methods block in plain words, one paragraph each; the figures' sources are in the appendix."""
    stance = next((m for m in r.methods.models if m.task == "stance"), None)
    out = [_models_sentence(r, stance)] if stance is not None else []
    if r.human_labels:
        out.append(f"People labelled {r.human_labels} of the texts; their labels replace the model's.")
    out.append("Shares are of the texts with a confident stance. The ranges (95% intervals) show how far a share "
               "could move by chance alone; corrected shares allow for the model's known mistakes.")
    out.append(_accuracy_words(r, stance))
    out.append(r.methods.caveat)
    out.append("The technical figures (model ids, training data, scores) are in the appendix.")
    return out


def _models_sentence(r: ReportData, stance: ModelInfo) -> str:
    """Which model gave the stances and which the themes, each with what it learnt from, and the abstention."""
    themes = next((m for m in r.methods.models if m.task == "themes"), None)
    which = "model"
    if no_themes(r):
        gave = "one stance"
    elif themes is not None and themes.training_n and _trained_on(themes) != _trained_on(stance):
        # `classify --stance-model` with your model keeps the shipped themes model: "a model trained on ...
        # 28 labelled by you ... gave it one stance and any themes" credited your labels with themes
        gave, which = f"one stance; another model,{_trained_on(themes)}, gave it any themes", "stance model"
    else:
        gave = "one stance and any themes"
    unsure = (f" When the {which} was less than {pct(stance.abstain_threshold, 0)} sure, the text is counted as "
              "uncertain and left out of the shares." if stance.abstain_threshold is not None else "")
    return f"A statistical model{_trained_on(stance)} read each text and gave it {gave}.{unsure}"


def _trained_on(m: ModelInfo) -> str:
    """What the model learnt from, in words: the shipped texts are AI-written; an adapted model's include yours."""
    if not m.training_n:
        return ""
    if m.own_labels:
        # ``train --corpus`` adds your labels to the shipped texts (or your files): say whose the rest are,
        # since "3418 labelled texts (34 of them labelled by you)" hid that 3384 were AI-written
        rest = m.training_n - m.own_labels
        whose = {"yours": "from your files", "mixed": "from your files and the shipped AI-written ones"}.get(
            m.origin, "AI-written examples (not these)")
        if rest <= 0:
            return f" trained on {m.own_labels} texts labelled by you"
        return f" trained on {m.training_n} labelled texts: {m.own_labels} labelled by you and {rest} {whose}"
    return {"yours": f" trained on {m.training_n} labelled texts from your files",
            "mixed": f" trained on {m.training_n} labelled texts, from your files and the shipped AI-written ones",
            }.get(m.origin, f" trained on {m.training_n} AI-written example texts (not these)")


def _tested_on(m: ModelInfo) -> str | None:
    """The cross-validated accuracy, saying whose labels it was scored against (the shipped texts' are AI-written)."""
    if m.tested_accuracy is None:
        return None
    x, n = pct(m.tested_accuracy, 0), f"{m.tested_n} " if m.tested_n else ""
    if m.own_labels:
        return (f"scored on your {n}labels, each by a model fitted without it, it gave your stance {x} of the "
                "time")
    if m.origin == "yours":
        return f"cross-validated on your {n}labelled texts, it gave their labelled stance {x} of the time"
    if m.origin == "mixed":
        return (f"cross-validated on its {n}training texts (your files and the shipped AI-written ones), it gave "
                f"the labelled stance {x} of the time")
    return (f"cross-validated on its {n}training texts (each scored by a model fitted without it; AI-written and "
            f"labelled by their AI writers, not by people), it gave the labelled stance {x} of the time")


def _real_words(real: dict) -> str:
    """The stance model's figures on real people's writing, with the no-position texts it gave a stance."""
    part = f"on {real.get('n')} texts by real people it agreed with a person {pct(real['accuracy'], 0)} of the time"
    if real.get("stance_total"):
        part += (f", but most of those take no position: of the {real['stance_total']} that did, it found "
                 f"the right stance in {real.get('stance_correct', 0)}")
    if real.get("none_given_stance") and real.get("none_total"):
        part += (f", and it gave a stance to {real['none_given_stance']} of the {real['none_total']} that took "
                 "none, so read the stance shares as an upper bound on how many take a side")
    return part


def _accuracy_words(r: ReportData, stance: ModelInfo | None) -> str:
    """Where the accuracy figures come from, in words."""
    if r.accuracy is not None:
        return ("The model's accuracy was checked on a sample of these texts that people labelled: "
                "see \"How accurate on these texts\".")
    from voices.report.accuracy import LABEL_STEP, NEXT_STEP

    found = [t for t in [_tested_on(stance)] if t] if stance is not None else []
    real = stance.real_writing if stance is not None else {}
    if real.get("accuracy") is not None:
        found.append(_real_words(real))
    elif stance is not None and not stance.own_labels:  # an adapted model was scored on the user's own texts
        found.append("it has not been measured on real people's writing")
    figures = ("; ".join(found) + ". ") if found else ""
    # an adapted model's figures are on the user's labels, which may be texts of this corpus, but not a random
    # sample of it: only the validation sample measures these texts
    opener = ("Accuracy has not been checked on a random sample of these texts. " if stance and stance.own_labels
              else "Accuracy has not been checked on these texts: it comes from other texts. ")
    n = getattr(r, "validation_unlabelled", 0)
    step = (f"label the {n} text{'s' if n != 1 else ''} of the validation sample drawn ({LABEL_STEP})" if n
            else f"draw a validation sample with `{NEXT_STEP}`, label it,")
    return opener + (figures[:1].upper() + figures[1:]) + f"To check it here, {step} and report again."


THEME_DIMENSIONS = {"source": "By source", "question": "By question", "respondent_type": "By respondent type",
                    "month": "By month"}
_SHARES_SHOWN = 8  # groups named per line; the rest are in the CSV and JSON


def theme_share_line(dimension: str, shares: list) -> str:
    """One line of a theme's shares by a dimension, largest share first: "By source: Forum 30% (6 of 20); …".

    Examples
    --------
    >>> from voices.report.themes import ThemeShare
    >>> theme_share_line("month", [ThemeShare("2024-03", 2, 10, 0.2), ThemeShare("2024-04", 6, 10, 0.6)])
    'By month: Apr 2024 60% (6 of 10); Mar 2024 20% (2 of 10)'
    """
    ranked = sorted(shares, key=lambda s: (-s.share, s.key))

    def name(key: str) -> str:
        key = day(key) if dimension == "month" else " ".join(key.split())
        return key if len(key) <= 60 else key[:57].rstrip() + "…"

    parts = [f"{name(s.key)} {pct(s.share, 0)} ({s.count} of {s.total})" for s in ranked[:_SHARES_SHOWN]]
    more = f"; {len(ranked) - _SHARES_SHOWN} more in the CSV" if len(ranked) > _SHARES_SHOWN else ""
    return f"{THEME_DIMENSIONS[dimension]}: " + "; ".join(parts) + more


def adopt_hint() -> str:
    """How a discovered theme joins the scheme."""
    return "to add one to the scheme: `voices themes adopt ID --name NAME --description TEXT`"
