#!/usr/bin/env python3
"""A year of a 200-seat bank card centre's own data, seeded, for `cc-rules evidence build examples/data/SOURCES.yaml`.

    python examples/data/generate.py                 # into examples/data/generated/ (git ignores it)
    python examples/data/generate.py --out DIR --calls-per-day 12000

Writes what such a centre exports, in the shapes and encodings met in practice:

- cdr/cdr-YYYY-MM.csv   call-detail records, UTF-8, Chinese headers: arrivals follow an intraday curve (morning and
                        afternoon peaks), a weekly one and the year's seasons; each call waits in queue (longer at
                        peaks), abandons when the caller's patience runs out first; unresolved callers call again
- chat.csv              chat sessions (APP, WeChat, web), GBK-encoded as many Windows exports are
- survey.xlsx           post-call survey answers as five-point labels
- roster.xlsx           the people and their roles, with joining and leaving dates
- forecast.csv          monthly forecast against actual calls, UTF-8 with BOM (as Excel saves CSV)
- qa.csv                quality evaluations per agent
- knowledge.csv         the knowledge base's articles with their last review date, GBK-encoded

A few rows are bad on purpose (an unreadable time, an answer before its arrival, a repeated call id), as real exports
have: the build report counts them. Standard library only, so it runs anywhere the project does.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import io
import math
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

START = dt.date(2025, 7, 1)
END = dt.date(2026, 6, 30)
HOURLY = {8: 0.6, 9: 1.3, 10: 1.6, 11: 1.5, 12: 0.9, 13: 1.0, 14: 1.4, 15: 1.5, 16: 1.3, 17: 1.0, 18: 0.8,
          19: 0.7, 20: 0.6, 21: 0.4}  # 08:00-22:00 staffed; calls outside these hours go to the IVR, not here
WEEKDAY = (1.25, 1.1, 1.0, 1.0, 1.05, 0.75, 0.6)
MONTH = {1: 1.05, 2: 0.8, 3: 1.0, 4: 0.95, 5: 1.0, 6: 1.05, 7: 1.0, 8: 1.0, 9: 1.0, 10: 0.9, 11: 1.15, 12: 1.1}
CHANNELS = (("手机银行", 0.5), ("微信", 0.35), ("网页在线", 0.15))
LABELS = ("非常满意", "满意", "一般", "不满意", "非常不满意")
ROLES = (("坐席", 230), ("班组长", 20), ("质检员", 8), ("知识库管理员", 2), ("排班师", 3), ("培训师", 3), ("经理", 2))


def days() -> list[dt.date]:
    return [START + dt.timedelta(d) for d in range((END - START).days + 1)]


def cdr(out: Path, rng: random.Random, per_day: int) -> dict[str, int]:
    """Monthly CDR files; returns the calls offered per month (the forecast's actuals)."""
    folder = out / "cdr"
    folder.mkdir(parents=True, exist_ok=True)
    customers = [f"1{rng.randrange(30, 90)}{rng.randrange(10**8):08d}" for _ in range(max(per_day * 40, 100))]
    weights = sum(HOURLY.values())
    monthly: dict[str, int] = {}
    seq = 0
    handles: dict[str, object] = {}
    for day in days():
        month = day.strftime("%Y-%m")
        if month not in handles:
            for h in handles.values():
                h.close()  # type: ignore[attr-defined]
            handles = {month: open(folder / f"cdr-{month}.csv", "w", encoding="utf-8", newline="")}
            writer = csv.writer(handles[month])  # type: ignore[arg-type]
            writer.writerow(["通话ID", "主叫号码", "呼入时间", "应答时间", "挂断时间", "通话时长", "话后处理时长", "坐席工号"])
        volume = per_day * WEEKDAY[day.weekday()] * MONTH[day.month]
        base = dt.datetime.combine(day, dt.time())
        for hour, share in HOURLY.items():
            load = share * WEEKDAY[day.weekday()] * MONTH[day.month]
            mean_wait = 4 + 14 * max(load - 0.8, 0) ** 2  # waits grow at the peaks
            for _ in range(_poisson(rng, volume * share / weights)):
                seq += 1
                arrival = base + dt.timedelta(hours=hour, seconds=rng.uniform(0, 3600))
                wait = rng.expovariate(1 / mean_wait)
                patience = rng.expovariate(1 / 70)
                customer = rng.choice(customers)
                row: list[object]
                if patience < wait:
                    end = arrival + dt.timedelta(seconds=patience)
                    row = [f"C{seq:09d}", customer, _ts(arrival), "", _ts(end), "", "", ""]
                else:
                    answer = arrival + dt.timedelta(seconds=wait)
                    talk = int(rng.lognormvariate(math.log(190), 0.55))
                    end = answer + dt.timedelta(seconds=talk)
                    row = [f"C{seq:09d}", customer, _ts(arrival), _ts(answer), _ts(end), talk,
                           int(rng.expovariate(1 / 25)), f"A{rng.randrange(1, 231):04d}"]
                if rng.random() < 0.0002:  # the bad rows real exports have
                    fault = rng.randrange(3)
                    if fault == 0:
                        row[2] = "2025-13-45 25:61:00"
                    elif fault == 1 and row[3]:
                        row[3] = _ts(arrival - dt.timedelta(seconds=30))
                    else:
                        writer.writerow(row)  # the same call id twice
                writer.writerow(row)
                monthly[month] = monthly.get(month, 0) + 1
    for h in handles.values():
        h.close()  # type: ignore[attr-defined]
    return monthly


def chat(out: Path, rng: random.Random, per_day: int) -> None:
    rows = [["会话ID", "客户号码", "进线时间", "接入时间", "结束时间", "渠道", "客服工号"]]
    seq = 0
    for day in days():
        base = dt.datetime.combine(day, dt.time(8))
        for _ in range(_poisson(rng, per_day * WEEKDAY[day.weekday()])):
            seq += 1
            arrival = base + dt.timedelta(seconds=rng.uniform(0, 14 * 3600))
            channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
            customer = f"1{rng.randrange(30, 90)}{rng.randrange(10**8):08d}"
            if rng.random() < 0.04:
                rows.append([f"S{seq:08d}", customer, _ts(arrival), "", _ts(arrival + dt.timedelta(seconds=90)),
                             channel, ""])
                continue
            answer = arrival + dt.timedelta(seconds=rng.expovariate(1 / 15))
            end = answer + dt.timedelta(seconds=int(rng.lognormvariate(math.log(420), 0.5)))
            rows.append([f"S{seq:08d}", customer, _ts(arrival), _ts(answer), _ts(end), channel,
                         f"A{rng.randrange(1, 231):04d}"])
    _write_csv(out / "chat.csv", rows, "gb18030")


def survey(out: Path, rng: random.Random, per_day: int) -> None:
    rows: list[list[object]] = [["评价ID", "评价时间", "满意度"]]
    seq = 0
    for day in days():
        for _ in range(_poisson(rng, per_day * 0.06)):
            seq += 1
            when = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(seconds=rng.uniform(0, 14 * 3600))
            label = rng.choices(LABELS, (62, 27, 7, 3, 1))[0]
            rows.append([f"R{seq:08d}", _ts(when), label])
    write_xlsx(out / "survey.xlsx", "评价", rows)


def roster(out: Path, rng: random.Random) -> list[str]:
    rows: list[list[object]] = [["工号", "岗位", "入职日期", "离职日期"]]
    agents = []
    number = 0
    for role, count in ROLES:
        for _ in range(count):
            number += 1
            person = f"A{number:04d}"
            start = START - dt.timedelta(days=rng.randrange(30, 2000))
            rows.append([person, role, start.isoformat(), ""])
            if role == "坐席":
                agents.append(person)
    for _ in range(35):  # people who left during the year
        number += 1
        left = START + dt.timedelta(days=rng.randrange(0, 300))
        rows.append([f"A{number:04d}", "坐席", (left - dt.timedelta(days=rng.randrange(200, 900))).isoformat(),
                     left.isoformat()])
    write_xlsx(out / "roster.xlsx", "花名册", rows)
    return agents


def forecast(out: Path, rng: random.Random, monthly: dict[str, int]) -> None:
    rows: list[list[object]] = [["月份", "预测量", "实际量"]]
    for i, (month, actual) in enumerate(sorted(monthly.items())):
        error = rng.uniform(0.11, 0.16) if i < 3 else rng.uniform(0.01, 0.07)  # the method settles in
        rows.append([month, round(actual * (1 + rng.choice((-1, 1)) * error)), actual])
    _write_csv(out / "forecast.csv", rows, "utf-8-sig")


def qa(out: Path, rng: random.Random, agents: list[str]) -> None:
    rows: list[list[object]] = [["质检单号", "被检坐席", "质检日期"]]
    seq = 0
    for year, month in sorted({(d.year, d.month) for d in days()}):
        last = calendar.monthrange(year, month)[1]
        for agent in agents:
            for _ in range(rng.randint(4, 6)):
                seq += 1
                rows.append([f"Q{seq:07d}", agent, dt.date(year, month, rng.randint(1, last)).isoformat()])
    _write_csv(out / "qa.csv", rows, "utf-8")


def knowledge(out: Path, rng: random.Random) -> None:
    rows: list[list[object]] = [["知识编号", "标题", "状态", "最后复核日期"]]
    for n in range(1, 1201):
        status = rng.choices(("生效", "草稿", "已下线"), (90, 4, 6))[0]
        reviewed = END - dt.timedelta(days=int(rng.triangular(0, 200, 60)))
        rows.append([f"K{n:05d}", f"信用卡业务知识 {n}", status, reviewed.isoformat()])
    _write_csv(out / "knowledge.csv", rows, "gb18030")


def write_xlsx(path: Path, sheet: str, rows: list[list[object]]) -> None:
    """A minimal XLSX workbook (one sheet, inline strings and numbers), standard library only."""
    body = io.StringIO()
    for r, row in enumerate(rows, start=1):
        body.write(f'<row r="{r}">')
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                body.write(f'<c r="{ref}"><v>{value}</v></c>')
            elif value != "":
                body.write(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        body.write("</row>")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{body.getvalue()}'
            '</sheetData></worksheet>'),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _write_csv(path: Path, rows: list[list[object]], encoding: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)


def _ts(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 50:  # normal approximation: fast and close enough for volumes
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "generated")
    parser.add_argument("--calls-per-day", type=int, default=800,
                        help="average calls a day (default 800, a quick tour; a real 200-seat centre takes ~12000)")
    parser.add_argument("--seed", type=int, default=20260630)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    monthly = cdr(args.out, rng, args.calls_per_day)
    chat(args.out, rng, max(args.calls_per_day // 3, 1))
    survey(args.out, rng, args.calls_per_day)
    agents = roster(args.out, rng)
    forecast(args.out, rng, monthly)
    qa(args.out, rng, agents)
    knowledge(args.out, rng)
    print(f"wrote {args.out} ({sum(monthly.values()):,} calls)")


if __name__ == "__main__":
    main()
