"""Column mappings for consultation exports: what ``--preview`` shows and ``--mapping`` applies.

A mapping names the role of each column of a survey export, so a layout voices
guessed wrong is fixed once and kept (``--save-mapping``) instead of with six flags
on every ingest. Its file is TOML::

    # voices column mapping
    [columns]
    "Response ID" = "id"
    "Submitted" = "date"
    "1. Do you agree that directors should be registered?" = "closed"
    "Please explain your answer" = "text"
    "Which region do you work in?" = "category"
    "May we publish your response?" = "ignore"

Roles: ``id`` (respondent id), ``date`` (posted_at), ``name`` and ``email``
(respondent identity; ``first_name`` and ``last_name`` for a name over two columns,
joined as the author), ``respondent_type``, ``organisation``, ``text`` (a free-text
question: each answer is a document), ``closed`` (a closed question, paired with
the text column after it), ``category`` (a breakdown field: role, sector, region),
``question`` (each row's question text, in an export of one answer column) and
``ignore``. A column the mapping does not name is ignored, with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from voices.errors import InputError

ROLES: tuple[str, ...] = ("id", "date", "name", "email", "respondent_type", "organisation", "text", "closed",
                          "category", "ignore", "first_name", "last_name", "question")


def read_mapping(path: Path | str) -> tuple[tuple[str, str], ...]:
    """``(column, role)`` pairs from a mapping file, in file order.

    Raises
    ------
    InputError
        Unreadable file, invalid TOML, no ``[columns]`` table, or an unknown role.
    """
    import tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the mapping ({exc.strerror}): check the path") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid TOML mapping ({exc}): fix it, or write a new one "
                         "with voices ingest --preview FILE --save-mapping MAPPING.toml") from None
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise InputError(f"{path}: no [columns] table: a mapping lists each column's role under [columns]")
    pairs = []
    for column, role in columns.items():
        if role not in ROLES:
            raise InputError(f"{path}: column {column!r} has role {role!r}, not one of {', '.join(ROLES)}")
        pairs.append((column, role))
    return tuple(pairs)


def mapping_toml(columns: Iterable[tuple[str, str]]) -> str:
    """The TOML text of a mapping (``json.dumps`` quoting is valid TOML for keys and values)."""
    lines = ["# voices column mapping: one role per column (see voices ingest --help)",
             f"# roles: {', '.join(ROLES)}", "[columns]"]
    lines += [f"{json.dumps(column, ensure_ascii=False)} = {json.dumps(role)}" for column, role in columns]
    return "\n".join(lines) + "\n"
