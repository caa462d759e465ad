"""What a date phrase said (a `Phrase`), and pinning it to one local moment.

The reader (bot/datereader.py) decides what each word means; this module decides which
moment that is, nearest to now on the side the command wants (a plan looks ahead, a log
looks back), so the two concerns can be tested and changed apart.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal

from bot.datewords import MONTH_NAMES, WEEKDAY_NAMES
from bot.errors import UsageError

Prefer = Literal["past", "future"]
#: A day named without a time ("next Tuesday", "3 February") means the start of a working
#: day: a check-in then arrives at nine, not at midnight held back by quiet hours.
DAY_START = time(9, 0)


class DateTextError(UsageError):
    """The phrase could not be read; `problem` says which part and why."""


@dataclass
class Offset:
    months: int = 0
    days: int = 0
    seconds: int = 0

    def scaled(self, sign: int) -> Offset:
        return Offset(self.months * sign, self.days * sign, self.seconds * sign)


@dataclass
class Phrase:
    """What the words said, before it is pinned to a moment."""

    rel_days: int | None = None
    weekday: int | None = None
    weekday_mode: int | None = None  # None bare, 1 next, -1 last, 0 this
    week_shift: int | None = None  # "Tuesday next week"
    calendar: tuple[int | None, int, int] | None = None  # (year, month, day)
    day_of_month: int | None = None
    offset: Offset | None = None
    clock: time | None = None
    soft_clock: time | None = None  # "morning", "tonight": an explicit time wins
    now: bool = False
    day_words: list[str] = field(default_factory=list)


def fail(text: str, reason: str) -> DateTextError:
    return DateTextError(f"I couldn't read `{text[:80]}` as a date or time: {reason}")


def resolve(phrase: Phrase, now: datetime, prefer: Prefer) -> datetime:
    """Pin a phrase to one naive local moment, relative to naive local `now`."""
    if phrase.now:
        return now
    return _Pin(phrase, now, prefer).moment()


class _Pin:
    """Choosing the moment: the nearest one on the side `prefer` asks for."""

    def __init__(self, phrase: Phrase, now: datetime, prefer: Prefer) -> None:
        self.phrase = phrase
        self.now = now
        self.today = now.date()
        self.step = 1 if prefer == "future" else -1
        self.clock = phrase.clock or phrase.soft_clock

    def fits(self, moment: datetime) -> bool:
        return moment > self.now if self.step == 1 else moment <= self.now

    def at(self, day: date, *, keep_time: bool = False) -> datetime:
        chosen = self.clock or (self.now.time() if keep_time else DAY_START)
        return datetime.combine(day, chosen)

    def moment(self) -> datetime:
        phrase = self.phrase
        if phrase.offset is not None:
            offset = phrase.offset
            moved = _add_months(self.now, offset.months) + timedelta(
                days=offset.days, seconds=offset.seconds
            )
            return self.at(moved.date()) if self.clock else moved
        if phrase.rel_days is not None:
            return self.at(self.today + timedelta(days=phrase.rel_days), keep_time=True)
        if phrase.calendar is not None:
            return self.calendar_moment(*phrase.calendar)
        if phrase.weekday is not None:
            return self.weekday_moment(phrase.weekday)
        if phrase.day_of_month is not None:
            return self.day_of_month_moment(phrase.day_of_month)
        candidates = (self.today, self.today + timedelta(days=self.step))
        return next(self.at(d) for d in candidates if self.fits(self.at(d)))

    def calendar_moment(self, year: int | None, month: int, day: int) -> datetime:
        if year is not None:
            result = self.at(date(year, month, day))
        else:
            result = self.nearest_in_years(month, day)
        wanted = self.phrase.weekday
        if wanted is not None and result.weekday() != wanted:
            raise DateTextError(
                f"{_spell_day(result.date())} is a {WEEKDAY_NAMES[result.weekday()]}, "
                f"not a {WEEKDAY_NAMES[wanted]}.",
                hint="Check the date, or leave the day's name out.",
            )
        return result

    def nearest_in_years(self, month: int, day: int) -> datetime:
        for shift in range(0, 9):  # 29 February may be up to eight years away
            year = self.today.year + self.step * shift
            if day <= calendar.monthrange(year, month)[1]:
                moment = self.at(date(year, month, day))
                if self.fits(moment):
                    return moment
        raise DateTextError(f"{MONTH_NAMES[month - 1]} {day} isn't in any year near now.")

    def weekday_moment(self, target: int) -> datetime:
        phrase, today = self.phrase, self.today
        if phrase.week_shift is not None:
            monday = today - timedelta(days=today.weekday(), weeks=-phrase.week_shift)
            return self.at(monday + timedelta(days=target))
        if phrase.weekday_mode is not None:  # next / last / this
            mode = phrase.weekday_mode
            return self.at(_step_to(today, target, mode or 1, include_today=mode == 0))
        first = _step_to(today, target, self.step, include_today=True)
        moment = self.at(first)
        return moment if self.fits(moment) else self.at(first + timedelta(days=7 * self.step))

    def day_of_month_moment(self, day: int) -> datetime:
        year, month = self.today.year, self.today.month
        for _ in range(0, 14):
            if day <= calendar.monthrange(year, month)[1]:
                moment = self.at(date(year, month, day))
                if self.fits(moment):
                    return moment
            year, month = divmod(year * 12 + month - 1 + self.step, 12)
            month += 1
        raise DateTextError(f"No month near now has a day {day}.")  # pragma: no cover


def _step_to(start: date, weekday: int, step: int, *, include_today: bool) -> date:
    day = start if include_today else start + timedelta(days=step)
    while day.weekday() != weekday:
        day += timedelta(days=step)
    return day


def _add_months(moment: datetime, months: int) -> datetime:
    if not months:
        return moment
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _spell_day(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
