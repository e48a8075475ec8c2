"""The corpus schema, its version, and the migrations that bring an older corpus up to date.

Version 1 is the schema of the first release (``CREATE``). Every later change is a
*migration*: one function, registered with ``@migration(N)``, that takes a corpus
from version N-1 to N. ``SCHEMA_VERSION`` is the highest registered N, so adding a
table or a column is a one-function change::

    @migration(3)
    def _add_label_notes(con):  # what the labeller wrote beside a label
        con.execute("ALTER TABLE labels ADD COLUMN note VARCHAR")

- A new corpus is made with ``CREATE`` and then every migration, so the steps are
  the one description of the current schema: never edit ``CREATE`` or an old step.
- The first writing open of an older corpus runs the missing steps, and the
  version bump, in one transaction (``Corpus.migrated`` says what it did; the use
  cases report it). A failing step leaves the corpus as it was.
- Reading opens never migrate: code that reads what a step added must cope with
  a corpus without it (``Corpus.schema_version``, ``Corpus.has_table``), e.g. by
  reading an empty table's worth of nothing.
- A corpus whose version is newer than this code's is refused (its format is
  unknown here).
- ``tests/fixtures/corpus-v1.duckdb.gz`` is a corpus made by the first release; the
  tests check every reading command on it and that a write migrates it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BASE_VERSION = 1

CREATE: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS sources (
        id VARCHAR PRIMARY KEY,
        title VARCHAR NOT NULL,
        url VARCHAR,
        kind VARCHAR NOT NULL,
        origin VARCHAR,
        first_ingested TIMESTAMP NOT NULL,
        last_ingested TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS documents (
        id VARCHAR PRIMARY KEY,
        source_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        kind VARCHAR NOT NULL,
        author VARCHAR,
        posted_at VARCHAR,
        parent_id VARCHAR,
        question_id VARCHAR,
        question VARCHAR,
        respondent_id VARCHAR,
        respondent_type VARCHAR,
        organisation VARCHAR,
        closed_answer VARCHAR,
        text VARCHAR NOT NULL,
        ingested_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS predictions (
        doc_id VARCHAR PRIMARY KEY,
        status VARCHAR NOT NULL,
        language VARCHAR,
        stance VARCHAR,
        stance_probability DOUBLE,
        stance_probabilities VARCHAR,
        stance_uncertain BOOLEAN,
        themes VARCHAR[],
        theme_probabilities VARCHAR,
        stance_model VARCHAR,
        themes_model VARCHAR,
        classified_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS labels (
        doc_id VARCHAR PRIMARY KEY,
        stance VARCHAR,
        themes VARCHAR[],
        labelled_by VARCHAR,
        labelled_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS prepared (
        doc_id VARCHAR NOT NULL,
        version VARCHAR NOT NULL,
        data VARCHAR NOT NULL,
        PRIMARY KEY (doc_id, version)
    )""",
)

Step = Callable[[Any], None]
# MIGRATIONS[n] takes a corpus from version n - 1 to n; filled once, at import, by @migration.
MIGRATIONS: dict[int, Step] = {}


def migration(version: int) -> Callable[[Step], Step]:
    """Register ``step(con)`` as the migration to ``version`` (the next number after the last)."""

    def register(step: Step) -> Step:
        if version in MIGRATIONS or version != BASE_VERSION + len(MIGRATIONS) + 1:
            raise ValueError(f"migration {version}: steps are numbered {BASE_VERSION + 1}, "
                             f"{BASE_VERSION + 2}, ... without gaps")
        MIGRATIONS[version] = step
        return step

    return register


def current_version() -> int:
    """The schema version this code writes: the last registered migration's."""
    return max(MIGRATIONS, default=BASE_VERSION)


def steps_after(version: int) -> list[tuple[int, Step]]:
    """The migrations a corpus at ``version`` needs, in order."""
    return sorted(((v, step) for v, step in MIGRATIONS.items() if v > version), key=lambda vs: vs[0])


# ---- migrations (add new steps at the end) -----------------------------------------------


@migration(2)
def _add_secrets(con: Any) -> None:
    """The corpus's own secret: the key of the document ids redacted outputs show."""
    from voices.store.secrets import add_secrets

    add_secrets(con)


@migration(3)
def _add_attributes(con: Any) -> None:
    """Breakdown fields of a consultation respondent (role, sector, region...), as a JSON object."""
    con.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS attributes VARCHAR")


