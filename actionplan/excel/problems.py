"""What an import found wrong with a workbook, said so that a clerk can fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One finding: where (sheet, row, column) and what, in plain words.

    A blocking problem stops the import (nothing is written); a warning is shown in
    the dry run and the import can go ahead.
    """

    sheet: str
    row: int | None
    column: str
    message: str
    blocking: bool = True

    @property
    def where(self) -> str:
        parts = [f"sheet '{self.sheet}'"] if self.sheet else ["the file"]
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook at all (wrong type, damaged, locked, too big)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.problem = Problem("", None, "", message)


class Problems:
    """Collects problems while a workbook is read; knows whether any of them blocks."""

    def __init__(self):
        self.items: list[Problem] = []

    def block(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.items.append(Problem(sheet, row, column, message, blocking=True))

    def warn(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.items.append(Problem(sheet, row, column, message, blocking=False))

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.items if p.blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.blocking]
