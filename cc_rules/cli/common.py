"""What the commands share: turning our errors into one paragraph and exit 2, choosing the evaluator, running the
assessment with progress on stderr, rendering through the reporter registry, writing the output.

The engine, the pipeline and the reporters are imported by the functions that use them: `packs`, `lint` and the
other light commands share this module without paying for them."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from cc_rules import model
from cc_rules.base import errors, i18n
from cc_rules.base import text as text_safety
from cc_rules.cli import watchdog
from cc_rules.cli.options import current_lang
from cc_rules.io import inputs, loading

if TYPE_CHECKING:  # imported when used (light commands: `packs` and `facts` make no report)
    from cc_rules import results
    from cc_rules.reports import registry as reporters

F = TypeVar("F", bound=Callable[..., Any])

PROGRESS_ABOVE = 3  # show a progress bar on stderr when assessing more files than this


def handles_input_errors(func: F) -> F:
    """Turn our errors into one paragraph on stderr and exit 2; never a traceback or a partial report. The command
    runs under the watchdog (`CC_RULES_TIMEOUT`), so no input makes it spin forever."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with watchdog.bounded(func.__name__.replace("_", "-"), watchdog.seconds()):
                return func(*args, **kwargs)
        except (errors.CcRulesError, watchdog.Expired) as caught:
            exc = caught.error if isinstance(caught, watchdog.Expired) else caught
            lang = kwargs.get("lang") or current_lang()
            click.echo(i18n.message("cli.error", lang, text=exc.render(lang)), err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def select_engine(engine_name: str, lang: str | None = None) -> str:
    """`engine_name`, or `plain` when it cannot be imported here (durable-rules on Python 3.13): said once on stderr."""
    from cc_rules import engine  # imported when used (light commands)
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


_FILES = inputs.LOCAL


def expand_inputs(evidence: Sequence[str], lang: str | None = None) -> tuple[str, ...]:
    """The EVIDENCE arguments as files (`io.inputs.expand`); a file skipped in a directory is noted on stderr."""
    expanded = inputs.expand(evidence, _FILES)
    for file, fmt in expanded.skipped:
        click.echo(i18n.message("cli.skipped-not-evidence", lang or current_lang(), file=file, format=fmt or "—"),
                   err=True)
    return expanded.paths


GC_THRESHOLD = (20_000, 50, 100)  # the collector's generations, for a run that makes many small acyclic objects


def fewer_collections() -> None:
    """A report is a tree of small frozen objects without cycles: the collector's default thresholds walk it again
    and again as it grows (a third of rendering the corpus report). What is loaded by the first run of the process
    (imported modules) is set aside once (`gc.freeze`), and the youngest generation is collected less often."""
    if gc.get_threshold() != GC_THRESHOLD:
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLD)


def iter_assessments(paths: Sequence[str], pack_refs: tuple[str, ...], as_of: dt.date | None,
                     engine_name: str, lang: str | None = None, progress: Any = None
                     ) -> Iterator[results.AssessmentResult | errors.CcRulesError]:
    """Each file's assessment as soon as it is made, or its error (an error already given is not repeated):
    nothing is kept, so a run over any number of files stays flat in memory. `progress`: a progress bar to advance
    by one for each file."""
    from cc_rules import engine  # imported when used (light commands)
    from cc_rules.assess import pipeline as assessment  # imported when used (light commands)
    evaluator = engine.get(select_engine(engine_name, lang))
    fewer_collections()
    today = dt.date.today()  # the date of evidence that gives none, without --as-of (read here, never below)
    shelf = assessment.RunPacks()  # the packs, loaded once for the run
    seen: set[str] = set()
    for path in paths:
        done: results.AssessmentResult | errors.CcRulesError | None
        try:
            source: str | loading.Document = path
            if path == inputs.STDIN:
                source = loading.parse_document(sys.stdin.buffer.read(), inputs.STDIN_NAME)
            ev = assessment.load_evidence(source, pack_refs, as_of, today, shelf)
            done = assessment.assess_evidence(ev, pack_refs, as_of, evaluator, shelf)
        except errors.CcRulesError as exc:
            text = exc.render()
            done = None if text in seen else exc
            seen.add(text)
        if progress is not None:
            progress.update(1)
        if done is not None:
            yield done


