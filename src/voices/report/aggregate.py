"""Predictions -> ``ReportData``: pure aggregation, no I/O.

Input is a pandas frame with the export fields and the prediction fields (what
``voices export`` writes, what a Dask classify writes, what the corpus holds), and
optionally ``classification_status``, ``language`` and the human-label columns
``label_stance``, ``label_themes``, ``labelled_by``. A human label replaces the
prediction (and is never uncertain).

Every document falls into one group: ``confident`` (a stance the report counts),
``uncertain`` (under the model's abstention threshold: its best guess is kept but
counted apart), ``not_english``, ``unclassified`` or ``article``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from voices.report import consultation as cons
from voices.report import threads
from voices.report._text import Texts, sentence_spans
from voices.report.data import (
    Distribution,
    Methods,
    ModelInfo,
    MonthRow,
    Quote,
    ReportData,
    ReviewItem,
    Share,
    ThemeRow,
)
from voices.report.stats import adjusted_shares, wilson

if TYPE_CHECKING:
    import pandas as pd

    from voices.redact import Redactor

__all__ = ["aggregate", "prepare"]

SentenceScorer = Callable[[list[str]], list[Mapping[str, float]]]
QUOTES_PER_STANCE = 3
QUOTE_CANDIDATES = 12
REVIEW_LOW_CONFIDENCE = 10
_MONTH = re.compile(r"^\d{4}-\d{2}")


def _isna(value: object) -> bool:
    """True for None, NaN and pandas.NA; False for any list-like (themes) or real value."""
    import pandas as pd

    if value is None:
        return True
    if isinstance(value, str | list | tuple | dict) or hasattr(value, "__len__"):
        return False
    return bool(pd.isna(value))


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the effective stance/themes (human label first), the group and campaign flags.

    Parameters
    ----------
    frame : pandas.DataFrame
        Export fields + prediction fields (+ optional status and label columns).

    Returns
    -------
    pandas.DataFrame
        A copy with ``human``, ``eff_stance``, ``eff_themes``, ``group``,
        ``campaign_id`` and ``campaign_copy`` added.
    """
    df = frame.copy().reset_index(drop=True)
    for col in ("label_stance", "label_themes", "classification_status", "stance_probability"):
        if col not in df.columns:
            df[col] = None
    df["human"] = [not _isna(v) for v in df["label_stance"]]
    df["eff_stance"] = [lab if h else (None if _isna(s) else s) for h, lab, s in
                        zip(df["human"], df["label_stance"], df["stance"], strict=True)]
    df["eff_themes"] = [
        list(lt) if not _isna(lt) else (list(t) if not _isna(t) else [])
        for lt, t in zip(df["label_themes"], df["themes"], strict=True)
    ]
    df["group"] = [_group(row) for row in df.itertuples(index=False)]
    df["campaign_id"] = None
    df["campaign_copy"] = False
    eligible = df[df["group"].isin(["confident", "uncertain"])]
    for n, members in enumerate(cons.find_campaigns(eligible), 1):
        mask = df["id"].isin(members)
        df.loc[mask, "campaign_id"] = f"campaign-{n}"
        df.loc[mask & (df["id"] != members[0]), "campaign_copy"] = True
    return df


def _group(row: Any) -> str:
    if row.kind == "article":
        return "article"
    if row.human:
        return "confident"
    status = row.classification_status
    if status == "not_english" or (_isna(row.stance) and not _isna(row.stance_model) and _isna(status)):
        return "not_english"
    if _isna(row.stance):
        return "unclassified"
    uncertain = row.stance_uncertain
    return "uncertain" if (not _isna(uncertain) and bool(uncertain)) else "confident"


def _labels(df: pd.DataFrame, metas: Mapping[str, dict]) -> list[str]:
    for model_id in df["stance_model"].dropna().unique():
        labels = metas.get(model_id, {}).get("labels")
        if labels:
            seen = set(df["eff_stance"].dropna())
            return list(labels) + sorted(seen - set(labels))
    seen = sorted(set(df["eff_stance"].dropna()))
    return [s for s in seen if not threads.is_none_label(s)] + [s for s in seen if threads.is_none_label(s)]


