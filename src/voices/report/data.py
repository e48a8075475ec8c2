"""The report as data: what ``aggregate`` computes and every renderer reads.

Plain dataclasses of numbers and strings (``dataclasses.asdict`` gives the JSON
report). Texts in it (quotes, snippets) are already redacted when the report was
built with redaction; renderers escape them for their format.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

CAVEAT = (
    "Comment threads and consultation responses are self-selected: they show what the people "
    "who chose to write said, not the view of the profession or of the public. Shares describe "
    "these texts only."
)


@dataclass
class Share:
    """One stance's count and share in a scope, with its Wilson 95% interval."""

    stance: str
    count: int
    share: float | None  # None when no text in the scope has a confident stance: 0 of 0 is no share at all
    ci_low: float
    ci_high: float
    adjusted_share: float | None = None


@dataclass
class Distribution:
    """Stance distribution in one scope (``overall`` or a source id).

    ``n`` counts documents with a confident stance (human labels included); uncertain,
    non-English and unclassified documents are counted apart, and campaign copies
    beyond the first are left out (``campaign_copies``).

    ``uncertain`` counts the texts the stance model flagged below its abstention threshold
    that nobody labelled, campaign copies beyond the first left out. The other stored
    predictions flagged uncertain are ``uncertain_labelled`` (a person labelled the text: it
    counts under the label, in ``n``) and ``uncertain_copies`` (campaign copies beyond the
    first), so the three add up to the predictions stored with ``stance_uncertain`` true.
    """

    scope: str
    title: str
    n: int
    rows: list[Share]
    uncertain: int = 0
    not_english: int = 0
    unclassified: int = 0
    human_labelled: int = 0
    campaign_copies: int = 0
    adjusted_note: str | None = None
    uncertain_labelled: int = 0
    uncertain_copies: int = 0


@dataclass
class ModelInfo:
    """What the methods block says about one model."""

    task: str
    model_id: str
    created: str | None = None
    training_data_hash: str | None = None
    training_n: int | None = None
    abstain_threshold: float | None = None
    thresholds: dict[str, float] = field(default_factory=dict)
    cv: dict[str, str] = field(default_factory=dict)
    cross_writer: dict[str, str] = field(default_factory=dict)
    documents: int = 0
    # plain figures for the methods block: accuracy on held-out AI-written texts, and on real writing
    tested_accuracy: float | None = None
    tested_n: int | None = None
    real_writing: dict[str, Any] = field(default_factory=dict)
    # who wrote the training texts (shipped: AI-written; yours; mixed) and, for a model adapted with
    # `train --corpus`, how many of the user's labels it learnt from (its cv is scored on those alone)
    origin: str = "shipped"
    own_labels: int | None = None


@dataclass
class Methods:
    """How the figures were made, and the caveat."""

    generated: str
    models: list[ModelInfo]
    human_labels: int
    caveat: str = CAVEAT
    notes: list[str] = field(default_factory=list)


@dataclass
class ThemeRow:
    """One theme: documents tagged, share of classified documents (Wilson 95%), count per stance."""

    theme: str
    count: int
    share: float
    ci_low: float
    ci_high: float
    by_stance: dict[str, int]


@dataclass
class Quote:
    """A representative sentence for a stance, attributed.

    ``id``, ``quote`` and ``label_source`` repeat ``doc_id``, ``text`` and
    ``human_label`` under the names ``voices export`` and ``voices quotes`` give the
    same facts (field names are a contract: added, never renamed).
    """

    stance: str
    doc_id: str
    text: str
    author: str | None
    posted_at: str | None
    source_title: str | None
    stance_probability: float | None
    human_label: bool = False
    source_id: str | None = None  # as export and quotes name the source (added beside source_title)
    id: str = field(init=False)
    quote: str = field(init=False)
    label_source: str = field(init=False)

    def __post_init__(self) -> None:
        self.id, self.quote = self.doc_id, self.text
        self.label_source = "human" if self.human_label else "model"


@dataclass
class ContestedThread:
    """A top-level comment and its replies, ranked by how much their stances disagree."""

    root_id: str
    author: str | None
    snippet: str
    replies: int
    different: int
    comparable: int
    stances: dict[str, int]


@dataclass
class Dynamics:
    """Reply versus parent: same stance, different stance, or not comparable."""

    replies: int = 0
    same: int = 0
    different: int = 0
    not_comparable: int = 0
    contested: list[ContestedThread] = field(default_factory=list)


@dataclass
class ReviewItem:
    """A document worth a human look, with the id to pass to ``voices label``."""

    doc_id: str
    reason: str
    stance: str | None
    stance_probability: float | None
    snippet: str
    parent_id: str | None = None
    parent_stance: str | None = None
    id: str = field(init=False)  # doc_id under the export's name

    def __post_init__(self) -> None:
        self.id = self.doc_id


