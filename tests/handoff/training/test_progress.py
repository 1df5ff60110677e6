"""Reading ``rasa train``'s output: the stage and progress the page shows and the plain reason of a
failure, on output Rasa 3.6 really printed (``data/rasa_train_output.txt``: the component and epoch
lines of a training of this repo on 2026-12-02; ``data/rasa_train_bad_yaml.txt``: a config that is
not YAML)."""
from __future__ import annotations

from pathlib import Path

from handoff.training.progress import TrainingOutput, failure_of

DATA = Path(__file__).parent / "data"


def test_progress_follows_the_epochs_and_then_the_dialogue():
    output = TrainingOutput()
    seen = []
    for line in (DATA / "rasa_train_output.txt").read_text(encoding="utf-8").splitlines():
        output.feed(line)
        seen.append((output.stage, output.progress))
    nlu = [progress for stage, progress in seen if stage == "training_nlu"]
    assert nlu[0] == 5 and nlu == sorted(nlu) and len(set(nlu)) > 10 and nlu[-1] == 70
    assert seen[-1] == ("training_dialogue", 70)


def test_failures_are_named_in_words_a_person_can_act_on():
    bad_yaml = (DATA / "rasa_train_bad_yaml.txt").read_text(encoding="utf-8")
    key, detail = failure_of(1, bad_yaml)
    assert key == "invalid_data" and detail.startswith("YamlSyntaxException: Failed to read YAML")
    assert failure_of(-9, "Epochs:  40%|")[0] == "out_of_memory"  # the kernel's OOM killer sends SIGKILL
    assert failure_of(1, "MemoryError: Unable to allocate 3.2 GiB")[0] == "out_of_memory"
    assert failure_of(1, "Traceback (most recent call last):\nZeroDivisionError: division by zero") == (
        "rasa_crashed", "ZeroDivisionError: division by zero")