@migration(4)
def _add_responses(con: Any) -> None:
    """Every consultation respondent's ratings (closed questions no free text explains) and breakdown fields."""
    con.execute("""CREATE TABLE IF NOT EXISTS responses (
        source_id VARCHAR NOT NULL, respondent_id VARCHAR NOT NULL,
        attributes VARCHAR, ratings VARCHAR, PRIMARY KEY (source_id, respondent_id))""")


@migration(5)
def _add_learning_tables(con: Any) -> None:
    """Tables for learning from the user's labels and for surfacing themes (issues 12, 15, 17).

    - ``validation_sample``: documents drawn for measuring accuracy on the user's own texts
      (never trained on); ``draw`` numbers each ``sample --validation``/``--top-up`` call.
    - ``settings``: corpus-wide key/value pairs (JSON values), e.g. the default models
      ``classify`` uses and the corpus's own scheme (TOML text).
    - ``source_schemes``: a scheme (TOML text) for one source, when a corpus mixes debates.
    - ``review_queue``: documents queued for a human to label, by queue name.
    - ``discovered_themes``: the last ``themes discover`` result per run, as JSON. It
      quotes texts, so deleting any document drops every stored run (it is derived data).
    """
    con.execute("""CREATE TABLE IF NOT EXISTS validation_sample (
        doc_id VARCHAR PRIMARY KEY, source_id VARCHAR NOT NULL,
        draw INTEGER NOT NULL, drawn_at TIMESTAMP NOT NULL)""")
    con.execute("""CREATE TABLE IF NOT EXISTS settings (
        key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""")
    con.execute("""CREATE TABLE IF NOT EXISTS source_schemes (
        source_id VARCHAR PRIMARY KEY, scheme VARCHAR NOT NULL)""")
    con.execute("""CREATE TABLE IF NOT EXISTS review_queue (
        doc_id VARCHAR NOT NULL, queue VARCHAR NOT NULL, reason VARCHAR,
        added_at TIMESTAMP NOT NULL, PRIMARY KEY (doc_id, queue))""")
    con.execute("""CREATE TABLE IF NOT EXISTS discovered_themes (
        run_id VARCHAR PRIMARY KEY, created_at TIMESTAMP NOT NULL,
        options VARCHAR NOT NULL, result VARCHAR NOT NULL)""")


@migration(6)
def _add_label_history(con: Any) -> None:
    """Labels no longer in use, kept: ``ingest --replace`` moves here the label of a document whose
    text it changes (a label given to other text is no evidence about the new one). No text is
    kept, and erasing a document erases its history (``DOC_TABLES``)."""
    con.execute("""CREATE TABLE IF NOT EXISTS label_history (
        doc_id VARCHAR NOT NULL, stance VARCHAR, themes VARCHAR[], labelled_by VARCHAR,
        labelled_at TIMESTAMP NOT NULL, superseded_at TIMESTAMP NOT NULL, reason VARCHAR NOT NULL)""")


@migration(7)
def _add_original_id(con: Any) -> None:
    """The record's own id in the user's file (a JSONL/CSV records ``id`` column): exports carry it
    as ``original_id`` and ``voices label --from`` accepts it. Documents stored before have none."""
    con.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS original_id VARCHAR")


@migration(8)
def _add_erased(con: Any) -> None:
    """The suppression list: keyed digests of what ``voices delete`` erased, so ingest does not take it in
    again (``voices.store.suppression`` says which digests, and why they hold no personal data)."""
    from voices.store.suppression import create_table

    create_table(con)


@migration(9)
def _add_erased_names(con: Any) -> None:
    """Keyed digests of erased authors' names, so a redacted output still hides them in others' texts
    (``voices.store.erased_names`` says why they hold nothing readable of the name)."""
    from voices.store.erased_names import create_table

    create_table(con)


@migration(10)
def _add_id_rule(con: Any) -> None:
    """The id rule each source's documents were made under (``voices.ids``' module docstring): a stored
    source keeps its own, so a better rule never gives a re-ingested file new ids. Sources stored
    before have rule 1; a reading open of an older corpus reads every source as rule 1. The rules of
    sources erased whole are kept as keyed digests (``voices.store.suppression``, ``erased_rules``)."""
    from voices.store.suppression import create_rules_table

    con.execute("ALTER TABLE sources ADD COLUMN IF NOT EXISTS id_rule INTEGER")
    con.execute("UPDATE sources SET id_rule = 1 WHERE id_rule IS NULL")
    create_rules_table(con)


# keep this the module's last line, below every step
SCHEMA_VERSION = current_version()
