"""Reading ``rasa train``'s output: which stage it is in, how far (from the epochs' progress bars),
and, when it failed, why, in words a comms person understands (a key the page words, EN and DE)."""
from __future__ import annotations

import re
from typing import Optional, Tuple

# Progress of the whole training (0-100) per stage: (start, end).
STAGE_SPAN = {"exporting": (0, 5), "training_nlu": (5, 70), "training_dialogue": (70, 80), "gate": (80, 100)}
_COMPONENT = re.compile(r"Starting to train component '(?P<name>\w+)'")
_EPOCHS = re.compile(r"Epochs:\s+(?P<percent>\d{1,3})%")
_INVALID = re.compile(r"YamlSyntaxException|YamlValidationException|InvalidDomain|InvalidConfigException|"
                      r"InvalidRule|SchemaValidationError|TrainingDataException|RasaException|"
                      r"is not part of the domain|Validation failed|No training data given|"
                      r"contains no examples|InvalidTrainingData")
_MEMORY = re.compile(r"MemoryError|ResourceExhaustedError|OOM when allocating|Cannot allocate memory|"
                     r"std::bad_alloc|Killed")


class TrainingOutput:
    """Feed it ``rasa train``'s output line by line; :attr:`stage` and :attr:`progress` follow it."""

    def __init__(self) -> None:
        self.stage = "training_nlu"
        self.progress = STAGE_SPAN["training_nlu"][0]
        self.last_error = ""

    def feed(self, line: str) -> bool:
        """Read one line; True when the stage or progress changed."""
        before = (self.stage, self.progress)
        component = _COMPONENT.search(line)
        if component:
            name = component.group("name")
            if name.endswith("Policy"):
                self.stage = "training_dialogue"
                self.progress = max(self.progress, STAGE_SPAN["training_dialogue"][0])
        epochs = _EPOCHS.search(line)
        if epochs:
            start, end = STAGE_SPAN[self.stage]
            self.progress = max(self.progress, start + (end - start) * min(100, int(epochs.group("percent"))) // 100)
        if _INVALID.search(line) or _MEMORY.search(line) or "Error" in line:
            self.last_error = line.strip()[:500]
        return (self.stage, self.progress) != before


def failure_of(returncode: Optional[int], output: str) -> Tuple[str, str]:
    """Why a ``rasa train`` that exited with ``returncode`` failed: ``(key, last technical line)``;
    key one of ``out_of_memory``, ``invalid_data``, ``rasa_crashed``."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    detail = next((line for line in reversed(lines) if _INVALID.search(line) or _MEMORY.search(line)),
                  lines[-1] if lines else "")
    if returncode in (-9, 137) or _MEMORY.search(output):
        return "out_of_memory", detail[:500]
    if _INVALID.search(output):
        return "invalid_data", detail[:500]
    return "rasa_crashed", detail[:500]
