"""Command line: `python -m bot migrate | import FILE | seed-demo | cases --json | users | endpoints |
privacy purge | privacy export --email E | privacy erase --email E | categories check |
whatif --policy FILE [--since DATE] | report --month YYYY-MM [--out DIR]`.

Parses arguments and calls the package; no logic of its own.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bot import settings
from bot.complaints.cases import case_row, iter_cases
from bot.complaints.category_check import registry_problems
from bot.complaints.policy import load_policy
from bot.insight.report import insight_report, parse_month
from bot.insight.report_file import write_report
from bot.insight.whatif import past_cases, replay, report_lines
from bot.orders.demo import seed_demo
from bot.orders.lookup import parse_email
from bot.orders.records_import import ImportErrors, import_records, load_file
from bot.privacy.requests import audited_erasure, audited_export
from bot.privacy.retention import purge
from bot.serving.endpoints import render_endpoints
from bot.store import default_engine, make_engine, session_scope
from bot.store.accounts import ROLES, UserError, add_user, list_users, remove_user
from bot.store.audit import record
from bot.store.migrate import upgrade
from bot.store.models import Order


def _migrate(_args) -> int:
    upgrade(default_engine())
    print(f"database schema up to date ({default_engine().url.render_as_string(hide_password=True)})")
    return 0


def _import(args) -> int:
    upgrade(default_engine())
    try:
        data = load_file(Path(args.file))
        with session_scope() as session:
            summary = import_records(session, data)
    except ImportErrors as exc:
        print(f"{args.file}: nothing imported, {len(exc.errors)} error(s):", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    print(f"imported {summary.customers} customers, {summary.products} products, {summary.orders} orders, "
          f"{summary.complaints} earlier complaints, {summary.goodwill} goodwill grants")
    return 0


def _seed_demo(args) -> int:
    upgrade(default_engine())
    with session_scope() as session:
        if args.if_empty and session.execute(select(func.count()).select_from(Order)).scalar_one():
            print("store already has records; demo data not loaded")
            return 0
        summary = seed_demo(session)
    print(f"demo data loaded: {summary.orders} orders for {summary.customers} customers")
    return 0


def _cases(args) -> int:
    with session_scope() as session:
        for case in iter_cases(session, include_imported=args.all):
            row = case_row(case)
            if args.json:
                print(json.dumps(row, ensure_ascii=False))
            else:
                print(f"{row['case']}  {row['created_at']}  {row['language']}  {row['category'] or '-':10} "
                      f"{row['order_id'] or '-':10} {row['outcome'] or '-':9} {row['remedy'] or ''} "
                      f"{row['amount'] or ''} {row['currency'] or ''}")
    return 0


def _read_password(args) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise UserError("the passwords differ")
    return first


def _users(args) -> int:
    upgrade(default_engine())
    try:
        with session_scope() as session:
            if args.action == "add":
                user = add_user(session, args.name, args.role, _read_password(args))
                print(f"user {user.name} ({user.role}) created")
            elif args.action == "remove":
                print(f"user {args.name} removed" if remove_user(session, args.name) else f"no user {args.name}")
            else:
                for user in list_users(session):
                    print(f"{user.name:24} {user.role:6} created {user.created_at:%Y-%m-%d}")
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _privacy(args) -> int:
    """Subject requests and the retention purge, each recorded in the audit log as the system
    user running it (never with the email itself)."""
    upgrade(default_engine())
    tracker = make_engine(settings.tracker_store_url())
    operator = f"cli:{getpass.getuser()}"
    email = parse_email(args.email or "")
    if args.action != "purge" and not email:
        print("error: --email needs a valid email address", file=sys.stderr)
        return 2
    with session_scope() as session:
        if args.action == "purge":
            result = purge(session, tracker, load_policy().retention_days)
            record(session, operator, "cli", "privacy_purge", None, before=result.before.isoformat(),
                   conversations=result.conversations, cases=result.cases)
            print(f"forgot {result.conversations} conversations ({result.tracker_events} tracker events) and "
                  f"{result.cases} cases last active before {result.before:%Y-%m-%d}")
        elif args.action == "export" and email:
            print(json.dumps(audited_export(session, tracker, email, operator, "cli"), ensure_ascii=False, indent=2))
        elif email:
            erased = audited_erasure(session, tracker, email, operator, "cli")
            print(f"erased {erased.conversations} conversations ({erased.tracker_events} tracker events); "
                  f"{erased.cases} cases and {erased.grants} goodwill grants kept without the person")
    return 0


def _whatif(args) -> int:
    try:
        proposed = load_policy(Path(args.policy))
        since = datetime.strptime(args.since, "%Y-%m-%d") if args.since else None
    except (OSError, ValueError) as error:  # PolicyError is a ValueError
        print(f"whatif: {error}", file=sys.stderr)
        return 2
    with session_scope() as session:
        result = replay(past_cases(session, since), load_policy(), proposed)
        print("\n".join(report_lines(result)))
        session.rollback()  # a what-if writes nothing
    return 0


def _report(args) -> int:
    try:
        month = parse_month(args.month)
    except ValueError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    with session_scope() as session:
        report = insight_report(session, load_policy(), month)
        html, csv = write_report(report, Path(args.out) if args.out else settings.reports_dir())
    print(f"{report.complaints} complaint cases in {report.month}: wrote {html} and {csv}")
    return 0


def _categories(_args) -> int:
    problems = registry_problems()
    for problem in problems:
        print(problem)
    if not problems:
        print("the project agrees with the category registry (bot/complaints/categories.py)")
    return 1 if problems else 0


def _endpoints(_args) -> int:
    sys.stdout.write(render_endpoints())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Complaint bot tools")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    imp = commands.add_parser("import", help="import company records from a JSON file (docs/data-format.md)")
    imp.add_argument("file")
    imp.set_defaults(run=_import)
    demo = commands.add_parser("seed-demo", help="load demo records covering every outcome")
    demo.add_argument("--if-empty", action="store_true", help="only when the store has no orders")
    demo.set_defaults(run=_seed_demo)
    cases = commands.add_parser("cases", help="list cases")
    cases.add_argument("--json", action="store_true", help="one JSON object per line")
    cases.add_argument("--all", action="store_true", help="include imported history")
    cases.set_defaults(run=_cases)
    users = commands.add_parser("users", help="console accounts: add NAME --role lead|agent, list, remove NAME")
    users.add_argument("action", choices=("add", "list", "remove"))
    users.add_argument("name", nargs="?", default="")
    users.add_argument("--role", choices=ROLES, default="agent")
    users.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    users.set_defaults(run=_users)
    privacy = commands.add_parser("privacy", help="purge (retention), export or erase one customer's data")
    privacy.add_argument("action", choices=("purge", "export", "erase"))
    privacy.add_argument("--email", help="the customer's email (export, erase)")
    privacy.set_defaults(run=_privacy)
    categories = commands.add_parser("categories",
                                     help="check: does the project agree with bot/complaints/categories.py?")
    categories.add_argument("action", choices=("check",))
    categories.set_defaults(run=_categories)
    whatif = commands.add_parser("whatif", help="past cases decided again under another policy file; nothing written")
    whatif.add_argument("--policy", required=True, help="the proposed policy file")
    whatif.add_argument("--since", help="only cases from this day on (YYYY-MM-DD)")
    whatif.set_defaults(run=_whatif)
    report = commands.add_parser("report", help="the month's insight report as self-contained HTML and CSV")
    report.add_argument("--month", required=True, help="YYYY-MM")
    report.add_argument("--out", help="folder to write into (default: the reports folder the console links)")
    report.set_defaults(run=_report)
    endpoints = commands.add_parser("endpoints", help="print endpoints.yml for the current environment")
    endpoints.set_defaults(run=_endpoints)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
