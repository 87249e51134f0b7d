"""Command line: no subcommand opens the window; `score` is the headless scoring contract of SCORING.md."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in Chinese and with the contract's exit status 2."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: 参数错误:{message}\n")


def _reject_constant(token: str) -> Any:
    raise ValueError(f"不允许的数值 {token}")


def _read_json(source: str) -> object:
    if source == "-":
        text = sys.stdin.buffer.read().decode("utf-8-sig")
    else:
        with open(source, "rb") as handle:
            text = handle.read().decode("utf-8-sig")
    # Decimals stay exact, and NaN/Infinity are not JSON numbers.
    return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)


def command_score(args: argparse.Namespace) -> int:
    from yc_desktop.core.batch import BatchError, batch_result_json, parse_batch, score_batch
    from yc_desktop.core.rules import RuleSetError
    from yc_desktop.resources import rule_set

    try:
        data = _read_json(args.input)
    except OSError as exc:
        print(f"错误:无法读取输入文件「{args.input}」:{exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnicodeDecodeError:
        print("错误:输入不是 UTF-8 编码的文本", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ValueError, RecursionError) as exc:
        print(f"错误:输入不是有效的 JSON:{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        rules = rule_set(args.rules)
        batch = parse_batch(data, rules)
    except RuleSetError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return EXIT_FAILURE
    except BatchError as exc:
        field = f"(字段 {exc.field})" if exc.field else ""
        print(f"错误:{exc.message_zh}{field}", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = batch_result_json(batch, score_batch(batch, rules))
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _actor() -> str:
    import getpass

    try:
        return f"命令行:{getpass.getuser()}"
    except (OSError, KeyError):
        return "命令行"


def _report_store_error(exc: Exception) -> None:
    message = getattr(exc, "message_zh", str(exc))
    print(f"错误:{message}", file=sys.stderr)


def command_load(args: argparse.Namespace) -> int:
    from yc_desktop.core.batch import BatchError, parse_batch
    from yc_desktop.resources import rule_set
    from yc_desktop.store.errors import DatabaseFileError, StoreError
    from yc_desktop.store.service import SYSTEM, Store

    try:
        data = _read_json(args.input)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        print(f"错误:无法读取输入「{args.input}」:{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        batch = parse_batch(data, rule_set())
    except BatchError as exc:
        field = f"(字段 {exc.field})" if exc.field else ""
        print(f"错误:{exc.message_zh}{field};整个文件未导入,数据库未改动", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with Store(Path(args.db), actor=_actor(), role=SYSTEM) as store:
            count = store.load_batch(batch, args.side, year_targets_given=isinstance(data, dict) and "targets" in data)
    except DatabaseFileError as exc:
        _report_store_error(exc)
        return EXIT_FAILURE
    except StoreError as exc:
        _report_store_error(exc)
        return EXIT_BAD_INPUT
    side = "自评" if args.side == "self" else "考核"
    print(f"已导入 {batch.year} 年度 {count} 个单位的{side}数据到「{args.db}」")
    return EXIT_OK


def command_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from yc_desktop.store.backup import backup_database
    from yc_desktop.store.database import probe_schema_version
    from yc_desktop.store.errors import StoreError

    source = Path(args.db)
    try:
        if not source.is_file() or probe_schema_version(source) == 0:
            print(f"错误:「{source}」不是可备份的数据库文件", file=sys.stderr)
            return EXIT_FAILURE
        target = (
            Path(args.to)
            if args.to
            else source.parent / "备份" / (f"{source.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.db")
        )
        backup_database(source, target)
    except StoreError as exc:
        _report_store_error(exc)
        return EXIT_FAILURE
    print(f"已备份到「{target}」")
    return EXIT_OK


def command_restore(args: argparse.Namespace) -> int:
    from yc_desktop.store.backup import restore_database
    from yc_desktop.store.errors import StoreError

    try:
        safety = restore_database(Path(args.backup), Path(args.db))
    except StoreError as exc:
        _report_store_error(exc)
        return EXIT_FAILURE
    kept = f";恢复前的文件已另存为「{safety}」" if safety else ""
    print(f"已从「{args.backup}」恢复「{args.db}」{kept}")
    return EXIT_OK


def _ensure_gui_application() -> None:
    """QPdfWriter needs a QGuiApplication (fonts); headless, Qt's offscreen platform serves."""
    import os

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        _ensure_gui_application.app = QGuiApplication(sys.argv[:1])  # type: ignore[attr-defined]


