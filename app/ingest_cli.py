"""``metrokg ingest`` and ``metrokg review``: a new report's text becomes candidate records
that a person accepts into seed/ or rejects (registered into the main command in cli.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from app.cli import DEFAULT_SEED, EXIT_INPUT, FormatOption, SeedOption, err, out, output_format
from app.cli import report_problems as _report
from app.output import print_rows
from loaders.errors import InputError

KIND_ZH = {
    "area": "都市圈",
    "member": "成员",
    "title": "规划与文件",
    "figure": "指标",
    "agency": "机构",
    "table_row": "表格行",
}
STATUS_ZH = {"new": "新增", "same": "已有", "differs": "不同"}
STATE_ZH = {"pending": "待审核", "accepted": "已接受", "rejected": "已拒绝"}

ReviewDirOption = Annotated[
    Path | None,
    typer.Option(
        "--review-dir",
        help="审核文件目录（默认种子目录旁的 review/） / Where review files are kept.",
        file_okay=False,
    ),
]
SourceIdArg = Annotated[
    str, typer.Argument(help=("ingest 时给出的 --source-id / The --source-id given to ingest."))
]
IdsArg = Annotated[list[str] | None, typer.Argument(help="候选编号（c0001 …） / Candidate ids.")]
GroupOption = Annotated[
    str | None,
    typer.Option("--group", help="该分组的全部待审核候选 / Every pending candidate of this group."),
]

review_app = typer.Typer(
    help="审核 ingest 的候选记录：列出、接受、拒绝 / Review the candidates of an ingest.",
    rich_markup_mode=None,
)


def _review_dir(option: Path | None, seed: Path) -> Path:
    from loaders.ingest.review import default_review_dir

    return option if option is not None else default_review_dir(seed)


def ingest_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help=("报告：UTF-8 文本、Markdown 或 PDF / A report: text, Markdown or PDF.")
        ),
    ],
    source_id: Annotated[
        str, typer.Option("--source-id", help=("新来源的编号 / Id of the new source (slug)."))
    ],
    title: Annotated[str, typer.Option("--title", help="报告标题 / Title of the report.")],
    date: Annotated[str, typer.Option("--date", help="报告日期 YYYY-MM 或 YYYY-MM-DD / Its date.")],
    seed: SeedOption = DEFAULT_SEED,
    review_dir: ReviewDirOption = None,
) -> None:
    """读取报告，将候选记录写入审核文件（接受前不进入 seed/ 或存储）。

    Read a report and write its candidate records to a review file (nothing enters seed/
    or a store until `metrokg review accept`)."""
    from loaders.ingest.pipeline import ingest

    try:
        result = ingest(file, source_id, title, date, seed, _review_dir(review_dir, seed))
    except InputError as exc:
        for problem in exc.problems:
            err.print(Text(str(problem)), style="red")
        err.print("未写入任何内容 / nothing was written")
        raise typer.Exit(EXIT_INPUT) from None
    counts: dict[tuple[str, str], int] = {}
    for c in result.review.candidates:
        key = (c.kind, c.relation.status)
        counts[key] = counts.get(key, 0) + 1
    for (kind, status), n in sorted(counts.items()):
        out.print(f"{KIND_ZH[kind]} {kind}: {STATUS_ZH[status]} {status} {n}")
    if result.review.remembered_rejections:
        out.print(f"已拒绝过 {result.review.remembered_rejections} 条，不再询问 (rejected before)")
    out.print(f"审核文件 / review file: {result.review_file}")


@review_app.command("list")
def review_list(
    source_id: SourceIdArg,
    state: Annotated[
        str | None, typer.Option("--state", help="状态 / state: pending, accepted, rejected.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help=("类别 / kind: area, member, title …"))
    ] = None,
    group: GroupOption = None,
    seed: SeedOption = DEFAULT_SEED,
    review_dir: ReviewDirOption = None,
    fmt: FormatOption = "table",
) -> None:
    """列出一个来源的候选记录及其证据和与图的关系。

    List the candidates of a source with their evidence and relation to the graph."""
    from loaders.ingest.review import read_review, summary

    form = output_format(fmt)
    try:
        review = read_review(_review_dir(review_dir, seed), source_id)
    except InputError as exc:
        _report(exc.problems, EXIT_INPUT)
    rows: list[dict[str, Any]] = []
    for c in review.candidates:
        if (
            (state and c.state != state)
            or (kind and c.kind != kind)
            or (group and c.group != group)
        ):
            continue
        changes = "；".join(f"{ch.field}: {ch.old} → {ch.new}" for ch in c.relation.changes)
        rows.append(
            {
                "编号 id": c.id,
                "类别 kind": KIND_ZH[c.kind],
                "分组 group": c.group,
                "记录 record": summary(c),
                "关系 relation": STATUS_ZH[c.relation.status]
                + (f"（{c.relation.record}）" if c.relation.record else "")
                + (f" {changes}" if changes else ""),
                "行 line": c.evidence.line,
                "置信度 confidence": c.evidence.confidence,
                "状态 state": STATE_ZH[c.state],
            }
        )
    columns = list(rows[0]) if rows else ["编号 id", "记录 record"]
    print_rows(columns, rows, form, out)


def _edits(values: list[str] | None, ids: list[str]) -> dict[str, dict[str, Any]]:
    edits: dict[str, Any] = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            from app.cli import fail

            fail(f"--set 的格式为 字段=值，不能是 {item!r} / --set takes field=value, not {item!r}")
        edits[key.strip()] = value
    return {cid: dict(edits) for cid in ids} if edits else {}


@review_app.command("accept")
def review_accept(
    source_id: SourceIdArg,
    ids: IdsArg = None,
    group: GroupOption = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="先修改所列候选的字段，格式 字段=值 / field=value to change first."
        ),
    ] = None,
    seed: SeedOption = DEFAULT_SEED,
    review_dir: ReviewDirOption = None,
) -> None:
    """接受候选：记录连同来源写入 seed/。

    Accept candidates: their records go into seed/ with the source registered."""
    from loaders.ingest.accept import accept

    if not ids and not group:
        from app.cli import fail

        fail("请给出候选编号或 --group / name candidate ids or a --group")
    try:
        decision = accept(
            _review_dir(review_dir, seed),
            seed,
            source_id,
            ids or [],
            group,
            _edits(set_, ids or []),
        )
    except InputError as exc:
        _report(exc.problems, EXIT_INPUT)
    out.print(f"已接受 accepted {len(decision.accepted)}；已写入 wrote {', '.join(decision.files)}")
    out.print("下一步 / next: metrokg validate，然后 then metrokg load")


@review_app.command("reject")
def review_reject(
    source_id: SourceIdArg,
    ids: IdsArg = None,
    group: GroupOption = None,
    seed: SeedOption = DEFAULT_SEED,
    review_dir: ReviewDirOption = None,
) -> None:
    """拒绝候选：之后再次读取同一文本时不再询问。

    Reject candidates; a later ingest of the same text does not ask again."""
    from loaders.ingest.accept import reject

    if not ids and not group:
        from app.cli import fail

        fail("请给出候选编号或 --group / name candidate ids or a --group")
    try:
        decision = reject(_review_dir(review_dir, seed), source_id, ids or [], group)
    except InputError as exc:
        _report(exc.problems, EXIT_INPUT)
    out.print(f"已拒绝 rejected {len(decision.rejected)}")
