"""Command line: no subcommand opens the window; `score` is the headless scoring contract of SCORING.md."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="yc-desktop", description="源城分厅建设工作量化评分 — 四率考核评分工具")
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    score = commands.add_parser("score", help="按评分表为一批单位评分(JSON 输入,JSON 输出,不使用数据库)")
    score.add_argument("input", help="输入 JSON 文件路径;“-” 表示从标准输入读取")
    score.add_argument("--rules", default="2014暂行", help="规则集名称(默认:2014暂行)")
    score.set_defaults(handler=command_score)
    return parser


def _version() -> str:
    from yc_desktop import __version__

    return f"yc-desktop {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_OK
    code: int = handler(args)
    return code
