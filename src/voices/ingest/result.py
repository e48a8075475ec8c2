"""What an ingest reports: per file (``FileResult``), in all (``IngestResult``), and as it goes.

``voices ingest`` prints the summary of an ``IngestResult`` and, with ``--json``, its
``to_dict()``: those field names are a contract (added to, never renamed). The
pipeline (``voices.ingest.pipeline``) fills these in; nothing here reads or stores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["FileResult", "IngestProgress", "IngestResult", "ProgressCallback"]


@dataclass
class FileResult:
    """What one input file gave."""

    path: str
    format: str
    sources: list[str] = field(default_factory=list)
    documents: int = 0
    added: int = 0
    duplicates: int = 0
    already_present: int = 0
    #: texts not added because a stored document of another text holds their id (warned about): no
    #: duplicates, and not in ``already_present``
    not_added_other_text: int = 0
    #: a voices export's rows of a source stored here under another id rule, not stored here by content
    #: either: not added (warned about); those stored by content count in ``already_present``
    not_added_other_rule: int = 0
    #: ``--replace``: documents already stored whose text or fields the file changes
    updated: int = 0
    #: ``--replace``: labelled documents whose text the file changes: their labels moved to the label history
    labels_superseded: list[str] = field(default_factory=list)
    repositioned: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    #: consultation exports: answers left blank (in no ``skipped`` reason: not written, so not skipped)
    blank: int = 0
    #: documents ``voices delete`` erased from this corpus earlier: not stored again (``voices.store.suppression``)
    erased: int = 0
    #: consultation respondents' ratings rows erased earlier: not stored again
    erased_responses: int = 0
    #: ``--readmit-erased``: documents erased earlier, stored again (their digests removed)
    readmitted: int = 0
    warnings: list[str] = field(default_factory=list)
    #: consultation exports: ``(column, role, examples)`` as read (``--save-mapping`` writes them)
    columns: list[tuple[str, str, list[str]]] = field(default_factory=list)
    #: new sources of this file that are part of a stored source (``head -3 FILE | voices ingest -``): not
    #: added, their documents counted in ``already_present``; per one, the stored ``source_id``, its
    #: ``title`` and how many ``documents`` of the file it holds (``voices.store.stored_part``)
    part_of_stored: list[dict[str, Any]] = field(default_factory=list)
    #: the id rule (``voices.ids``) each of ``sources`` was read under: the one a stored source was stored
    #: under, the newest for a new source (0: a source a voices export brought, its rule not known yet)
    id_rules: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestResult:
    """What an ``ingest_paths`` call did, per file and in total."""

    corpus: str
    files: list[FileResult] = field(default_factory=list)
    #: ``--replace``: documents removed because the files no longer hold them, and labels dropped with them
    removed: int = 0
    dropped_labels: list[str] = field(default_factory=list)
    #: ``--replace``: how many of the removed documents were in the validation sample
    validation_removed: int = 0

    @property
    def added(self) -> int:
        """Documents new to the corpus."""
        return sum(f.added for f in self.files)

    @property
    def duplicates(self) -> int:
        """Rows repeated inside a file, stored once."""
        return sum(f.duplicates for f in self.files)

    @property
    def updated(self) -> int:
        """``--replace``: stored documents brought up to the files' text and fields."""
        return sum(f.updated for f in self.files)

    @property
    def superseded_labels(self) -> list[str]:
        """``--replace``: documents whose text changed, so their labels went to the label history."""
        return [d for f in self.files for d in f.labels_superseded]

    @property
    def erased(self) -> int:
        """Documents erased from this corpus earlier (``voices delete``), skipped."""
        return sum(f.erased for f in self.files)

    @property
    def readmitted(self) -> int:
        """``--readmit-erased``: documents erased earlier and stored again."""
        return sum(f.readmitted for f in self.files)

    @property
    def already_present(self) -> int:
        """Documents the corpus held before this call."""
        return sum(f.already_present for f in self.files)

    @property
    def not_added_other_text(self) -> int:
        """Texts not added: a stored document of another text holds their id (each file warns)."""
        return sum(f.not_added_other_text for f in self.files)

    @property
    def not_added_other_rule(self) -> int:
        """A voices export's rows whose source is stored here under another id rule, not added (each file warns)."""
        return sum(f.not_added_other_rule for f in self.files)

    @property
    def skipped(self) -> dict[str, int]:
        """Items not taken as documents, by reason (unapproved, pingback, non-answer...)."""
        total: Counter = Counter()
        for f in self.files:
            total.update(f.skipped)
        return dict(sorted(total.items()))

    @property
    def blank(self) -> int:
        """Consultation answers left blank."""
        return sum(f.blank for f in self.files)

    @property
    def part_of_stored(self) -> list[dict[str, Any]]:
        """New sources not added because a stored source holds every document of them, file by file."""
        return [{"path": f.path, **p} for f in self.files for p in f.part_of_stored]

    @property
    def warnings(self) -> list[str]:
        """Every warning, file by file."""
        return [w for f in self.files for w in f.warnings]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (what ``voices ingest --json`` prints)."""
        return {
            "corpus": self.corpus, "files": [asdict(f) for f in self.files],
            "documents_added": self.added, "skipped_duplicates": self.duplicates,
            "skipped_already_present": self.already_present, "skipped": self.skipped,
            "warnings": self.warnings, "documents_removed": self.removed, "documents_updated": self.updated,
            "labels_dropped": self.dropped_labels, "labels_superseded": self.superseded_labels,
            "validation_removed": self.validation_removed,
            "skipped_erased": self.erased, "skipped_erased_responses": sum(f.erased_responses for f in self.files),
            "readmitted_erased": self.readmitted, "part_of_stored_sources": self.part_of_stored,
            "not_added_other_text": self.not_added_other_text, "blank": self.blank,
            "not_added_other_rule": self.not_added_other_rule,
        }


@dataclass(frozen=True)
class IngestProgress:
    """A progress report: file ``file_number`` of ``files``, ``documents`` read from it so far."""

    path: str
    file_number: int
    files: int
    documents: int
    done: bool = False


ProgressCallback = Callable[[IngestProgress], None]
