"""Trained models are kept under their fingerprint, the newest few only, never a protected one."""
from __future__ import annotations

import hashlib

from handoff.training import models_dir


def test_models_are_named_by_fingerprint_and_only_the_newest_are_kept(tmp_path):
    folder = tmp_path / "trained"
    folder.mkdir()
    kept = []
    for number in range(6):
        trained = tmp_path / f"model-{number}.tar.gz"
        trained.write_bytes(f"model {number}".encode())
        print_ = models_dir.fingerprint(trained)
        assert print_ == hashlib.sha256(f"model {number}".encode()).hexdigest()
        target = folder / f"2026120{number}T090000-{print_[:16]}.tar.gz"
        trained.rename(target)
        kept.append(target)
    deleted = models_dir.prune(folder, 3, protect=[str(kept[0])])  # the oldest is active: it stays
    assert sorted(deleted) == [kept[1], kept[2]]
    assert models_dir.models(folder) == [kept[5], kept[4], kept[3], kept[0]]


def test_keep_moves_the_trained_model_in_under_its_fingerprint(tmp_path):
    trained = tmp_path / "out" / "model.tar.gz"
    trained.parent.mkdir()
    trained.write_bytes(b"weights")
    print_ = models_dir.fingerprint(trained)
    target = models_dir.keep(trained, print_, tmp_path / "models" / "trained")
    assert not trained.exists() and target.read_bytes() == b"weights"
    assert target.name.endswith(f"-{print_[:16]}.tar.gz") and target.parent == tmp_path / "models" / "trained"