@dataclass
class Campaign:
    """Identical or near-identical texts sent by many respondents, counted once."""

    campaign_id: str
    size: int
    stance: str | None
    doc_ids: list[str]
    snippet: str


@dataclass
class CrossTable:
    """Counts of ``rows`` x ``columns`` (e.g. closed answer x predicted stance)."""

    title: str
    row_name: str
    column_name: str
    rows: list[str]
    columns: list[str]
    counts: list[list[int]]
    question_key: str | None = None  # the consultation question a table is about, if one


@dataclass
class Disagreement:
    """A consultation answer whose free text argues other than its closed answer says."""

    doc_id: str
    question_id: str | None
    closed_answer: str
    expected_stance: str
    stance: str
    stance_probability: float | None
    snippet: str
    id: str = field(init=False)  # doc_id under the export's name

    def __post_init__(self) -> None:
        self.id = self.doc_id


@dataclass
class QuestionShares:
    """One consultation question: its full text and the stance shares of its free-text answers."""

    key: str
    text: str
    n: int
    uncertain: int
    rows: list[Share]
    # answers flagged uncertain counted otherwise, as ``Distribution``'s: labelled by a person, campaign copies
    uncertain_labelled: int = 0
    uncertain_copies: int = 0


@dataclass
class Consultation:
    """Consultation breakdowns: by question, by respondent type, closed answer vs stance, campaigns."""

    answers: int
    by_question: list[CrossTable] = field(default_factory=list)
    by_respondent_type: CrossTable | None = None
    closed_vs_stance: list[CrossTable] = field(default_factory=list)
    mapping_used: bool = False
    disagreements: list[Disagreement] = field(default_factory=list)
    by_attribute: list[CrossTable] = field(default_factory=list)  # voices report --by COLUMN
    ratings: list[CrossTable] = field(default_factory=list)  # closed questions no text explains, per respondent
    questions: list[QuestionShares] = field(default_factory=list)  # stance shares per question, in question order

    def tables(self) -> list[CrossTable]:
        """Every cross-table, in the order reports show them."""
        typed = [self.by_respondent_type] if self.by_respondent_type else []
        return [*self.by_question, *typed, *self.by_attribute, *self.closed_vs_stance, *self.ratings]


@dataclass
class MonthRow:
    """Stance shares in one month."""

    month: str
    n: int
    shares: dict[str, float]
    counts: dict[str, int]


@dataclass
class LabelInfo:
    """A stance or theme as readers see it: its id (in JSON/CSV), readable name and definition."""

    id: str
    name: str
    definition: str


@dataclass
class SchemeInfo:
    """What the report is about: the scheme's proposition and its labels, read from the corpus's scheme."""

    name: str
    proposition: str
    stances: list[LabelInfo]
    themes: list[LabelInfo]


def readable(label: str) -> str:
    """A label id as words when the scheme gives no title: ``social_work_leaders`` -> 'Social work leaders'."""
    from voices.models.scheme import readable as as_words  # the one rule, shared with label files

    return as_words(label)


@dataclass
class ReportData:
    """Everything a stance report shows."""

    title: str
    stance_labels: list[str]
    sources: list[dict[str, Any]]
    overall: Distribution
    per_source: list[Distribution]
    methods: Methods
    themes: list[ThemeRow]
    themes_n: int
    quotes: dict[str, list[Quote]]
    dynamics: Dynamics
    consultation: Consultation | None
    campaigns: list[Campaign]
    by_month: list[MonthRow]
    review_low_confidence: list[ReviewItem]
    review_flips: list[ReviewItem]
    not_english: int
    human_labels: int
    redacted: bool
    documents: int
    # "How accurate on these texts" (voices.report.accuracy.Accuracy): None without a labelled validation sample
    accuracy: Any = None
    # the proposition and the labels' names and definitions (None: no scheme at hand, ids shown as words)
    scheme: SchemeInfo | None = None
    # evidence for each theme (voices.report.themes.ThemeEvidenceBlock): None when no text has a theme
    theme_evidence: Any = None
    # texts with a confident stance but no date, so in no month of ``by_month`` (0 without the table)
    undated: int = 0
    # validation-sample texts nobody has labelled yet (not scored: the next step is labelling them, not a draw)
    validation_unlabelled: int = 0
    # articles the sources hold: not classified and not in ``documents``, but in each ``sources[].documents``
    articles: int = 0
    # the human labels no figure uses (in ``human_labels``, not in ``overall.human_labelled``): on campaign
    # copies beyond the first (each campaign counted once) and on articles (never classified)
    human_labels_copies: int = 0
    human_labels_articles: int = 0

    def name(self, label: str | None) -> str:
        """The readable name of a stance or theme id (ids stay in JSON and CSV)."""
        if label is None:
            return ""
        if self.scheme is not None:
            for info in (*self.scheme.stances, *self.scheme.themes):
                if info.id == label:
                    return info.name
        return readable(label)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)
