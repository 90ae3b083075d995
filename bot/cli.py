"""The `clinic-bot` command.

argparse rather than a richer CLI framework: `clinic-bot quote` must answer in well under a
second, so this module imports only the standard library and the light query layer; the web
server is imported only by `serve`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
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


def _engine():  # type: ignore[no-untyped-def]
    from bot.runtime import build_engine
    from bot.settings import Settings

    return build_engine(Settings.from_env())


def _moment(value: str | None) -> dt.datetime:
    from knowledge.clock import ClockError, now_jst, parse_moment

    try:
        return parse_moment(value) if value else now_jst()
    except ClockError as exc:
        _fail(str(exc))


def _render_reply(reply) -> str:  # type: ignore[no-untyped-def]
    parts = list(reply.texts)
    if reply.quick_replies:
        parts.append("［" + "］［".join(q.label for q in reply.quick_replies) + "］")
    if reply.incident_id:
        parts.append(f"(記録番号 {reply.incident_id})")
    return "\n\n".join(parts)


def _reply_json(reply) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from bot.channels.web import to_response

    return to_response(reply).model_dump(mode="json")


def _cmd_ask(args: argparse.Namespace) -> None:
    from handlers.messages import Inbound

    if len(args.text) > 5000:
        _fail("メッセージは5000文字以内にしてください。")
    moment = _moment(args.now)
    engine = _engine()
    reply = engine.handle(Inbound(session_key=args.session, text=args.text, at=moment, channel="cli"))
    _print_json(_reply_json(reply)) if args.json else print(_render_reply(reply))


def _cmd_chat(args: argparse.Namespace) -> None:
    from handlers.messages import Inbound

    fixed = _moment(args.now) if args.now else None
    engine = _engine()
    print("医療機関用団体サイバー保険アシスタントです。終了するには「exit」または Ctrl-D。")
    while True:
        try:
            line = input("あなた> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line.lower() in ("exit", "quit", "終了"):
            return
        if not line:
            continue
        reply = engine.handle(Inbound(session_key=args.session, text=line[:5000], at=fixed or _moment(None), channel="cli"))
        print("\n" + _render_reply(reply) + "\n")


def _cmd_eval(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bot.evaluate import load_cases, run_cases, summary

    categories = set(args.cats.split(",")) if args.cats else None
    try:
        cases = load_cases(Path(args.cases), categories)
    except ValueError as exc:
        _fail(str(exc))
    results = run_cases(cases)
    if args.json:
        _print_json({"results": [r.model_dump(mode="json") for r in results],
                     "passed": sum(r.passed for r in results), "failed": sum(not r.passed for r in results)})
    else:
        print(summary(results))
    if not all(r.passed for r in results):
        raise SystemExit(1)


def _cmd_incidents(args: argparse.Namespace) -> None:
    from bot.runtime import build_store
    from bot.settings import Settings

    store = build_store(Settings.from_env())
    try:
        if args.action == "list":
            records = store.list_incidents(limit=args.limit)
            if args.json:
                _print_json({"incidents": [r.model_dump(mode="json") for r in records]})
            else:
                for r in records:
                    print(f"{r.id}  {moment_ja(r.opened_at)}  {r.channel:<5} {r.kind or '-':<20} {r.status}")
                if not records:
                    print("インシデント記録はありません。")
            return
        if not args.id:
            _fail("incidents show には記録番号（例: INC-20261202-7F3A）を指定してください。")
        record = store.get_incident(args.id)
        if record is None:
            _fail(f"記録番号「{args.id}」のインシデントは見つかりません。")
        if args.json:
            _print_json(record.model_dump(mode="json"))
        else:
            print(f"{record.id}（{moment_ja(record.opened_at)} 受付、{record.channel}、{record.status}）")
            print(record.notice_draft)
    finally:
        store.close()


def _cmd_index(args: argparse.Namespace) -> None:
    import time

    from bot.settings import Settings
    from knowledge.index import PamphletIndex

    settings = Settings.from_env()
    start = time.perf_counter()

    def progress(step: str) -> None:  # on stderr: stdout keeps its one line for scripts
        sys.stderr.write(f"[{time.perf_counter() - start:5.1f} s] {step}\n")
        sys.stderr.flush()

    progress(f"checking the pamphlet index at {settings.pamphlet_index_dir}")
    report = PamphletIndex(settings.pamphlet_index_dir).build(force=args.force, progress=progress)
    state = "built" if report.rebuilt else "already current"
    print(f"pamphlet index {state}: {report.chunks} chunks at {report.path} ({time.perf_counter() - start:.1f} s)")


def _cmd_line_richmenu(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bot.channels.line_api import LineNotConfigured
    from bot.channels.line_richmenu import (
        FontNotFound,
        RichMenuDeployError,
        RichMenuInvalid,
        RichMenuSpecError,
        build_menu,
        deploy,
        request_json,
    )
    from bot.settings import Settings

    not_configured = "LINE_CHANNEL_ACCESS_TOKEN が設定されていないのでアップロードできません（画像と JSON の確認だけなら --dry-run）。"
    settings = None if args.dry_run else Settings.from_env()
    if settings is not None and not settings.line_channel_access_token:
        _fail(not_configured)
    try:
        menu = build_menu()
    except FontNotFound as exc:
        _fail(str(exc))
    except (RichMenuSpecError, RichMenuInvalid) as exc:
        # Not the user's input: the installation's menu file is broken, so send nothing at all.
        sys.stderr.write(f"clinic-bot: rich menu refused: {exc}\n")
        raise SystemExit(1) from exc
    if args.dry_run:
        print(request_json(menu.request))
    out = Path(args.out) if args.out else Path("./richmenu.png") if args.dry_run else None
    if out is not None:
        try:
            out.write_bytes(menu.png)
        except OSError as exc:
            _fail(f"画像を {out} に書けません（{exc.strerror or exc}）。")
        size = menu.request.size
        print(f"画像を書き出しました: {out.resolve()}（{size.width}×{size.height}、{len(menu.png):,} バイト、フォント {menu.font.path.name}）")
    if settings is None:
        return
    try:
        result = deploy(menu.request, menu.png, settings)
    except LineNotConfigured:
        _fail(not_configured)
    except RichMenuDeployError as exc:
        sys.stderr.write(f"clinic-bot: {exc}\n")
        raise SystemExit(1) from exc
    print(f"richMenuId: {result.rich_menu_id}")


def _cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from bot.observability import configure_logging
    from bot.settings import Settings

    if args.workers < 1:
        _fail("--workers must be 1 or more")
    settings = Settings.from_env()
    if args.workers > 1 and not settings.redis_url:
        # Each process would lock conversations and count rate limits only for itself: two messages
        # of one chat could be handled at once and one answer's session overwrite the other's.
        _fail(f"--workers {args.workers} needs CLINIC_BOT_REDIS_URL (conversation locks and rate limits "
              "shared by the workers; PostgreSQL via CLINIC_BOT_DATABASE_URL is recommended beside it)")
    configure_logging()
    # One thread per embedding: a server answers several questions at once, and on this 2-core
    # machine a question embedded on 2 threads cost 50 ms of CPU against 34 ms on one (27 vs 34 ms
    # of wall time), so under load one thread answers more. Set before the model is loaded.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # Each worker holds a core of its own (bot/affinity.py); CLINIC_BOT_PIN_CPU=0 leaves them free.
    # With one thread per embedding (above), a held worker never has two math threads sharing its core.
    os.environ.setdefault("CLINIC_BOT_PIN_CPU", "1")
    # proxy_headers off: the app applies CLINIC_BOT_TRUSTED_PROXIES itself (bot/app.py), once.
    # access_log off: the app logs each request as JSON by its route, never its path or query.
    # timeout_graceful_shutdown: on SIGTERM the LINE events in hand are finished (bot/app.py's lifespan).
    uvicorn.run("bot.app:create_app", factory=True, host=args.host, port=args.port, log_config=None,
                proxy_headers=False, access_log=False, workers=args.workers, timeout_graceful_shutdown=30)


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

    a = sub.add_parser("ask", help="1通のメッセージに答える")
    a.add_argument("text")
    a.add_argument("--session", default="cli")
    a.add_argument("--now", help="メッセージの時刻 ISO 8601（省略時は現在時刻）")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=_cmd_ask)

    ch = sub.add_parser("chat", help="ターミナルでチャット")
    ch.add_argument("--session", default="cli-chat")
    ch.add_argument("--now", help="固定する時刻 ISO 8601（省略時は各メッセージの現在時刻）")
    ch.set_defaults(func=_cmd_chat)

    e = sub.add_parser("eval", help="ケースファイルを実行して合否を表示")
    e.add_argument("cases")
    e.add_argument("--cats", help="カテゴリをカンマ区切りで（例: quote,incident）")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=_cmd_eval)

    inc = sub.add_parser("incidents", help="インシデント記録")
    inc.add_argument("action", choices=["list", "show"])
    inc.add_argument("id", nargs="?")
    inc.add_argument("--limit", type=int, default=100)
    inc.add_argument("--json", action="store_true")
    inc.set_defaults(func=_cmd_incidents)

    ix = sub.add_parser("index", help="パンフレットの検索インデックス")
    ix.add_argument("action", choices=["build"])
    ix.add_argument("--force", action="store_true", help="最新でも作り直す")
    ix.set_defaults(func=_cmd_index)

    ln = sub.add_parser("line", help="LINE チャネルの設定")
    line_sub = ln.add_subparsers(dest="line_command", metavar="{richmenu}", required=True, parser_class=_Parser)
    rm = line_sub.add_parser("richmenu", help="リッチメニュー（トーク画面下のメニュー）を作って既定にする")
    rm.add_argument("--dry-run", dest="dry_run", action="store_true", help="送信せず、JSON を表示して画像を書き出す")
    rm.add_argument("--out", help="画像の書き出し先（--dry-run では既定 ./richmenu.png）")
    rm.set_defaults(func=_cmd_line_richmenu)

    v = sub.add_parser("serve", help="HTTP サーバーを起動")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--workers", type=int, default=int(os.environ.get("CLINIC_BOT_WORKERS") or 1),
                   help="プロセス数（2 以上は CLINIC_BOT_REDIS_URL が必要。既定 CLINIC_BOT_WORKERS か 1）")
    v.set_defaults(func=_cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    from bot.queries import QueryError
    from bot.settings import SettingsError
    from bot.store.base import StoreError
    from knowledge.models import FactsError

    try:
        args.func(args)
    except (QueryError, SettingsError) as exc:
        _fail(str(exc))
    except FactsError as exc:
        # Not the user's input: the installation's fact file is broken, so refuse to answer at all.
        sys.stderr.write(f"clinic-bot: fact file refused: {exc}\n")
        raise SystemExit(1) from exc
    except StoreError as exc:
        sys.stderr.write(f"clinic-bot: {exc}\n")
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
