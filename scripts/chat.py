"""Chat with the running bot in a terminal, through its token-protected REST webhook.

Usage: ``make chat`` (English) or ``make chat LANG=de``; needs ``make run`` in another terminal.
Buttons are shown numbered: type the number to press one. Reads RASA_TOKEN, RASA_HOST, RASA_PORT.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import sys

import requests


def main() -> int:
    """Read lines from the terminal, send them, print the bot's replies; 0 on end of input."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", choices=["en", "de"], default="en")
    args = parser.parse_args()
    url = f"http://{os.environ.get('RASA_HOST', '127.0.0.1')}:{os.environ.get('RASA_PORT', '5005')}" \
          "/webhooks/rest/webhook"
    headers = {"Authorization": f"Bearer {os.environ['RASA_TOKEN']}"}
    sender = "terminal-" + secrets.token_hex(8)
    buttons: list = []
    print("Type a message (Ctrl+D to quit).")
    for line in sys.stdin if not sys.stdin.isatty() else iter(lambda: input("you> "), None):
        text = line.strip()
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            reply = requests.post(url, headers=headers, timeout=30, json={
                "sender": sender, "message": text, "metadata": {"language": args.language}})
            reply.raise_for_status()
        except requests.RequestException as error:
            print(f"[the bot is not reachable: {error}]")
            continue
        buttons = []
        for message in reply.json():
            if "text" in message:
                print(f"bot> {message['text']}")
            if "custom" in message:
                print(f"[handoff payload] {json.dumps(message['custom'], ensure_ascii=False)}")
            for button in message.get("buttons") or []:
                buttons.append(button)
                print(f"     [{len(buttons)}] {button['title']}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (EOFError, KeyboardInterrupt):
        sys.exit(0)
