"""Chat with the running product in a terminal, as a customer, through the front door's REST channel.

Usage: ``make chat`` (English) or ``make chat LANG=de``; needs ``make run`` in another terminal.
Buttons are shown numbered: type the number to press one. Messages from a person that arrive
between your messages are shown before the next answer. Reads HANDOFF_HOST and HANDOFF_PORT.
"""
from __future__ import annotations

import argparse
import os
import sys

import requests


def show(message: dict, buttons: list) -> None:
    """Print one message and number its buttons."""
    who = {"bot": "bot", "agent": "agent", "system": "info"}.get(message.get("sender"), "bot")
    if message.get("text"):
        print(f"{who}> {message['text']}")
    for button in message.get("buttons") or []:
        buttons.append(button)
        print(f"     [{len(buttons)}] {button['title']}")


def main() -> int:
    """Read lines from the terminal, send them, print what comes back; 0 on end of input."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", choices=["en", "de"], default="en")
    args = parser.parse_args()
    base = f"http://{os.environ.get('HANDOFF_HOST', '127.0.0.1')}:{os.environ.get('HANDOFF_PORT', '8000')}"
    sender = None  # the front door issues the session token with its first answer
    buttons: list = []
    last_seen = 0
    print("Type a message (Ctrl+D to quit).")
    lines = sys.stdin if not sys.stdin.isatty() else iter(lambda: input("you> "), None)
    for line in lines:
        text = line.strip()
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            missed = requests.post(f"{base}/webhooks/rest/messages", json={"sender": sender, "after": last_seen},
                                   timeout=10).json() if sender else []
            buttons = []
            for message in missed:
                last_seen = max(last_seen, message["id"])
                if message["sender"] != "customer":
                    show(message, buttons)
            reply = requests.post(f"{base}/webhooks/rest/webhook", timeout=30, json={
                "sender": sender, "message": text, "metadata": {"language": args.language}})
        except requests.RequestException as error:
            print(f"[the front door is not reachable: {error}]")
            continue
        body = reply.json()
        sender = reply.headers.get("X-Session-Token", sender)
        if reply.status_code != 200:
            print(f"info> {body.get('text') or body.get('error')}")
            continue
        buttons = []
        for message in body:
            last_seen = max(last_seen, message["id"])
            show(message, buttons)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (EOFError, KeyboardInterrupt):
        sys.exit(0)