def command_export(args: argparse.Namespace) -> int:
    from yc_desktop.exchange.form_xlsx import write_form_workbook
    from yc_desktop.exchange.ranking_xlsx import write_ranking_workbook
    from yc_desktop.exchange.records import form_records
    from yc_desktop.exchange.safe_io import ExportError
    from yc_desktop.store.errors import StoreError
    from yc_desktop.store.service import SYSTEM, Store

    out = Path(args.out)
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        with Store(Path(args.db), actor=_actor(), role=SYSTEM) as store:
            if args.year not in store.years():
                print(f"错误:数据库中没有 {args.year} 年度", file=sys.stderr)
                return EXIT_BAD_INPUT
            records = form_records(store, args.year, set(args.unit) if args.unit else None)
        if args.unit:
            missing = sorted(set(args.unit) - {record.unit_name for record in records})
            if missing:
                print(f"错误:找不到单位:{'、'.join(missing)}", file=sys.stderr)
                return EXIT_BAD_INPUT
        if not records:
            print(f"错误:{args.year} 年度没有可导出的单位", file=sys.stderr)
            return EXIT_BAD_INPUT
        stem = f"{records[0].unit_name}-{args.year}-评分表" if len(records) == 1 and args.unit else None
        forms = out / f"{stem or f'源城分厅评分表-{args.year}'}.xlsx"
        write_form_workbook(records, forms, with_ranking=not args.unit)
        written.append(forms)
        if not args.unit:
            ranking = out / f"排名-{args.year}.xlsx"
            write_ranking_workbook(records, ranking)
            written.append(ranking)
        if args.pdf:
            from yc_desktop.exchange.form_pdf import write_forms_pdf

            _ensure_gui_application()
            pdf = forms.with_suffix(".pdf")
            write_forms_pdf(records, pdf)
            written.append(pdf)
    except (StoreError, ExportError) as exc:
        _report_store_error(exc)
        return EXIT_FAILURE
    except OSError as exc:
        print(f"错误:无法写入「{out}」:{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILURE
    for path in written:
        print(f"已导出 {path}")
    return EXIT_OK


def command_import(args: argparse.Namespace) -> int:
    from yc_desktop.exchange.bulk_import import apply_bulk_import, plan_bulk_import
    from yc_desktop.exchange.import_plan import apply_selfeval_import, plan_selfeval_import
    from yc_desktop.store.errors import DatabaseFileError, StoreError
    from yc_desktop.store.service import SYSTEM, Store

    paths = [Path(p) for p in args.files]
    bulk = [p for p in paths if p.suffix.lower() == ".csv" or (args.side and p.suffix.lower() == ".xlsx")]
    selfeval = [p for p in paths if p not in bulk]
    if bulk and (args.year is None or args.side is None):
        print("错误:导入汇总表(CSV 或 --side 指定的 xlsx)需要同时给出 --year 和 --side", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with Store(Path(args.db), actor=_actor(), role=SYSTEM) as store:
            plans = plan_selfeval_import(store, selfeval) if selfeval else []
            bulk_plans = [plan_bulk_import(store, p, args.year, args.side) for p in bulk]
            for plan in [*plans, *bulk_plans]:
                print(plan.summary())
            acceptable = [p for p in plans if p.ok] + [p for p in bulk_plans if p.ok]
            refused = len(plans) + len(bulk_plans) - len(acceptable)
            if not acceptable:
                print("没有可导入的文件;数据库未改动。", file=sys.stderr)
                return EXIT_BAD_INPUT
            if not args.yes and not _confirm(f"导入以上 {len(acceptable)} 个文件吗?[y/N] "):
                print("未确认,未导入任何数据。", file=sys.stderr)
                return EXIT_FAILURE
            done = len(apply_selfeval_import(store, plans))
            for plan in bulk_plans:
                if plan.ok:
                    apply_bulk_import(store, plan)
                    done += 1
    except DatabaseFileError as exc:
        _report_store_error(exc)
        return EXIT_FAILURE
    except StoreError as exc:
        _report_store_error(exc)
        return EXIT_BAD_INPUT
    print(f"已导入 {done} 个文件" + (f",拒绝 {refused} 个(原因见上)" if refused else ""))
    return EXIT_OK if not refused else EXIT_BAD_INPUT


def _confirm(prompt: str) -> bool:
    try:
        return input(prompt).strip().lower() in {"y", "yes", "是"}
    except EOFError:
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="yc-desktop", description="源城分厅建设工作量化评分 — 四率考核评分工具")
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument("--db", help="数据库文件路径(默认:用户数据文件夹中的“源城分厅评分.db”)")
    parser.add_argument(
        "--self-test", action="store_true", help="自检:评分示例数据、导出评分表与 PDF、离屏打开主窗口,然后退出"
    )
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    score = commands.add_parser("score", help="按评分表为一批单位评分(JSON 输入,JSON 输出,不使用数据库)")
    score.add_argument("input", help="输入 JSON 文件路径;“-” 表示从标准输入读取")
    score.add_argument("--rules", default="2014暂行", help="规则集名称(默认:2014暂行)")
    score.set_defaults(handler=command_score)

    load = commands.add_parser("load", help="把评分 JSON 中的数据存入数据库(任一单位无效则整个文件不导入)")
    load.add_argument("input", help="与 score 命令相同格式的 JSON 文件;“-” 表示标准输入")
    load.add_argument("--db", required=True, default=argparse.SUPPRESS, help="数据库文件路径")
    load.add_argument("--side", required=True, choices=("self", "assessor"), help="self=自评,assessor=考核")
    load.set_defaults(handler=command_load)

    backup = commands.add_parser("backup", help="备份数据库(使用 SQLite 在线备份,程序打开时也可备份)")
    backup.add_argument("--db", required=True, default=argparse.SUPPRESS, help="数据库文件路径")
    backup.add_argument("--to", help="备份文件路径(默认:数据库旁的“备份”文件夹)")
    backup.set_defaults(handler=command_backup)

    restore = commands.add_parser("restore", help="从备份恢复数据库(恢复前会另存当前文件)")
    restore.add_argument("backup", help="备份文件路径")
    restore.add_argument("--db", required=True, default=argparse.SUPPRESS, help="要恢复的数据库文件路径")
    restore.set_defaults(handler=command_restore)

    export = commands.add_parser("export", help="导出某年度的评分表(xlsx,含排名)与排名表,可选 PDF")
    export.add_argument("--db", required=True, default=argparse.SUPPRESS, help="数据库文件路径")
    export.add_argument("--year", required=True, type=int, help="考核年度")
    export.add_argument("--out", required=True, help="输出文件夹")
    export.add_argument("--pdf", action="store_true", help="同时导出 PDF")
    export.add_argument("--unit", action="append", help="只导出该单位(可重复)")
    export.set_defaults(handler=command_export)

    imports = commands.add_parser(
        "import", help="导入联络员的自评文件(.xlsx),或汇总表(.csv/.xlsx,需 --year 与 --side);先显示变化再导入"
    )
    imports.add_argument("files", nargs="+", help="要导入的文件")
    imports.add_argument("--db", required=True, default=argparse.SUPPRESS, help="数据库文件路径")
    imports.add_argument("--yes", action="store_true", help="不询问,直接导入可导入的文件")
    imports.add_argument("--year", type=int, help="汇总表的考核年度")
    imports.add_argument("--side", choices=("self", "assessor"), help="汇总表数据是自评(self)还是考核(assessor)")
    imports.set_defaults(handler=command_import)
    return parser


def _version() -> str:
    from yc_desktop import __version__

    return f"yc-desktop {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if args.self_test:
        from yc_desktop.selftest import run_self_test

        return run_self_test()
    if handler is None:
        import os

        headless = not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
        )
        if sys.platform.startswith("linux") and headless:
            print("错误:没有图形界面(未设置 DISPLAY),无法打开窗口。可在桌面环境中运行,或使用 xvfb-run;"
                  "命令行功能见 yc-desktop --help", file=sys.stderr)  # fmt: skip
            return EXIT_FAILURE
        from yc_desktop.ui.launch import run_window

        return run_window(Path(args.db) if args.db else None)
    code: int = handler(args)
    return code
