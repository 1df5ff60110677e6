"""Command line of the front door.

    python -m handoff serve                     migrate the database, then serve (default)
    python -m handoff migrate                   only migrate the database
    python -m handoff create-agent NAME [--display-name "Jana"]   password read from stdin or prompted
    python -m handoff create-user NAME --role ROLE [--display-name "Jana"]   same, with a role:
                                                agent, supervisor, comms_editor, approver, annotator
    python -m handoff set-password NAME         new password (stdin or prompted); ends NAME's sessions
    python -m handoff retention                 delete transcripts older than RETENTION_DAYS
    python -m handoff erase CONVERSATION_ID     delete one conversation (erasure request)
    python -m handoff train-worker [--once]      take the studio's trainings from the queue, one at a time
                                                (handoff.training.worker; its own process, never the server)
    python -m handoff export-content DIR        write the studio's published content as the repo's
                                                YAML files under DIR (data/..., bot/domain/...)
    python -m handoff export-nlu DIR            write the intent editor's examples in the form of the
                                                repo's data/nlu into DIR (e.g. data/nlu)
    python -m handoff export-training DIR       write the whole training data (data/nlu, data/rules,
                                                bot/domain with the studio's new intents) under DIR (e.g. .)

Configuration comes from the environment (``handoff.config``). Exit status 0 on success, 1 on a
handled error (message on stderr), 2 on wrong usage.
"""
from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from typing import Optional, Sequence

from handoff import config, migrations
from handoff.agents.models import ROLES
from handoff.db import make_engine, make_sessionmaker


async def _with_session(work):  # noqa: ANN001, ANN202 - small internal helper
    settings = config.from_env()
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            result = await work(session, settings)
            await session.commit()
            return result
    finally:
        await engine.dispose()


def _read_password() -> Optional[str]:
    if sys.stdin.isatty():
        password = getpass.getpass("password (12+ characters): ")
        if getpass.getpass("again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return None
        return password
    return sys.stdin.readline().rstrip("\n")


def _create_agent(username: str, display_name: Optional[str], role: str = "agent") -> int:
    from handoff.agents import service

    password = _read_password()
    if password is None:
        return 1

    async def work(session, _settings):  # noqa: ANN001, ANN202
        return await service.create(session, username=username, password=password, display_name=display_name,
                                    role=role)

    try:
        agent = asyncio.run(_with_session(work))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"created {agent.role} {agent.username!r} (id {agent.id})")
    return 0


def _set_password(username: str) -> int:
    from handoff.agents import service

    password = _read_password()
    if password is None:
        return 1
    try:
        ended = asyncio.run(_with_session(
            lambda session, _settings: service.set_password(session, username=username, password=password)))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"new password for {username!r}; {ended} session(s) ended")
    return 0


def _export_content(settings: config.Settings, directory: str) -> int:
    """Seed (when the database is new) and write the published content as YAML files."""
    from pathlib import Path

    from actions.content import fields
    from handoff.studio import store

    async def work() -> dict:
        engine = make_engine(settings.database_url)
        try:
            sessions = make_sessionmaker(engine)
            await store.seed(sessions, fields.documents(settings.incident_file, config.ROOT))
            return await store.export(sessions)
        finally:
            await engine.dispose()

    for name, text in asyncio.run(work()).items():
        target = Path(directory) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return 0


def _export_nlu(settings: config.Settings, directory: str, whole: bool = False) -> int:
    """Seed (when the database is new) and write the examples as the repo's data/nlu files (``whole``:
    the whole training data tree, with the rules and domain of the studio's new intents)."""
    from pathlib import Path

    from handoff.intents import export, store

    async def work() -> list:
        engine = make_engine(settings.database_url)
        try:
            sessions = make_sessionmaker(engine)
            await store.seed(sessions, config.ROOT)
            async with sessions() as session:
                if whole:
                    await export.write_training_data(session, Path(directory))
                    return [Path(directory)]
                return await export.write_nlu(session, Path(directory))
        finally:
            await engine.dispose()

    for target in asyncio.run(work()):
        print(f"wrote {target}")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one command; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m handoff", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve")
    commands.add_parser("migrate")
    create = commands.add_parser("create-agent")
    create.add_argument("username")
    create.add_argument("--display-name")
    user = commands.add_parser("create-user")
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=ROLES)
    user.add_argument("--display-name")
    password = commands.add_parser("set-password")
    password.add_argument("username")
    commands.add_parser("retention")
    erase = commands.add_parser("erase")
    erase.add_argument("conversation_id")
    worker = commands.add_parser("train-worker")
    worker.add_argument("--once", action="store_true", help="stop when the queue is empty")
    export = commands.add_parser("export-content")
    export.add_argument("directory")
    commands.add_parser("export-nlu").add_argument("directory")
    commands.add_parser("export-training").add_argument("directory")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        settings = config.from_env()
    except config.ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    migrations.upgrade(settings.database_url)
    if args.command == "migrate":
        return 0
    if args.command == "create-agent":
        return _create_agent(args.username, args.display_name)
    if args.command == "create-user":
        return _create_agent(args.username, args.display_name, args.role)
    if args.command == "set-password":
        return _set_password(args.username)
    if args.command == "train-worker":
        from handoff.training import worker as training_worker

        return training_worker.serve(settings.database_url, once=args.once)
    from handoff.retention import service as retention

    if args.command == "retention":
        count = asyncio.run(_with_session(lambda s, cfg: retention.purge(s, older_than_days=cfg.retention_days)))
        print(f"deleted {count} conversation(s) older than {settings.retention_days} days")
        return 0
    if args.command == "erase":
        found = asyncio.run(_with_session(lambda s, _cfg: retention.erase(s, conversation_id=args.conversation_id)))
        print("erased" if found else "no such conversation")
        return 0 if found else 1
    if args.command == "export-content":
        return _export_content(settings, args.directory)
    if args.command in ("export-nlu", "export-training"):
        return _export_nlu(settings, args.directory, whole=args.command == "export-training")
    from aiohttp import web

    from handoff.app import create_app

    if not settings.rasa_token:
        logging.getLogger(__name__).warning("RASA_TOKEN is not set: the bot will refuse every message")
    web.run_app(create_app(settings), host=settings.host, port=settings.port, access_log=None,
                print=lambda _message: print(f"front door on http://{settings.host}:{settings.port}", flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
