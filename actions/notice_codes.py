"""Notice codes: the codes printed in the letters to affected customers, stored only as salted hashes.

A customer types the code from their letter; the bot hashes it and looks it up. The code file never
holds a code in clear text, so a leaked code file does not reveal who is affected.

Create a code file from the company's CSV (columns ``code`` and ``categories``; categories are data
category ids separated by ``;``)::

    python -m actions.notice_codes --incident nordlicht-2026-11 --csv codes.csv

Hash: scrypt (RFC 7914) with one random 16-byte salt per file, n=2**13, r=8, p=1. A code has 12
characters from a 30-character alphabet (about 59 bits), so the cost factor only has to make trying
all codes against a stolen file impractical, while importing 100,000 codes still takes minutes.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import secrets
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from actions.content.models import CategoryStatus
from contract import notice_code

# The code format lives in the shared contract (data/contract.json, contract/notice_code.py).
ALPHABET = notice_code.alphabet()
CODE_LENGTH = notice_code.length()
SCRYPT = {"n": 2**13, "r": 8, "p": 1, "dklen": 32}
FORMAT_VERSION = 1


class NoticeCodeError(ValueError):
    """A code file or a code CSV is broken; the message names the file (and line)."""


normalise = notice_code.normalise
find_code = notice_code.find


def code_hash(code: str, salt: bytes) -> str:
    """Return the hex scrypt hash of a normalised ``code`` under ``salt``."""
    return hashlib.scrypt(code.encode("ascii"), salt=salt, maxmem=64 * 1024 * 1024, **SCRYPT).hex()


@dataclass(frozen=True)
class NoticeCodeStore:
    """The hashed codes of one incident: ``lookup(code)`` gives that customer's data categories."""

    incident: str
    salt: bytes
    categories_by_hash: Dict[str, Tuple[str, ...]]

    def lookup(self, code: str) -> Optional[Tuple[str, ...]]:
        """Return the data categories of ``code`` (any spelling), or None when it is unknown."""
        compact = normalise(code)
        if compact is None:
            return None
        return self.categories_by_hash.get(code_hash(compact, self.salt))

    def hash_of(self, code: str) -> Optional[str]:
        """The keyed hash of ``code`` (any spelling) under this file's salt, or None if malformed.

        The front door sends this hash to Rasa instead of the code, so no code reaches Rasa's
        tracker in clear; :meth:`lookup_hash` finds it.
        """
        compact = normalise(code)
        return None if compact is None else code_hash(compact, self.salt)

    def lookup_hash(self, hashed: str) -> Optional[Tuple[str, ...]]:
        """Return the data categories of a code given as :meth:`hash_of` made it, or None."""
        return self.categories_by_hash.get(hashed) if isinstance(hashed, str) else None

    @classmethod
    def read(cls, path: Path) -> "NoticeCodeStore":
        """Read a code file written by :func:`write_store`.

        Raises:
            FileNotFoundError: there is no code file for this incident.
            NoticeCodeError: the file is not a code file of this format.
        """
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["format"] != FORMAT_VERSION or data["scrypt"] != SCRYPT:
                raise NoticeCodeError(f"{path}: unsupported format or hash parameters")
            return cls(
                incident=data["incident"],
                salt=bytes.fromhex(data["salt"]),
                categories_by_hash={key: tuple(value) for key, value in data["codes"].items()},
            )
        except FileNotFoundError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as error:
            if isinstance(error, NoticeCodeError):
                raise
            raise NoticeCodeError(f"{path}: not a notice code file ({error})") from None


def read_csv(path: Path, allowed_categories: Sequence[str]) -> List[Tuple[str, Tuple[str, ...]]]:
    """Read ``code,categories`` rows; return ``[(normalised code, categories)]``.

    Raises:
        NoticeCodeError: naming the line of a malformed code, an unknown category or a duplicate.
    """
    rows: List[Tuple[str, Tuple[str, ...]]] = []
    seen = set()
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or {"code", "categories"} - set(reader.fieldnames):
                raise NoticeCodeError(f"{path}: needs a header with columns 'code' and 'categories'")
            for line, row in enumerate(reader, start=2):
                code = normalise(row["code"] or "")
                if code is None:
                    raise NoticeCodeError(f"{path}:{line}: code is not 12 characters of {ALPHABET}")
                if code in seen:
                    raise NoticeCodeError(f"{path}:{line}: code appears twice")
                seen.add(code)
                categories = tuple(c.strip() for c in (row["categories"] or "").split(";") if c.strip())
                wrong = [c for c in categories if c not in allowed_categories]
                if not categories or wrong:
                    raise NoticeCodeError(
                        f"{path}:{line}: categories {wrong or '(none)'} are not among the incident's "
                        f"involved or investigated categories {list(allowed_categories)}"
                    )
                rows.append((code, categories))
    except UnicodeDecodeError:
        raise NoticeCodeError(f"{path}: is not UTF-8 text") from None
    return rows


def write_store(incident: str, rows: Iterable[Tuple[str, Tuple[str, ...]]], out: Path) -> int:
    """Hash ``rows`` with a fresh salt and write the code file atomically; return the code count."""
    salt = secrets.token_bytes(16)
    codes = {code_hash(code, salt): list(categories) for code, categories in rows}
    document = {"format": FORMAT_VERSION, "incident": incident, "scrypt": SCRYPT,
                "salt": salt.hex(), "codes": codes}
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=out.parent, delete=False, encoding="utf-8") as handle:
        json.dump(document, handle, indent=0, sort_keys=True)
    os.replace(handle.name, out)
    return len(codes)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: hash a CSV of notice codes into ``data/notice_codes/<incident>.json``."""
    from actions.config import settings
    from actions.content.loader import ContentError, load_incident

    parser = argparse.ArgumentParser(prog="python -m actions.notice_codes", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incident", required=True, help="incident id, e.g. nordlicht-2026-11")
    parser.add_argument("--csv", required=True, type=Path, help="CSV with columns code,categories")
    parser.add_argument("--incidents-dir", type=Path, default=settings().incidents_dir)
    parser.add_argument("--out", type=Path, help="default: NOTICE_CODES_DIR/<incident>.json")
    args = parser.parse_args(argv)
    try:
        incident = load_incident(args.incidents_dir / f"{args.incident}.yml")
        allowed = [key for key, category in incident.data_categories.items()
                   if category.status is not CategoryStatus.not_involved]
        rows = read_csv(args.csv, allowed)
    except (ContentError, NoticeCodeError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    out = args.out or settings().notice_codes_dir / f"{args.incident}.json"
    count = write_store(args.incident, rows, out)
    print(f"wrote {count} hashed codes to {out}; delete the CSV, it holds the codes in clear text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
