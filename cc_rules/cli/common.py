"""What the commands share: turning our errors into one paragraph and exit 2, choosing the evaluator, running the
assessment with progress on stderr, rendering through the reporter registry, writing the output."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, TypeVar

import click

from cc_rules import engine, model, results
from cc_rules.assess import pipeline as assessment
from cc_rules.base import errors, i18n
from cc_rules.base import text as text_safety
from cc_rules.cli.options import current_lang
from cc_rules.io import inputs, loading
from cc_rules.reports import registry

F = TypeVar("F", bound=Callable[..., Any])
PROGRESS_ABOVE = 3  # show a progress bar on stderr when assessing more files than this


def handles_input_errors(func: F) -> F:
    """Turn our errors into one paragraph on stderr and exit 2; never a traceback or a partial report."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except errors.CcRulesError as exc:
            lang = kwargs.get("lang") or current_lang()
            click.echo(i18n.message("cli.error", lang, text=exc.render(lang)), err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def select_engine(engine_name: str, lang: str | None = None) -> str:
    """`engine_name`, or `plain` when it cannot be imported here (durable-rules on Python 3.13): said once on stderr."""
    try:
        engine.get(engine_name)
    except errors.EngineUnavailable as exc:
        lang = lang or current_lang()
        click.echo(i18n.message("cli.warning", lang, text=exc.problems[0].text(lang)), err=True)
        return "plain"
    return engine_name


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a run of several evidence files gives: the report of every good file, and the error of each bad one (in
    the order of the files; a pack error common to every file once)."""

    report: results.Report
    failures: tuple[errors.CcRulesError, ...] = ()


def expand_inputs(evidence: Sequence[str], lang: str | None = None) -> tuple[str, ...]:
    """The EVIDENCE arguments as files (`io.inputs.expand`); a file skipped in a directory is noted on stderr."""
    expanded = inputs.expand(evidence, inputs.LOCAL)
    for file, fmt in expanded.skipped:
        click.echo(i18n.message("cli.skipped-not-evidence", lang or current_lang(), file=file, format=fmt or "—"),
                   err=True)
    return expanded.paths


def iter_assessments(paths: Sequence[str], pack_refs: tuple[str, ...], as_of: dt.date | None,
                     engine_name: str, lang: str | None = None
                     ) -> Iterator[results.AssessmentResult | errors.CcRulesError]:
    """Each file's assessment as soon as it is made, or its error (an error already given is not repeated):
    nothing is kept, so a run over any number of files stays flat in memory."""
    evaluator = engine.get(select_engine(engine_name, lang))
    today = dt.date.today()  # the date of evidence that gives none, without --as-of (read here, never below)
    seen: list[str] = []
    for path in paths:
        try:
            source: str | loading.Document = path
            if path == inputs.STDIN:
                source = loading.parse_document(sys.stdin.buffer.read(), inputs.STDIN_NAME)
            ev = assessment.load_evidence(source, pack_refs, as_of, today)
            yield assessment.assess_evidence(ev, pack_refs, as_of, evaluator)
        except errors.CcRulesError as exc:
            text = exc.render()
            if text not in seen:
                seen.append(text)
                yield exc


def stream_jsonl(paths: Sequence[str], pack_refs: tuple[str, ...], as_of: dt.date | None, engine_name: str,
                 output: str | None, lang: str | None = None) -> list[errors.CcRulesError]:
    """`--format jsonl`: every record written as soon as its file is assessed (stdout or `output`); the errors."""
    from cc_rules.reports import jsonl

    failures: list[errors.CcRulesError] = []
    try:
        handle = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115 - closed below
    except OSError as exc:
        raise errors.InputError([errors.Problem.of("cli.cannot-write", file=output, code="input",
                                                   reason=exc.strerror or str(exc))]) from None
    try:
        for item in iter_assessments(paths, pack_refs, as_of, engine_name, lang):
            if isinstance(item, errors.CcRulesError):
                failures.append(item)
                lines: Sequence[str] = [jsonl.error_record(_failure(item))]
            else:
                lines = list(jsonl.records(item))
            for line in lines:
                if handle is not None:
                    handle.write(line)
                else:
                    click.echo(line, nl=False)
    finally:
        if handle is not None:
            handle.close()
    return failures


def run_assessment(paths: Sequence[str], pack_refs: tuple[str, ...], as_of: dt.date | None,
                   engine_name: str, lang: str | None = None) -> Outcome:
    """Assess each file (`-`: stdin, read once) on its own, so a bad file does not hide the others: its error is
    collected in `Outcome.failures`. A progress bar on stderr for more than a few files (stdout stays the report)."""
    engine_name = select_engine(engine_name, lang)
    evaluator = engine.get(engine_name)
    today = dt.date.today()  # the date of evidence that gives none, without --as-of (read here, never below)
    assessed: list[results.AssessmentResult] = []
    failures: list[errors.CcRulesError] = []

    def one(path: str) -> None:
        try:
            source: str | loading.Document = path
            if path == inputs.STDIN:
                source = loading.parse_document(sys.stdin.buffer.read(), inputs.STDIN_NAME)
            ev = assessment.load_evidence(source, pack_refs, as_of, today)
            assessed.append(assessment.assess_evidence(ev, pack_refs, as_of, evaluator))
        except errors.CcRulesError as exc:
            if all(exc.render() != seen.render() for seen in failures):
                failures.append(exc)

    if len(paths) <= PROGRESS_ABOVE:
        for path in paths:
            one(path)
    else:
        label = i18n.message("cli.assessing", lang or current_lang())
        with click.progressbar(paths, label=label, file=sys.stderr, show_pos=True) as bar:
            for path in bar:
                one(path)
    report = results.Report(tuple(assessed), tuple(_failure(exc) for exc in failures))
    return Outcome(report, tuple(failures))


def _failure(exc: errors.CcRulesError) -> results.InputFailure:
    """A bad file as data every format can show: where its first problem is and its paragraph in both languages."""
    first = exc.problems[0]
    return results.InputFailure(file=first.file or "<input>", line=first.line, path=first.path, code=first.code,
                                message=model.Text(exc.render("zh"), exc.render("en")))


def finish(failures: Sequence[errors.CcRulesError], lang: str, exit_code: int) -> NoReturn:
    """Each error's paragraph on stderr (after the reports are written), then exit 2 if there was one."""
    for exc in failures:
        click.echo(i18n.message("cli.error", lang, text=exc.render(lang)), err=True)
    sys.exit(max(exc.exit_code for exc in failures) if failures else exit_code)


def parse_reports(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """`--report FORMAT=PATH` values as (format, path); a bad one is bad input."""
    out = []
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path or fmt not in registry.REPORTERS:
            raise errors.InputError([errors.Problem.of(
                "cli.bad-report", code="input", value=value, formats=", ".join(sorted(registry.REPORTERS)))])
        out.append((fmt, path))
    return tuple(out)


def render_report(fmt: str, report: results.Report, lang: str, output: str | None, *,
                  gates: results.GateSpec | None = None, gates_only: bool = False, errors_count: int = 0,
                  verbose: bool = False) -> str:
    """Render with the registered reporter `fmt`. A CI format gets gate verdicts (the pack's own verdicts unless
    `gates` says otherwise); text is styled only for a terminal (never into a file; click strips it off a non-TTY)."""
    reporter = registry.get(fmt)
    if gates is not None or reporter.needs_gates:
        report = assessment.gate(report, gates or results.GateSpec())
    options = registry.Options(lang=lang, color=output is None, gates_only=gates_only, errors=errors_count,
                              verbose=verbose)
    return reporter.render(report, options)


def _emit(text: str, output: str | None) -> None:
    """`text` into the file `output`, or on stdout; a file that cannot be written is bad input (`cli.cannot-write`).

    Control characters from the inputs are escaped either way (a report file is read in a terminal too); on
    stdout the colours the reporters write themselves are kept."""
    text = text_safety.terminal_safe(text, colour=not output)
    if output:
        write_file(output, text)
    else:
        click.echo(text, nl=False)


def write_file(path: str, text: str, *, append: bool = False) -> None:
    """Write (or append) `text` to `path`, or raise `InputError` naming the file and why (no such directory, a
    directory, no permission, a full disk)."""
    try:
        with open(path, "a" if append else "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise errors.InputError([errors.Problem.of("cli.cannot-write", file=path, code="input",
                                                   reason=reason)]) from None


def deliver(fmt: str, output: str | None, targets: Sequence[tuple[str, str]],
            render: Callable[[str, str | None], str]) -> list[errors.CcRulesError]:
    """The `--format` report on stdout or into `output`, then each `--report` target, with `render(format, output)`;
    the errors of the ones that could not be written (every other one is still written)."""
    failed: list[errors.CcRulesError] = []
    for name, path in ((fmt, output), *targets):
        try:
            _emit(render(name, path), path)
        except errors.CcRulesError as exc:
            failed.append(exc)
    return failed