PARALLEL_FROM = 16  # files: fewer are assessed in this process (starting the workers would cost more)
_WORKER: dict[str, Any] = {}  # in a worker process: what every file it is given is assessed with


def default_jobs() -> int:
    """`--jobs` when not given: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def stream_jsonl(paths: Sequence[str], pack_refs: tuple[str, ...], as_of: dt.date | None, engine_name: str,
                 output: str | None, lang: str | None = None, jobs: int = 1) -> list[errors.CcRulesError]:
    """`--format jsonl`: every record written as soon as its file is assessed (stdout or `output`), in the order of
    the files whatever `jobs` is; the errors. With `jobs` > 1 and enough files, worker processes assess the files
    and write their records; this process writes them out in order."""
    failures: list[errors.CcRulesError] = []
    try:
        handle = open(output, "wb") if output else None  # noqa: SIM115 - closed below
    except OSError as exc:
        raise errors.InputError([errors.Problem.of("cli.cannot-write", file=output, code="input",
                                                   reason=errors.OsReason(exc))]) from None
    seen: set[str] = set()
    chunks: Iterator[tuple[str | bytes, errors.CcRulesError | None]]
    try:
        if jobs > 1 and len(paths) >= PARALLEL_FROM and inputs.STDIN not in paths:
            chunks = _parallel_records(paths, pack_refs, as_of, select_engine(engine_name, lang), jobs)
        else:
            chunks = (_records(item) for item in iter_assessments(paths, pack_refs, as_of, engine_name, lang))
        for text, failure in chunks:
            if failure is not None:
                rendered = failure.render()
                if rendered in seen:  # an error already given (a pack error common to every file) is not repeated
                    continue
                seen.add(rendered)
                failures.append(failure)
            if handle is not None:
                handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            else:
                click.echo(text, nl=False)
    finally:
        if handle is not None:
            handle.close()
    return failures


def _records(item: results.AssessmentResult | errors.CcRulesError) -> tuple[str, errors.CcRulesError | None]:
    from cc_rules.reports import jsonl

    if isinstance(item, errors.CcRulesError):
        return jsonl.error_record(_failure(item)), item
    return "".join(jsonl.records(item)), None


def _parallel_records(paths: Sequence[str], pack_refs: tuple[str, ...], as_of: dt.date | None, engine_name: str,
                      jobs: int) -> Iterator[tuple[bytes, errors.CcRulesError | None]]:
    """Each file's records from a pool of `jobs` processes, in the order of the files (`imap` keeps it), as UTF-8:
    encoded once, in the worker, they cross the pipe as they are written (a text would be encoded to pickle it,
    decoded here and encoded again to write it)."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    setup = (pack_refs, as_of, engine_name, dt.date.today())  # today read here, once, for every worker
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with context.Pool(jobs, initializer=_worker_setup, initargs=setup) as pool:
        for text, failure in pool.imap(_worker_file, paths, chunksize=chunk):
            yield text, failure[0](failure[1]) if failure is not None else None


def _worker_setup(pack_refs: tuple[str, ...], as_of: dt.date | None, engine_name: str, today: dt.date) -> None:
    """A worker's state, made once: the evaluator, and the packs loaded (and compiled for `as_of`) before the first
    file, so that what every file shares is set aside from the collector (`fewer_collections`) and no file pays for
    it. A pack that cannot be loaded is left to the files, whose records report it."""
    from cc_rules import engine  # imported when used (light commands)
    from cc_rules.assess import pipeline as assessment  # imported when used (light commands)
    from cc_rules.cli import cache
    cache.install(os.environ)  # a spawned worker starts without the parent's store; a forked one gets its own
    shelf = assessment.RunPacks()  # the packs, loaded once for every file of this worker
    _WORKER.update(pack_refs=pack_refs, as_of=as_of, evaluator=engine.get(engine_name), today=today, shelf=shelf)
    for ref in (*pack_refs, *shelf.builtin_ids()):  # the packs asked for, and the built-in ones every file looks at
        try:
            pack = shelf.load(ref)
            if as_of is not None:
                assessment.compile_pack(pack, as_of)
        except errors.CcRulesError:
            continue
    fewer_collections()


