"""The model card (``README.md`` of a model directory), rendered from ``meta.json``.

Tables list labels alphabetically, as ``meta.json`` stores its keys: the card is rendered from a
meta in memory (``voices train``, ``benchmarks/real_writing.py``) or read back (``update_meta``), and
the shipped themes card's per-theme order changed with whichever step wrote it last.
"""

from __future__ import annotations


def _fig(m: dict | None) -> str:
    if not m:
        return "n/a"
    return f"{m['value']:.3f} (95% CI {m['ci95'][0]:.3f}-{m['ci95'][1]:.3f})"


def _real_writing(meta: dict) -> list[str]:
    """The card's lead: the figures on real people's writing, or that they were not measured."""
    real = meta.get("real_writing")
    head = ["## On real people's writing", ""]
    if not real and meta.get("adaptation"):
        # the figures below are on the user's labels: real writing, and the card said it was not measured on any
        return [*head, "Measured on your own labels only: the cross-validated figures below score your labelled "
                "texts (real writing, from your corpus), each by a model that did not train on it. Not measured on "
                f"texts from outside your corpus. The shipped {meta['task']} model's figures (on the AI-written "
                "labelled corpus, and on real-dev, a development set of real people's writing) are on its own card.",
                ""]
    if not real:
        return [*head, "Not measured on real writing: this model's figures below come from the texts it was "
                "trained on (cross-validated) and, when recorded, another writer's texts.", ""]
    label = f" ({real['label']})" if real.get("label") else ""
    if meta["task"] == "stance":
        s = real["stance"]
        body = [f"{real['data']}: {real['n']} texts by real people, never trained on{label}.", "",
                f"- macro-F1 {_fig(s['macro_f1'])}; accuracy {_fig(s['accuracy'])} "
                f"(always answering `none`: {s['always_none_accuracy']:.3f})",
                f"- texts taking no position given a stance: {s['none_given_stance']} of {s['none_total']}; "
                f"stance-taking texts given the correct stance: {s['stance_correct']} of {s['stance_total']}"]
    else:
        t = real["themes"]
        body = [f"{real['data']}: {real['n']} texts by real people, never trained on{label}.", "",
                f"- micro-F1 {_fig(t['micro_f1'])}", "",
                "| theme | gold texts | precision | recall |", "|---|---|---|---|",
                *[f"| {k} | {v['gold']} | {v['precision']:.3f} | {v['recall']:.3f} |"
                  for k, v in sorted(t["per_theme"].items())]]
    return [*head, *body, "", "A development set: design choices were made by looking at it, so these "
            "figures flatter the model; expect lower on other real writing.", ""]


AI_WRITTEN = ("The shipped labelled corpus is AI-written: every text was written for this project by AI writers "
              "following the labelling guide; none is real people's writing.")


def _map_extras(adapted: dict) -> str:
    """What a MAP model's ``adaptation`` adds to ``C`` (nothing for models from before session 38)."""
    extras = ([f", its biases' prior variance {adapted['C_b']:g}"] if adapted.get("C_b") is not None else []) + (
        [", each stance among your labels weighing the same"] if adapted.get("class_weight") == "balanced" else [])
    return "".join(extras)


def _texts_line(td: dict, adapted: object) -> str:
    """How many texts, from which files, and (an adapted model) how many of them are the user's labels.

    The files' texts and the user's apart: an adapted model's count holds both, and the files are the shipped
    AI-written ones (or the user's --data), so '3416 texts from batch-w1.jsonl, ...' counted 32 real texts as theirs.
    A MAP model's groups are its prior's and the user's sources: its cross-validation used the user's labels only."""
    files = ", ".join(td.get("files", []))
    users = adapted.get("user_labels") if isinstance(adapted, dict) else None
    if isinstance(users, dict) and isinstance(users.get("n"), int):
        kind = "groups" if adapted.get("method") == "map" else "CV groups"
        theirs = f"{td['n'] - users['n']} from {files} and " if files else ""
        return (f"{td['n']} texts: {theirs}{users['n']} of your labels ({td.get('groups', '?')} {kind}); "
                f"sha256 `{td['hash'][:16]}...`.")
    return f"{td['n']} texts from {files} ({td.get('groups', '?')} CV groups); sha256 `{td['hash'][:16]}...`."


def _provenance(meta: dict) -> tuple[str, str]:
    """Who wrote the training texts, as far as ``meta.json`` tells: the card's paragraph and limits line.

    Models built before ``training_data.origin`` was recorded were the shipped ones (AI-written)."""
    td = meta["training_data"]
    origin = td.get("origin", "shipped")
    adapted = meta.get("adaptation")
    if adapted:
        mine = adapted["user_labels"]["n"]
        where = f" in the corpus `{td['corpus']}`" if td.get("corpus") else ""
        others = {"shipped": "the shipped labelled corpus. " + AI_WRITTEN,
                  "mixed": "the shipped labelled corpus and your files. " + AI_WRITTEN,
                  "yours": "your files, whose writers voices does not know."}[origin]
        if adapted.get("method") == "map":
            return (f"The shipped stance model, trained on the shipped labelled corpus, adapted to {mine} of your "
                    f"own labels{where} by MAP (Chelba and Acero 2004): a second linear block over features of your "
                    f"texts, its prior's C {adapted['C']:g} chosen by cross-validation on your labels{_map_extras(adapted)}. "
                    f"{AI_WRITTEN}",
                    "- Its prior is a model of AI-written texts; real people's writing costs accuracy "
                    "(see the first section).")
        text = (f"{mine} of the {td['n']} texts are your own labels{where}, weighted x{adapted['weight']}; "
                f"the other {td['n'] - mine} come from {others}" if td["n"] > mine else
                f"All {mine} texts are your own labels{where}.")
        limit = ("- Its other training texts are AI-written; real people's writing costs accuracy (see the first "
                 "section)." if origin != "yours" else
                 "- Measured only on your own labels (out of fold): check it on a validation sample.")
        return text, limit
    if origin == "yours":
        return ("Trained on your labelled files, listed below; voices does not know who wrote them. The figures "
                "below are cross-validated on those same files.",
                "- Measured only on its own training files (cross-validated): measure it on texts it never saw.")
    if origin == "mixed":
        return ("Some training files are the shipped labelled corpus, the others are yours. " + AI_WRITTEN,
                "- Partly trained on AI-written texts; real people's writing costs accuracy (see the first section).")
    return (AI_WRITTEN.replace("The shipped labelled corpus", "The labelled corpus"),
            "- Trained on AI-written texts; real people's writing costs accuracy (see the first section).")


