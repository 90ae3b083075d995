"""The `clinic-bot` command.

argparse rather than a richer CLI framework: `clinic-bot quote` must answer in well under a
second, so this module imports only the standard library and the light query layer; the web
server is imported only by `serve`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any, NoReturn, Sequence

from knowledge.formatting import man_yen, moment_ja, yen

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input as one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"clinic-bot: error: {message}\n")
    raise SystemExit(EXIT_BAD_INPUT)


def _print_json(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2))


def _render_quote(answer: dict[str, Any]) -> str:
    if "quotes" in answer:
        size = f" {answer['size']}{answer['size_unit']}" if answer.get("size") else ""
        lines = [f"{answer['facility_name']}{size}の年間保険料（{answer['basis']}）"]
        for q in answer["quotes"]:
            price = yen(q["premium_yen"]) if q["exact"] else "表に掲載なし"
            lines.append(
                f"  {q['type']}  損害賠償{man_yen(q['liability_limit_yen'])}・事故対応特別費用"
                f"{man_yen(q['response_cost_limit_yen'])}  {price}"
            )
        if not answer["exact"]:
            lines.extend(f"  ※{c}" for c in answer["quotes"][0]["conditions"])
        lines.append(f"出典: {answer['source']}")
        return "\n".join(lines)
    size = f" {answer['size']}{answer['size_unit']}" if answer.get("size") else ""
    head = f"{answer['facility_name']}{size} {answer['type']}"
    limits = f"損害賠償{man_yen(answer['liability_limit_yen'])}・事故対応特別費用{man_yen(answer['response_cost_limit_yen'])}"
    price = f"年間保険料 {yen(answer['premium_yen'])}" if answer["exact"] else "保険料はパンフレットの表に掲載されていません"
    lines = [f"{head}（{limits}）: {price}"]
    lines.extend(f"  ※{c}" for c in answer["conditions"])
    lines.append(f"出典: {answer['source']}")
    return "\n".join(lines)


def _render_subsidy(answer: dict[str, Any]) -> str:
    head = f"一時支援金: {man_yen(answer['amount_yen'])}" if answer["eligible"] else "一時支援金: お支払いの対象外です"
    lines = [head]
    lines.extend(f"  {b}" for b in answer["breakdown"])
    lines.append("要件:")
    lines.extend(f"  ・{r}" for r in answer["requirements"])
    lines.extend(f"  ※{c}" for c in answer["conditions"])
    lines.append(f"出典: {answer['source']}")
    return "\n".join(lines)


def _render_contacts(answer: dict[str, Any]) -> str:
    now = dt.datetime.fromisoformat(answer["now"])
    lines = [f"{moment_ja(now)} 時点の受付状況"]
    for c in answer["contacts"]:
        if c["open_now"]:
            state = "受付中"
            if c["closes_at"]:
                state += f"（{moment_ja(dt.datetime.fromisoformat(c['closes_at']))}まで）"
        else:
            state = f"受付時間外（次の受付: {moment_ja(dt.datetime.fromisoformat(c['next_open']))}）"
        lines.append(f"・{c['name']} {c['phone']}  {state}  [{c['hours']}]")
        if c["full_service_from"] and not c["full_service_now"]:
            lines.append(f"    通常の対応・サービス提供は {moment_ja(dt.datetime.fromisoformat(c['full_service_from']))} 以降となる場合があります。")
        lines.extend(f"    ※{n}" for n in c["notes"] if "17時以降" not in n)
    return "\n".join(lines)


def _cmd_quote(args: argparse.Namespace) -> None:
    from bot.queries import quote_query

    answer = quote_query(args.facility, args.beds, args.capacity, args.type, args.liability, args.response_cost)
    _print_json(answer) if args.json else print(_render_quote(answer))


def _cmd_subsidy(args: argparse.Namespace) -> None:
    from bot.queries import subsidy_query

    answer = subsidy_query(args.kind, args.date, args.closed_days, args.internal)
    _print_json(answer) if args.json else print(_render_subsidy(answer))


def _cmd_contacts(args: argparse.Namespace) -> None:
    from bot.queries import contacts_query

    answer = contacts_query(args.now)
    _print_json(answer) if args.json else print(_render_contacts(answer))


def _cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    uvicorn.run("bot.app:create_app", factory=True, host=args.host, port=args.port, log_level="info")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="clinic-bot", description="医療機関用団体サイバー保険アシスタント")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    q = sub.add_parser("quote", help="保険料の見積もり（パンフレットの保険料表から）")
    q.add_argument("--facility", required=True, help="clinic | hospital | care | care_medical | dental（病院・診療所などの日本語も可）")
    q.add_argument("--beds", type=int, help="病床数（病院）")
    q.add_argument("--capacity", type=int, help="定員数（介護老人保健施設）")
    q.add_argument("--type", help="H1〜H7（省略すると7タイプすべて）")
    q.add_argument("--liability", help="損害賠償の保険金額（例: 1億円）からタイプを選ぶ")
    q.add_argument("--response-cost", dest="response_cost", help="事故対応特別費用の保険金額（例: 5000万）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=_cmd_quote)

    s = sub.add_parser("subsidy", help="日本医師会の一時支援金")
    s.add_argument("--kind", required=True, choices=["cyber", "leak"])
    s.add_argument("--date", required=True, help="事由発生日 YYYY-MM-DD")
    s.add_argument("--closed-days", dest="closed_days", type=int, default=0, help="休業日数")
    s.add_argument("--internal", action="store_true", help="内部犯罪に起因する案件")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_cmd_subsidy)

    c = sub.add_parser("contacts", help="連絡先と、その時点の受付状況")
    c.add_argument("--now", help="ISO 8601（例: 2026-12-02T23:30:00+09:00）。省略時は現在時刻")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=_cmd_contacts)

    v = sub.add_parser("serve", help="HTTP サーバーを起動")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8000)
    v.set_defaults(func=_cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    from bot.queries import QueryError
    from knowledge.models import FactsError

    try:
        args.func(args)
    except QueryError as exc:
        _fail(str(exc))
    except FactsError as exc:
        # Not the user's input: the installation's fact file is broken, so refuse to answer at all.
        sys.stderr.write(f"clinic-bot: fact file refused: {exc}\n")
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