def _worker_file(path: str) -> tuple[bytes, tuple[type[errors.CcRulesError], tuple[errors.Problem, ...]] | None]:
    """One file's records in UTF-8, or its error record and the error as (class, problems), which cross a process
    boundary (the error itself does not pickle)."""
    from cc_rules.assess import pipeline as assessment  # imported when used (light commands)
    pack_refs, as_of, shelf = _WORKER["pack_refs"], _WORKER["as_of"], _WORKER["shelf"]
    try:
        ev = assessment.load_evidence(path, pack_refs, as_of, _WORKER["today"], shelf)
        item: results.AssessmentResult | errors.CcRulesError = assessment.assess_evidence(
            ev, pack_refs, as_of, _WORKER["evaluator"], shelf)
    except errors.CcRulesError as exc:
        item = exc
    text, failure = _records(item)
    return text.encode("utf-8"), (type(failure), failure.problems) if failure is not None else None


def run_assessment(paths: Sequence[str], pack_refs: tuple[str, ...], as_of: dt.date | None,
                   engine_name: str, lang: str | None = None) -> Outcome:
    """Assess each file (`-`: stdin, read once) on its own, so a bad file does not hide the others: its error is
    collected in `Outcome.failures`. A progress bar on stderr for more than a few files (stdout stays the report)."""
    from cc_rules import engine, results  # imported when used (light commands)
    from cc_rules.assess import pipeline as assessment  # imported when used (light commands)
    engine_name = select_engine(engine_name, lang)
    evaluator = engine.get(engine_name)
    fewer_collections()
    today = dt.date.today()  # the date of evidence that gives none, without --as-of (read here, never below)
    shelf = assessment.RunPacks()  # the packs, loaded once for the run
    assessed: list[results.AssessmentResult] = []
    failures: list[errors.CcRulesError] = []

    def one(path: str) -> None:
        try:
            source: str | loading.Document = path
            if path == inputs.STDIN:
                source = loading.parse_document(sys.stdin.buffer.read(), inputs.STDIN_NAME)
            ev = assessment.load_evidence(source, pack_refs, as_of, today, shelf)
            assessed.append(assessment.assess_evidence(ev, pack_refs, as_of, evaluator, shelf))
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


SPOOL_IN_MEMORY = 1 << 20  # characters of a report set aside in memory before they go to a temporary file
COPY_CHUNK = 1 << 16  # characters written at a time when a report set aside is written out


def streamable(formats: Sequence[str]) -> bool:
    """Whether every one of `formats` can be written as the files are assessed (`stream_reports`)."""
    from cc_rules.reports import registry  # imported when used (light commands)
    return all(registry.get(name).incremental is not None for name in formats)


@dataclasses.dataclass
class Streamed:
    """What `stream_reports` leaves: the errors (bad files, then reports that could not be written), whether any
    file was assessed, and whether a gate was missed (`check`'s exit code)."""

    failures: list[errors.CcRulesError]
    assessed: int = 0
    missed: bool = False


def stream_reports(paths: Sequence[str], pack_refs: tuple[str, ...], as_of: dt.date | None, engine_name: str,
                   lang: str, targets: Sequence[tuple[str, str | None]],
                   options: Callable[[str, str | None], Any],
                   gate: Callable[[results.AssessmentResult], results.AssessmentResult] | None = None,
                   gate_all: bool = False) -> Streamed:
    """`--format text|junit|sarif` and `--report` targets of those formats, each file's part written as soon as it
    is assessed: nothing is kept from one file to the next, so memory stays flat in the number of files.

    `targets`: (format, path or None for stdout), in the order they are written; `options(format, path)`: the
    reporter's options. Each result is gated once (`gate`) for the formats that show gate verdicts, or for all of
    them (`gate_all`, `check`). A format whose opening depends on every file (JUnit's totals, SARIF's rules, the
    overview of a text report) has its parts set aside in a temporary file and is written once the last file is
    in; the gate lines of `check`'s text go out as they come. Nothing is written when no file could be assessed."""
    from cc_rules.reports import registry  # imported when used (light commands)
    sinks = [_Sink(name, path, registry.get(name), options(name, path)) for name, path in targets]
    gated_formats = gate_all or any(sink.reporter.needs_gates for sink in sinks)
    out = Streamed([])
    direct_to_stdout = any(sink.path is None and sink.writer.direct for sink in sinks)
    show_bar = len(paths) > PROGRESS_ABOVE and not direct_to_stdout  # on stderr, unless lines come on stdout
    try:
        with (click.progressbar(length=len(paths), label=i18n.message("cli.assessing", lang), file=sys.stderr,
                                show_pos=True) if show_bar else contextlib.nullcontext()) as bar:
            for item in iter_assessments(paths, pack_refs, as_of, engine_name, lang, progress=bar):
                if isinstance(item, errors.CcRulesError):
                    out.failures.append(item)
                    failure = _failure(item)
                    for sink in sinks:
                        sink.writer.fail(failure)
                    continue
                out.assessed += 1
                gated = gate(item) if gate is not None and gated_formats else item
                out.missed = out.missed or any(r.gates_missed() for r in gated.results)
                for sink in sinks:
                    sink.add(gated if gate_all or sink.reporter.needs_gates else item)
        for sink in sinks:
            try:
                sink.finish(write=out.assessed > 0 or not out.failures)  # nothing when every file is bad
            except errors.CcRulesError as exc:
                out.failures.append(exc)
    finally:
        for sink in sinks:
            sink.close()
    return out