def _redaction(meta: dict) -> list[str]:
    """The card's lines on whether the user's texts were redacted before training (``meta["redaction"]``).

    Models trained before it was recorded say nothing: voices cannot tell."""
    red = meta.get("redaction")
    if not red or not red.get("user_texts"):
        return []
    n = red["user_texts"]
    if red.get("user_texts_redacted"):
        # the shipped texts are named only when some were trained on (a --data file of the user's alone: none)
        shipped = " The shipped AI-written texts were not redacted." \
            if meta.get("training_data", {}).get("origin") in ("shipped", "mixed") else ""
        return [f"Your {n} texts were redacted before anything was fitted on them (names, e-mail addresses, "
                f"phone numbers and other identifiers became placeholders such as [PERSON]; {red['changed']} "
                f"texts changed; `{red['version']}`), so the model's vocabularies do not hold them.{shipped}", ""]
    return [f"Your {n} texts were **not** redacted before training (`--no-redact`): the model's vocabularies "
            "can hold names, e-mail addresses and phone numbers from them. Do not share this folder.", ""]


def _capped(calibration: object) -> list[str]:
    """The line saying calibration stopped at ``calibrate.max_temperature`` (``meta.json``'s ``at_max``), as training warned."""
    if not isinstance(calibration, dict) or not calibration.get("at_max"):
        return []
    return [f"- calibration stopped at its highest temperature ({calibration.get('temperature_max'):g}): out of fold, "
            "the model's confidence barely tells right from wrong, so its labels taught it little"]


def render_card(meta: dict) -> str:
    """A human-readable model card: what the model does, on what data, how well, and its limits."""
    cv = meta["cv"]
    task = meta["task"]
    scheme = meta.get("scheme") or {}
    td = meta["training_data"]
    provenance, limit = _provenance(meta)
    lines = [
        f"# voices {task} model",
        "",
        f"- model_id: `{meta['model_id']}`",
        f"- scheme: {scheme.get('name', 'labels taken from the data')}",
        f"- labels: {', '.join(meta['labels'])}",
        f"- created: {meta.get('created', '?')}; preprocessing `{meta['preprocess_version']}`",
        f"- configuration: {meta.get('config')} (chosen by {cv['splits']})",
        "",
        *_real_writing(meta),
        "## Training data",
        "",
        provenance,
        "",
        *_redaction(meta),
        _texts_line(td, meta.get("adaptation")),
        "",
        "| label | texts |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in td["counts"].items()],
        "",
        "## How well it does",
        "",
        f"Cross-validated ({cv['splits']}), out-of-fold:",
        "",
    ]
    if task == "stance":
        lines += [
            f"- macro-F1 {_fig(cv['macro_f1'])}; accuracy {_fig(cv['accuracy'])}",
            f"- abstention: predictions under probability {meta.get('abstain_threshold')} are flagged "
            f"uncertain (coverage {cv.get('coverage')}, accuracy on the covered part {cv.get('covered_accuracy')})",
            *_capped(meta.get("calibration")),
        ]
    else:
        lines += [f"- micro-F1 {_fig(cv['micro_f1'])}; macro-F1 {_fig(cv['macro_f1'])}",
                  f"- per-theme thresholds: {meta.get('thresholds')}"]
    lines += ["", "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    lines += [
        f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
        for k, v in sorted(cv["per_label"].items())
    ]
    cw = meta.get("cross_writer")
    lines += ["", "## On another writer's texts", ""]
    if cw:
        key = "macro_f1" if task == "stance" else "micro_f1"
        lines.append(f"{cw.get('data', 'held-out writer')}: {key} {_fig(cw.get(key))} on {cw.get('n')} texts "
                     "(never trained on). The gap to the CV figure is what a new writer's style costs.")
    else:
        lines.append("Not measured for this build.")
    agreement = meta.get("agreement")
    if agreement:
        lines += ["", "## Agreement between two labellings (both AI, not human)", "",
                  f"Cohen's kappa between two independent labellings of {agreement.get('n')} AI-written texts: "
                  f"stance {agreement['stance']['kappa']:.3f}; themes mean {agreement.get('themes_mean_kappa')}. "
                  "The second labelling was also made by an AI labeller (benchmarks/results/agreement.md), so "
                  "this is not a human ceiling."]
    lines += [
        "",
        "## Limits",
        "",
        limit,
        "- It reads each text on its own: a reply's meaning that depends on its parent is not seen.",
        "- Probabilities are calibrated on out-of-fold data; shares in reports should be corrected "
        "with `oof_confusion` from meta.json.",
        "",
    ]
    return "\n".join(lines)
