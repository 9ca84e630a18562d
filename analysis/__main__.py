"""Command line: ``python -m analysis {themes,stakeholders,evaluation} FILE [--json]``
(``themes`` also takes ``--codebook CODEBOOK`` and ``--previous PREVIOUS.json``).

The JSON printed with ``--json`` is a stable contract (see the README).
"""
from __future__ import annotations

import argparse
import json
import sys

from analysis.io import InputError, read_evaluations, read_ideas


def _themes(args) -> dict:
    from analysis.theme_sources import read_codebook, read_earlier_result
    from analysis.themes import ThemeModel

    codebook = read_codebook(args.codebook) if args.codebook else None
    previous = read_earlier_result(args.previous) if args.previous else None
    model = ThemeModel(n_themes=args.n_themes, random_state=args.seed, codebook=codebook, previous=previous)
    model.fit(read_ideas(args.file))
    themes = []
    for theme in model.themes_ + model.subthemes_:
        entry = {
            "id": theme.id,
            "label": theme.label,
            "terms": list(theme.terms),
            "size": theme.size,
            "representative_ids": list(theme.representative_ids),
        }
        if theme.parent is not None:
            entry["parent"] = theme.parent
            entry["idea_ids"] = list(theme.idea_ids)
        themes.append(entry)
    result = {"themes": themes, "assignments": dict(model.assignments_)}
    if codebook is not None:  # the codes it was coded with: given back with --previous, a code added since is
        result["codebook_keys"] = [code.key for code in codebook]  # told from one given then, which takes no card
    if model.changes_:
        result["changes"] = model.changes_
    return result


def _json_option(path: str | None, what: str) -> dict | None:
    """A JSON object read from ``path`` (None without a path); InputError when it is not one."""
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8-sig") as handle:
            value = json.load(handle)
    except OSError as error:
        raise InputError(f"{path}: cannot read {what} ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: {what} are not valid JSON ({error.msg})") from None
    if not isinstance(value, dict):
        raise InputError(f"{path}: {what} must be a JSON object")
    return value


def _stakeholders(args) -> dict:
    from analysis.stakeholders import suggest_groups

    descriptions = _json_option(args.descriptions, "group descriptions")
    questions = _json_option(args.questions, "round questions")
    groups = None
    if descriptions:  # a described key that is not a default group adds that group
        from analysis.records import DEFAULT_STAKEHOLDER_GROUPS

        groups = [*DEFAULT_STAKEHOLDER_GROUPS, *(key for key in descriptions if key not in DEFAULT_STAKEHOLDER_GROUPS)]
    suggestions = suggest_groups(read_ideas(args.file), groups, descriptions=descriptions, questions=questions)
    return {idea_id: suggestion.group for idea_id, suggestion in suggestions.items()}


def _evaluation(args) -> dict:
    from analysis.evaluation import summarize

    return summarize(read_evaluations(args.file))


def _print_text(command: str, result: dict) -> None:
    if command == "themes":
        for theme in result["themes"]:
            indent = "    " if "parent" in theme else ""
            print(f"{indent}{theme['id']}  {theme['label']}  ({theme['size']} ideas)  {', '.join(theme['terms'][:6])}")
        if "changes" in result:
            changes = result["changes"]
            print(f"{changes['moved']} earlier ideas moved to another theme, {changes['kept']} kept theirs, "
                  f"{changes['new_ideas']} new ideas")
    elif command == "stakeholders":
        for idea_id, group in result.items():
            print(f"{idea_id}\t{group or 'not sure'}")
    else:
        for key, value in result.items():
            print(f"{key}: {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("themes", "group ideas into themes"),
        ("stakeholders", "keep each idea's stakeholder group and suggest the missing ones"),
        ("evaluation", "summarise evaluation responses"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("file", help="CSV or JSONL file")
        command.add_argument("--json", action="store_true", help="print JSON (the stable contract)")
        if name == "themes":
            command.add_argument("--n-themes", type=int, default=None, help="number of themes (default: chosen automatically)")
            command.add_argument("--seed", type=int, default=0, help="random seed")
            command.add_argument("--codebook", help="codebook to code the ideas with: JSON {\"themes\": [{\"key\", "
                                 "\"label\", \"description\"}]} (a label or description: a text or "
                                 "{\"en\": ..., \"fr\": ...}) or CSV with those columns")
            command.add_argument("--previous", help="an earlier 'themes --json' output: continuing themes keep their ids")
        if name == "stakeholders":
            command.add_argument("--descriptions", metavar="JSON",
                                 help='group descriptions: {"<group key>": "text" or {"en": ..., "fr": ...}}; '
                                      "a key that is not a default group adds that group")
            command.add_argument("--questions", metavar="JSON", help='round questions: {"<round>": "question"}')
    args = parser.parse_args(argv)
    run = {"themes": _themes, "stakeholders": _stakeholders, "evaluation": _evaluation}[args.command]
    try:
        result = run(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_text(args.command, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
