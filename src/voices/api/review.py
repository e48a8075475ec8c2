"""``voices review``: the labelling page, served until Ctrl-C."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voices.api._events import ProgressCallback, choice, labeller, migrate, tell
from voices.errors import InputError


@dataclass(frozen=True)
class ReviewResult:
    """What a review session did: labels saved (net of undos) and texts skipped."""

    url: str
    labelled: int
    skipped: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        return {"url": self.url.split("?")[0], "labelled": self.labelled, "skipped": self.skipped}


def review(corpus: Path | str, *, queue: str = "validation", port: int = 0, open_browser: bool = True,
           retrain_every: int = 5, by: str | None = None, on_ready: Callable[[str], None] | None = None,
           progress: ProgressCallback | None = None) -> ReviewResult:
    """Serve the review page on 127.0.0.1 until Ctrl-C; each label is stored as it is given.

    Parameters
    ----------
    corpus : path-like
        The corpus file (must exist).
    queue : {"validation", "learning"}
        The drawn validation sample in order, or the most informative next text
        (uncertainty with diversity, never from the validation sample).
    port : int
        0 picks a free port.
    open_browser : bool
        Open the user's browser on the first (one-time) URL.
    retrain_every : int
        The learning queue's model is retrained in the background after this many labels.
    by : str or None
        Who labels (default: ``$USER``).
    on_ready : callable or None
        Called with the one-time URL once the server listens.

    Returns
    -------
    ReviewResult

    Raises
    ------
    voices.errors.InputError
        An unknown queue, an empty validation sample, or a port out of range or taken.
    """
    from voices.review.queues import QUEUES, Session
    from voices.review.server import ReviewServer

    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: a port is 0 to 65535: give one, or 0 for a free one")
    migrate(corpus, progress)
    session = Session(Path(corpus), choice(queue, QUEUES, "--queue"), retrain_every, labeller(by))
    try:
        server = ReviewServer(session, port)
    except OSError as exc:  # the port is taken, or needs privileges
        raise InputError(f"--port {port}: cannot serve on 127.0.0.1:{port} ({exc.strerror or exc}): "
                         "give another port, or 0 for a free one") from None
    tell(progress, "serve", f"review page at http://127.0.0.1:{server.port}/ (Ctrl-C stops it)")
    try:  # Ctrl-C may come as soon as the URL is out: from here on it stops the page cleanly
        if on_ready is not None:
            on_ready(server.url)
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return ReviewResult(server.url, session.saved, len(session.skipped))
