"""py3langid's model unpacked once into the user's cache folder: a process then loads it in about 0.17 s, not 0.6 s.

py3langid ships its model as an LZMA-packed ``.npz`` (4.6 MB packed, 68 MB unpacked):
unpacking it is 0.45 of the 0.6 s of CPU every ``voices classify`` paid for it before
its first text. The unpacked arrays are kept in ``voices-cache/langid-<hash>/`` under the
user's cache folder (``$VOICES_CACHE_DIR``, else ``$XDG_CACHE_HOME/voices``, else
``~/.cache/voices``; ``VOICES_CACHE_DIR=`` empty turns the cache off).

The cache is used only when it provably holds the installed model: its folder is named
by the SHA-256 of the installed ``model.npz.xz``, and its manifest records the SHA-256 of
each array file, checked on every load. A cache that is absent, stale, half there or
altered is not read: the model is unpacked as before and the cache written afresh (into a
temporary folder renamed into place, so a reader never sees one half-written). A cache
folder that cannot be written costs nothing but the time saved. The arrays hold the
language model only, nothing from a corpus.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CACHE_ENV = "VOICES_CACHE_DIR"
_FORMAT = 1
# py3langid's loader's tuple, in order (the DFA tables come as stdlib arrays, the rest as numpy arrays or lists)
_NAMES = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def cache_dir() -> Path | None:
    """The user's cache folder for voices, or None when ``VOICES_CACHE_DIR`` is set empty (or there is no home)."""
    given = os.environ.get(CACHE_ENV)
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no $HOME and no passwd entry (a bare container): no cache
            return None
    return Path(base) / "voices"


def load_model(model_file: Path) -> tuple[Any, ...]:
    """``py3langid.modelio.load_model(model_file)``'s tuple, from the cache when it holds this model.

    Returns (nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_row, tk_output) with the same types
    and values as py3langid's loader.
    """
    from py3langid.modelio import load_model as unpack

    root = cache_dir()
    if root is None:
        return unpack(model_file)
    source = hashlib.sha256(Path(model_file).read_bytes()).hexdigest()
    folder = root / f"langid-{source[:32]}"
    cached = _read(folder, source)
    if cached is not None:
        return cached
    model = unpack(model_file)
    if _read(folder, source) is None:  # not written meanwhile by another process (Dask workers on a cold cache)
        _write(folder, source, model)
    return model


def _read(folder: Path, source: str) -> tuple[Any, ...] | None:
    """The arrays in ``folder`` when its manifest names ``source`` and every file's hash matches; else None."""
    import numpy as np

    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != _FORMAT or manifest.get("source_sha256") != source:
            return None
        out = []
        for name in _NAMES:
            data = (folder / f"{name}.npy").read_bytes()
            if hashlib.sha256(data).hexdigest() != manifest["files"][name]:
                log.info("langid cache %s: %s.npy does not match its manifest; unpacking the model", folder, name)
                return None
            values = _from_npy(data, np)
            typecode = manifest["typecodes"].get(name)
            if typecode is not None:
                values, raw = array(typecode), values
                values.frombytes(memoryview(raw).cast("B"))
            out.append(values)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    ptc, pc, classes, nextmove, row, output = out
    return ptc, pc, classes.tolist(), nextmove, row, output.tolist()


def _from_npy(data: bytes, np: Any) -> Any:
    """The array in an ``.npy`` file's bytes, without a copy (read-only)."""
    import io

    head = io.BytesIO(data)
    version = np.lib.format.read_magic(head)
    read_header = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}[version]
    shape, fortran, dtype = read_header(head)
    if fortran or dtype.hasobject:
        raise ValueError("not a plain C-order array")
    return np.frombuffer(data, dtype=dtype, offset=head.tell()).reshape(shape)


def _write(folder: Path, source: str, model: tuple[Any, ...]) -> None:
    """Keep ``model``'s arrays in ``folder`` (whole or not at all); a folder that cannot be written is left."""
    import numpy as np

    tmp = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)  # a stale or altered copy of this model
        _sweep(folder.parent)
        tmp = Path(tempfile.mkdtemp(prefix=".langid-", dir=folder.parent))
        files, typecodes = {}, {}
        for name, values in zip(_NAMES, model, strict=True):
            if isinstance(values, array):
                typecodes[name] = values.typecode
                values = np.frombuffer(values, dtype=f"u{values.itemsize}")
            path = tmp / f"{name}.npy"
            np.save(path, np.asarray(values), allow_pickle=False)
            files[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        manifest = {"format": _FORMAT, "source_sha256": source, "files": files, "typecodes": typecodes}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.replace(tmp, folder)
        tmp = None
    except (OSError, ValueError) as exc:  # read-only home, full disk, or another process renamed first
        log.info("langid model not cached in %s: %s", folder, exc)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _sweep(root: Path) -> None:
    """Remove the temporary folders (68 MB each) of writes cut short more than an hour ago."""
    import time

    for old in root.glob(".langid-*"):
        try:
            if time.time() - old.stat().st_mtime > 3600:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