def _distribution(scope: str, title: str, df: pd.DataFrame, labels: list[str], metas: Mapping[str, dict]) -> Distribution:
    counted = df[(df["group"] == "confident") & ~df["campaign_copy"]]
    counts = Counter(counted["eff_stance"])
    n = len(counted)
    rows = [Share(lab, counts[lab], counts[lab] / n if n else 0.0, *wilson(counts[lab], n)) for lab in labels]
    groups = Counter(df.loc[~df["campaign_copy"], "group"])
    dist = Distribution(
        scope=scope, title=title, n=n, rows=rows, uncertain=groups["uncertain"],
        not_english=groups["not_english"], unclassified=groups["unclassified"],
        human_labelled=int((df["human"] & (df["group"] == "confident") & ~df["campaign_copy"]).sum()),
        campaign_copies=int(df["campaign_copy"].sum()),
    )
    _adjust(dist, df, labels, metas)
    return dist


def _adjust(dist: Distribution, df: pd.DataFrame, labels: list[str], metas: Mapping[str, dict]) -> None:
    """Fill ``adjusted_share``: model-tagged items corrected by the confusion matrix, human labels as they are."""
    predicted = df[(~df["human"]) & df["group"].isin(["confident", "uncertain"]) & ~df["campaign_copy"]]
    human = Counter(df.loc[df["human"] & (df["group"] == "confident") & ~df["campaign_copy"], "eff_stance"])
    if predicted.empty:
        return
    models = Counter(predicted["stance_model"].dropna())
    model_id = models.most_common(1)[0][0] if models else None
    meta = metas.get(model_id or "", {})
    confusion, model_labels = meta.get("oof_confusion"), meta.get("labels")
    if not confusion or not model_labels:
        dist.adjusted_note = "no out-of-fold confusion matrix for the stance model: shares not corrected"
        return
    try:
        adj = adjusted_shares(Counter(predicted["stance"]), confusion, model_labels)
    except ValueError as exc:
        dist.adjusted_note = f"confusion matrix unusable ({exc}): shares not corrected"
        return
    n_model, n_human = len(predicted), sum(human.values())
    for row in dist.rows:
        share = adj.shares.get(row.stance, 0.0)
        row.adjusted_share = (n_model * share + human[row.stance]) / (n_model + n_human)
    notes = [adj.note] if adj.note else []
    if len(models) > 1:
        notes.append(f"{len(models)} stance models tagged these documents; corrected with {model_id[:12]}'s matrix")
    dist.adjusted_note = "; ".join(notes) or None


def _metric(value: object) -> str | None:
    if isinstance(value, Mapping):
        v, ci = value.get("value"), value.get("ci95")
        if isinstance(v, int | float):
            if isinstance(ci, Sequence) and len(ci) == 2:
                return f"{v:.3f} (95% CI {ci[0]:.3f}–{ci[1]:.3f})"
            return f"{v:.3f}"
        return None
    return f"{value:.3f}" if isinstance(value, int | float) and not isinstance(value, bool) else None


def _metrics(block: object) -> dict[str, str]:
    if not isinstance(block, Mapping):
        return {}
    keys = ("accuracy", "macro_f1", "micro_f1", "coverage", "covered_accuracy", "n")
    out = {k: m for k in keys if k in block and (m := _metric(block[k])) is not None}
    if "n" in block and isinstance(block["n"], int):
        out["n"] = str(block["n"])
    return out


def _methods(df: pd.DataFrame, metas: Mapping[str, dict], generated: str) -> Methods:
    models = []
    for task, col in (("stance", "stance_model"), ("themes", "themes_model")):
        for model_id, count in sorted(Counter(df[col].dropna()).items()):
            meta = metas.get(model_id, {})
            data = meta.get("training_data") or {}
            thresholds = meta.get("thresholds") if isinstance(meta.get("thresholds"), Mapping) else {}
            models.append(ModelInfo(
                task=task, model_id=model_id, created=meta.get("created"),
                training_data_hash=data.get("hash"), training_n=data.get("n"),
                abstain_threshold=meta.get("abstain_threshold"),
                thresholds={k: float(v) for k, v in sorted(thresholds.items())},
                cv=_metrics(meta.get("cv")), cross_writer=_metrics(meta.get("cross_writer")), documents=count,
            ))
    notes = [] if metas else ["model metadata not available: metrics and training-data hash not shown"]
    return Methods(generated=generated, models=models, human_labels=int(df["human"].sum()), notes=notes)


