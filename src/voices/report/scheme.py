"""The scheme a report states: which one it is, and the notes when the predictions do not fit it.

The scheme given, else the corpus's (or, for a frame or dataset, the models'); its proposition,
label names and definitions go into ``ReportData.scheme``; stances it lacks, or themes no model
covers, become methods notes instead of a proposition the figures do not measure.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voices.report.consultation import ClosedAnswerMap, closed_answer_map
from voices.report.data import LabelInfo, ReportData, SchemeInfo, readable

if TYPE_CHECKING:
    from voices.models.scheme import Scheme

log = logging.getLogger(__name__)


def _models_scheme(metas: Mapping[str, dict]) -> Scheme | None:
    """The shipped scheme the models' metadata names, if any."""
    from voices.models.scheme import load_scheme, packaged_scheme

    for meta in metas.values():
        named = meta.get("scheme")
        name = named.get("name") if isinstance(named, Mapping) else named
        if isinstance(name, str) and packaged_scheme(name) is not None:
            return load_scheme(name)
    return None


def _closed_answers(scheme: Path | str | None, metas: Mapping[str, dict]) -> ClosedAnswerMap | None:
    """The closed-answer mapping of the scheme given (an error when unreadable), else of the models' scheme."""
    from voices.models.scheme import load_scheme

    found = load_scheme(scheme) if scheme is not None else _models_scheme(metas)
    return closed_answer_map(found) if found is not None else None


def _scheme_of_corpus(scheme: Path | str | None, corpus: Any, source_ids: Sequence[str]) -> Scheme:
    """The scheme given, else the corpus's own (its one source's when the report covers one)."""
    from voices.models.scheme import load_scheme, scheme_for

    if scheme is not None:
        return load_scheme(scheme)
    return scheme_for(corpus, source_ids[0] if len(source_ids) == 1 else None)


def _scheme_of_models(scheme: Path | str | None, metas: Mapping[str, dict]) -> Scheme:
    """The scheme given, else the shipped scheme the models name, else the shipped default."""
    from voices.models.scheme import SHIPPED_SCHEME, load_scheme

    if scheme is not None:
        return load_scheme(scheme)
    return _models_scheme(metas) or load_scheme(SHIPPED_SCHEME)


def _source_schemes(corpus: Any, source_ids: Sequence[str]) -> set[str]:
    """The names of the schemes the report's sources use (more than one: a mixed corpus)."""
    from voices.models.scheme import schemes_for

    return {s.name for s in schemes_for(corpus, source_ids).values()}


def _with_scheme(report: ReportData, scheme: Scheme, *, own: bool | None = None, mixed: bool = False) -> ReportData:
    """Put the scheme's proposition, names and definitions in the report, when it describes its stances.

    ``own``: the scheme is the corpus's (True) or given with ``--scheme`` (False), so stances it
    lacks mean the predictions were made for another debate (``scheme set`` after ``classify``),
    or (``mixed``) that the report pools sources of several debates: the report says so instead of
    stating a proposition its figures do not measure.
    """
    lacking = [s for s in report.stance_labels if s not in scheme.stances]
    if own is not None and lacking:
        note = f"the stances counted here ({', '.join(lacking)}) are not in scheme {scheme.name!r}"
        if mixed:
            note += ": the report pools sources of several debates; report each debate's sources with --source"
        elif own:
            note += (", so these predictions were made for another debate: classify again with models trained for "
                     "it (voices train --task stance --corpus ..., then voices classify --stance-model DIR)")
        else:
            note += ", so these predictions were made for another debate: give the scheme they were made for"
        log.warning("%s", note)
        report.methods.notes.append(note)
        return report
    if not set(scheme.stances) & set(report.stance_labels):
        log.info("scheme %s names none of the report's stances: labels shown as words", scheme.name)
        return report

    def info(defs: Mapping) -> list[LabelInfo]:
        return [LabelInfo(k, d.title or readable(k), " ".join(d.definition.split())) for k, d in defs.items()]

    report.scheme = SchemeInfo(scheme.name, " ".join(scheme.proposition.split()), info(scheme.stances), info(scheme.themes))
    if not scheme.themes:  # JSON and CSV readers learn it here: empty themes mean none asked, not none found
        report.methods.notes.append(f"scheme {scheme.name!r} has no themes: stance only, no themes model used")
    return report


def _note_uncovered_themes(report: ReportData, scheme: Scheme, metas: Mapping[str, dict]) -> None:
    """Name the scheme's themes that no themes model behind the report can tag (a model may cover a subset)."""
    covered = {lab for m in report.methods.models if m.task == "themes"
               for lab in metas.get(m.model_id, {}).get("labels", [])}
    if scheme.labels("themes") and not any(m.task == "themes" for m in report.methods.models):
        # a new debate's themes before a themes model is trained: classify tagged stance only
        report.methods.notes.append(f"no themes model tagged these texts: the themes of scheme {scheme.name!r} are "
                                    "never counted: train one (voices train --task themes) and classify with it")
        return
    missing = [t for t in scheme.labels("themes") if t not in covered] if covered else []
    if missing:
        report.methods.notes.append(f"themes no model covers (never tagged, so never counted): {', '.join(missing)}")
