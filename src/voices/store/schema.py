"""The corpus schema, its version, and the migrations that bring an older corpus up to date.

A migration is a list of SQL statements taking version N-1 to N; they run in one
transaction when a corpus is opened for writing. A corpus whose version is newer
than this code's is refused (its format is unknown here).
"""

from __future__ import annotations

SCHEMA_VERSION = 1

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

# MIGRATIONS[n] takes a corpus from version n to n + 1.
MIGRATIONS: dict[int, tuple[str, ...]] = {}