def gater(spec: results.GateSpec, waivers: Sequence[Any] = ()
          ) -> Callable[[results.AssessmentResult], results.AssessmentResult]:
    """One file's assessment with its gate verdicts (`assess.pipeline.gate`, computed once per result)."""
    from cc_rules import results  # imported when used (light commands)
    from cc_rules.assess import pipeline as assessment  # imported when used (light commands)

    def gated(assessed: results.AssessmentResult) -> results.AssessmentResult:
        return assessment.gate(results.Report((assessed,)), spec, waivers).assessments[0]

    return gated


class _Sink:
    """One report being written: a direct one to its output as the parts come, another set aside (its heads and
    bodies in two temporary files, in memory while small) until its frame is known. Control characters from the
    inputs are escaped part by part (`terminal_safe`, keeping the reporters' own colours on stdout); a file that
    cannot be written is bad input, said once, and the others are still written."""

    def __init__(self, name: str, path: str | None, reporter: Any, options: Any) -> None:
        import tempfile

        self.name, self.path, self.reporter = name, path, reporter
        self.writer = reporter.incremental(options)
        self.handle: Any = None
        self.failed: errors.CcRulesError | None = None
        self.heads: Any = None
        self.bodies: Any = None
        if not self.writer.direct:
            self.heads = tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY, "w+", encoding="utf-8")  # noqa: SIM115
            self.bodies = tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY, "w+", encoding="utf-8")  # noqa: SIM115

    def _safe(self, text: str) -> str:
        return text_safety.terminal_safe(text, colour=not self.path)

    def add(self, assessed: results.AssessmentResult) -> None:
        part = self.writer.add(assessed)
        if self.writer.direct:
            self._write(part.body)
            return
        if part.head:
            self.heads.write(self._safe(part.head))
        if part.body:
            self.bodies.write(self._safe(part.body))

    def finish(self, write: bool) -> None:
        frame = self.writer.frame()
        if not write:
            return
        if self.writer.direct:
            self._write(frame.closing)
        else:
            self._write(frame.opening)
            self._copy(self.heads)
            self._write(frame.middle)
            self._copy(self.bodies)
            self._write(frame.closing)
        if self.handle is None and self.path is not None:  # an empty report is still a file
            self._write("", force=True)
        if self.handle is not None:
            try:
                self.handle.close()  # what is still buffered is written here: a full disk says so here
            except OSError as exc:
                self._cannot_write(exc)
        if self.failed is not None:
            raise self.failed

    def _copy(self, spool: Any) -> None:
        """What was set aside, a whole number of lines at a time (a colour sequence is never cut in two)."""
        spool.seek(0)
        chunk: list[str] = []
        size = 0
        for line in spool:
            chunk.append(line)
            size += len(line)
            if size >= COPY_CHUNK:
                self._write("".join(chunk), safe=True)
                chunk, size = [], 0
        self._write("".join(chunk), safe=True)

    def _write(self, text: str, *, safe: bool = False, force: bool = False) -> None:
        if self.failed is not None or (not text and not force):
            return
        text = text if safe else self._safe(text)
        if self.path is None:
            click.echo(text, nl=False)
            return
        try:
            if self.handle is None:
                self.handle = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
            self.handle.write(text)
        except OSError as exc:
            self._cannot_write(exc)

    def _cannot_write(self, exc: OSError) -> None:
        if self.failed is None:
            self.failed = errors.InputError([errors.Problem.of("cli.cannot-write", file=self.path, code="input",
                                                               reason=errors.OsReason(exc))])

    def close(self) -> None:
        """Whatever is still open, on the way out (an error already stopped the run: nothing more to say)."""
        for handle in (self.handle, self.heads, self.bodies):
            if handle is not None:
                with contextlib.suppress(OSError):
                    handle.close()


