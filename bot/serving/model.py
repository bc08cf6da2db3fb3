"""The trained Rasa model: named by a hash of what it is trained from, trained only when missing.

Training is delegated to `rasa train`; this module only decides whether it is needed.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from bot import settings
from bot.settings import PROJECT_ROOT

MODELS_DIR = PROJECT_ROOT / "models"
# Everything that changes the model: training data, configuration, and our NLU code.
TRAINING_INPUTS = ("config.yml", "domain.yml", "data", "bot/nlu", "bot/language.py", "bot/complaints/categories.py",
                   "bot/complaints/category_training.py", "bot/complaints/category_importer.py",
                   "bot/texts.py")


def training_hash(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".yml", ".py"))
        else:
            files = [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    return MODELS_DIR / f"complaint-bot-{training_hash(root)}.tar.gz"


def ensure_model(root: Path = PROJECT_ROOT) -> Path:
    """The model for the current data, trained first if it does not exist yet."""
    path = model_path(root)
    if path.exists():
        print(f"==> model up to date: {path.relative_to(root)}", flush=True)
        return path
    settings.data_dir().mkdir(parents=True, exist_ok=True)
    log = settings.data_dir() / "train.log"
    print(f"==> training the model (about 2 minutes; Rasa's output goes to {log})", flush=True)
    rasa = Path(sys.executable).with_name("rasa")
    with log.open("w", encoding="utf-8") as out:
        trained = subprocess.run([str(rasa), "train", "--fixed-model-name", path.name.removesuffix(".tar.gz"),
                                  "--out", str(MODELS_DIR)], cwd=root, stdout=out, stderr=subprocess.STDOUT)
    if trained.returncode != 0:
        last = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
        raise RuntimeError(f"training failed (exit {trained.returncode}); the end of {log}:\n{last}")
    print("==> model trained", flush=True)
    return path