def _themes(df: pd.DataFrame, labels: list[str]) -> tuple[list[ThemeRow], int]:
    rows = df[df["group"].isin(["confident", "uncertain"]) & ~df["campaign_copy"]]
    n = len(rows)
    counts: Counter = Counter()
    by_stance: dict[str, Counter] = {}
    for stance, group, themes in zip(rows["eff_stance"], rows["group"], rows["eff_themes"], strict=True):
        column = stance if group == "confident" else cons.UNCERTAIN
        for theme in themes:
            counts[theme] += 1
            by_stance.setdefault(theme, Counter())[column] += 1
    cols = [*labels, cons.UNCERTAIN]
    out = [
        ThemeRow(t, c, c / n if n else 0.0, *wilson(c, n), {s: by_stance[t][s] for s in cols})
        for t, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return out, n


def _best_sentence(text: str, stance: str, scorer: SentenceScorer | None) -> tuple[int, int]:
    """The sentence the stance model scores highest for ``stance`` (the first full one without a model)."""
    spans = sentence_spans(text)
    if not spans:
        return 0, len(text)
    if len(spans) == 1 or scorer is None:
        return next((s for s in spans if len(text[s[0]:s[1]].split()) >= 5), spans[0])
    scores = scorer([text[s:e] for s, e in spans])
    best = max(range(len(spans)), key=lambda i: (scores[i].get(stance, 0.0), -i))
    return spans[best]


def _who(row: pd.Series, texts: Texts) -> str | None:
    """The author as shown (pseudonymised when redacting), or the organisation / kind of respondent."""
    author = texts.author(row["author"])
    if author:
        return author
    org, kind = row.get("organisation"), row.get("respondent_type")
    if isinstance(org, str) and org.strip():
        return org.strip()
    return f"a respondent ({kind})" if isinstance(kind, str) and kind.strip() else None


def _quotes(df: pd.DataFrame, labels: list[str], scorer: SentenceScorer | None, texts: Texts) -> dict[str, list[Quote]]:
    eligible = df[(df["group"] == "confident") & ~df["campaign_copy"] & df["text"].notna()]
    out: dict[str, list[Quote]] = {}
    for stance in labels:
        if threads.is_none_label(stance):
            continue
        rows = eligible[eligible["eff_stance"] == stance].copy()
        rows["_p"] = rows["stance_probability"].astype("float64").fillna(1.0)
        rows = rows.sort_values(["_p", "id"], ascending=[False, True]).head(QUOTE_CANDIDATES)
        picked: list[Quote] = []
        authors: set[str] = set()
        for _, row in rows.iterrows():
            author_key = str(row["author"]).casefold() if isinstance(row["author"], str) else f"#{row['id']}"
            if author_key in authors:
                continue
            start, end = _best_sentence(row["text"], stance, scorer)
            picked.append(Quote(
                stance=stance, doc_id=row["id"], text=texts.window(row["id"], row["text"], start, end),
                author=_who(row, texts), posted_at=row["posted_at"] if isinstance(row["posted_at"], str) else None,
                source_title=row.get("source_title"), stance_probability=None if row["human"] else float(row["_p"]),
                human_label=bool(row["human"]),
            ))
            authors.add(author_key)
            if len(picked) == QUOTES_PER_STANCE:
                break
        out[stance] = picked
    return out


def _by_month(df: pd.DataFrame, labels: list[str]) -> list[MonthRow]:
    rows = df[(df["group"] == "confident") & ~df["campaign_copy"]]
    months = [m.group() if isinstance(p, str) and (m := _MONTH.match(p)) else None for p in rows["posted_at"]]
    tally: dict[str, Counter] = {}
    for month, stance in zip(months, rows["eff_stance"], strict=True):
        if month:
            tally.setdefault(month, Counter())[stance] += 1
    if len(tally) < 2:
        return []
    out = []
    for month in sorted(tally):
        c, n = tally[month], sum(tally[month].values())
        out.append(MonthRow(month, n, {s: c[s] / n for s in labels}, {s: c[s] for s in labels}))
    return out


def _low_confidence(df: pd.DataFrame, texts: Texts) -> list[ReviewItem]:
    """The uncertain items and the lowest-confidence quarter, least confident first (at most 10)."""
    rows = df[df["group"].isin(["confident", "uncertain"]) & ~df["human"] & df["stance_probability"].notna()].copy()
    if rows.empty:
        return []
    rows["_p"] = rows["stance_probability"].astype("float64")
    cut = rows["_p"].quantile(0.25)
    rows = rows[(rows["group"] == "uncertain") | (rows["_p"] < cut)]
    rows = rows.sort_values(["_p", "id"]).head(REVIEW_LOW_CONFIDENCE)
    return [
        ReviewItem(doc_id=r["id"], reason="low confidence" + (" (uncertain)" if r["group"] == "uncertain" else ""),
                   stance=r["stance"], stance_probability=float(r["_p"]), snippet=texts.snippet(r["id"], r["text"]))
        for _, r in rows.iterrows()
    ]


def aggregate(
    frame: pd.DataFrame,
    *,
    model_metas: Mapping[str, dict] | None = None,
    closed_answers: cons.ClosedAnswerMap | None = None,
    sentence_scorer: SentenceScorer | None = None,
    redactor: Redactor | None = None,
    title: str | None = None,
    generated: str | None = None,
) -> ReportData:
    """Compute every figure, table and list of a stance report.

    Parameters
    ----------
    frame : pandas.DataFrame
        Documents with the export and prediction fields (see the module docstring).
    model_metas : mapping or None
        model id -> meta.json, for the methods block and the corrected shares.
    closed_answers : ClosedAnswerMap or None
        Closed answer -> stance mapping from the scheme; None shows plain cross-tables.
    sentence_scorer : callable or None
        Sentences -> stance probabilities each, to pick the sentence that best supports a quote's stance.
    redactor : voices.redact.Redactor or None
        Redact every text and author the report shows.
    title : str or None
    generated : str or None
        The report date (ISO); today (UTC) when None.

    Returns
    -------
    ReportData
    """
    metas = dict(model_metas or {})
    texts = Texts(redactor)
    df = prepare(frame)
    labels = _labels(df, metas)
    generated = generated or datetime.now(timezone.utc).date().isoformat()
    per_source = [
        _distribution(sid, str(g["source_title"].iloc[0]), g, labels, metas)
        for sid, g in df.groupby("source_id", sort=True)
    ]
    sources = [{"source_id": d.scope, "source_title": d.title,
                "documents": int((df["source_id"] == d.scope).sum())} for d in per_source]
    dynamics, flips = threads.dynamics(df, texts)
    themes, themes_n = _themes(df, labels)
    members = df[df["campaign_id"].notna()]
    groups = [list(g["id"]) for _, g in sorted(members.groupby("campaign_id"), key=lambda kv: int(kv[0].split("-")[1]))]
    return ReportData(
        title=title or (per_source[0].title if len(per_source) == 1 else "Stance report"),
        stance_labels=labels, sources=sources,
        overall=_distribution("overall", "All sources", df, labels, metas), per_source=per_source,
        methods=_methods(df, metas, generated), themes=themes, themes_n=themes_n,
        quotes=_quotes(df, labels, sentence_scorer, texts), dynamics=dynamics,
        consultation=cons.consultation(df, labels, closed_answers, texts),
        campaigns=cons.campaigns(df, groups, texts), by_month=_by_month(df, labels),
        review_low_confidence=_low_confidence(df, texts), review_flips=flips,
        not_english=int((df["group"] == "not_english").sum()), human_labels=int(df["human"].sum()),
        redacted=redactor is not None, documents=int((df["group"] != "article").sum()),
    )