def _failure(exc: errors.CcRulesError) -> results.InputFailure:
    """A bad file as data every format can show: where its first problem is and its paragraph in both languages."""
    from cc_rules import results  # imported when used (light commands)
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
    from cc_rules.reports import registry  # imported when used (light commands)
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
    reporter, report, options = _rendering(fmt, report, lang, output, gates, gates_only, errors_count, verbose)
    return reporter.render(report, options)


def render_output(fmt: str, report: results.Report, lang: str, output: str | None, *, errors_count: int = 0,
                  verbose: bool = False) -> str | bytes:
    """`render_report`, as the reporter's UTF-8 bytes where it gives them (`Reporter.render_bytes`, the JSON
    report): what `deliver` writes as it is, never decoded into a text and encoded again."""
    reporter, report, options = _rendering(fmt, report, lang, output, None, False, errors_count, verbose)
    if reporter.render_bytes is not None:
        return reporter.render_bytes(report, options)
    return reporter.render(report, options)


def _rendering(fmt: str, report: results.Report, lang: str, output: str | None, gates: results.GateSpec | None,
               gates_only: bool, errors_count: int, verbose: bool
               ) -> tuple[reporters.Reporter, results.Report, reporters.Options]:
    """The reporter `fmt`, the report it renders (gated for a CI format) and its options."""
    from cc_rules import results  # imported when used (light commands)
    from cc_rules.assess import pipeline as assessment  # imported when used (light commands)
    from cc_rules.reports import registry  # imported when used (light commands)
    reporter = registry.get(fmt)
    if gates is not None or reporter.needs_gates:
        report = assessment.gate(report, gates or results.GateSpec())
    options = registry.Options(lang=lang, color=output is None, gates_only=gates_only, errors=errors_count,
                              verbose=verbose)
    return reporter, report, options


def _emit(text: str | bytes, output: str | None) -> None:
    """`text` into the file `output`, or on stdout; a file that cannot be written is bad input (`cli.cannot-write`).

    Control characters from the inputs are escaped either way (a report file is read in a terminal too); on
    stdout the colours the reporters write themselves are kept. Bytes are a reporter's UTF-8, made terminal-safe by
    the reporter (`Reporter.render_bytes`): written as they are."""
    if not isinstance(text, bytes):
        text = text_safety.terminal_safe(text, colour=not output)
    if output:
        write_file(output, text)
    else:
        click.echo(text, nl=False)


def write_file(path: str, text: str | bytes, *, append: bool = False) -> None:
    """Write (or append) `text` (bytes: UTF-8, written as they are) to `path`, or raise `InputError` naming the file
    and why (no such directory, a directory, no permission, a full disk)."""
    try:
        if isinstance(text, bytes):
            with open(path, "ab" if append else "wb") as raw:
                raw.write(text)
        else:
            with open(path, "a" if append else "w", encoding="utf-8") as handle:
                handle.write(text)
    except OSError as exc:
        raise errors.InputError([errors.Problem.of("cli.cannot-write", file=path, code="input",
                                                   reason=errors.OsReason(exc))]) from None


def deliver(fmt: str, output: str | None, targets: Sequence[tuple[str, str]],
            render: Callable[[str, str | None], str | bytes]) -> list[errors.CcRulesError]:
    """The `--format` report on stdout or into `output`, then each `--report` target, with `render(format, output)`;
    the errors of the ones that could not be written (every other one is still written)."""
    failed: list[errors.CcRulesError] = []
    for name, path in ((fmt, output), *targets):
        try:
            _emit(render(name, path), path)
        except errors.CcRulesError as exc:
            failed.append(exc)
    return failed
