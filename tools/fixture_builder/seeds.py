"""Locate and read the seed documents by their content (not their file names)."""

from pathlib import Path

from .errors import FixtureBuildError

# role -> a phrase that identifies the seed document
SIGNATURES = {
    "plan": "Index to initials used in the detailed Action Plan",
    "cabinet": "PROGRESS ON IMPROVEMENT FOLLOWING THE JOINT AREA REVIEW",
    "exceptions": "exceptions report to the Leader and Chief Executive",
}


def load_seeds(seed_dir: Path) -> dict[str, list[str]]:
    """Return {role: lines} for every role in SIGNATURES (plus 'all': every seed)."""
    seed_dir = Path(seed_dir)
    if not seed_dir.is_dir():
        raise FixtureBuildError(f"seed directory not found: {seed_dir}")
    files = sorted(p for p in seed_dir.glob("*.txt") if p.is_file())
    if not files:
        raise FixtureBuildError(f"no seed .txt files in {seed_dir}")
    texts = {}
    for path in files:
        try:
            texts[path.name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FixtureBuildError(f"cannot read seed {path.name}: {exc}") from exc
    found: dict[str, list[str]] = {}
    for role, phrase in SIGNATURES.items():
        matches = [name for name, text in texts.items() if phrase in text]
        if not matches:
            raise FixtureBuildError(
                f"seed for '{role}' not found in {seed_dir} (no file contains {phrase!r})"
            )
        found[role] = texts[matches[0]].split("\n")
    found["all"] = "\n".join(texts[name] for name in sorted(texts)).split("\n")
    return found
