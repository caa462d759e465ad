"""The date reader: a phrase such as "next Tuesday 10am" → one moment in local time.

Why a grammar of our own rather than a general-purpose date library: people act on what
the bot understood, so every word must either mean something or stop the command. A
general library reads "tomorrow 25:00" as tomorrow at the current time and "02/03" in one
fixed order; here each token is consumed by a rule or refused with a reason, numeric
dates follow the person's date order, and a misspelt word gets the word it was likely
meant to be.

The reader works on naive local datetimes; bot/timeparse.py adds the zone and the range
checks, and is what commands call.
"""

from __future__ import annotations

import calendar
from datetime import time
from typing import Literal

from bot.datephrase import DateTextError, Offset, Phrase, Prefer, fail, resolve
from bot.datewords import (
    CLOCK_WORDS,
    COUNT_WORDS,
    DAY_WORDS,
    MODIFIERS,
    MONTH_NAMES,
    MONTHS,
    PARTS_OF_DAY,
    TONIGHT,
    UNITS,
    WEEKDAYS,
    Token,
    match_case,
    suggest,
    tokenize,
    unknown_words,
)

__all__ = ["DateOrder", "DateTextError", "Prefer", "read_phrase", "resolve"]

DateOrder = Literal["dmy", "mdy"]
MAX_AMOUNT = 10_000


class _Reader:
    def __init__(self, text: str, tokens: list[Token], order: DateOrder) -> None:
        self.text = text
        self.tokens = tokens
        self.order = order
        self.i = 0
        self.phrase = Phrase()

    # -- cursor helpers -------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token | None:
        at = self.i + ahead
        return self.tokens[at] if at < len(self.tokens) else None

    def word(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.word if token is not None and token.kind == "word" else ""

    def fail(self, reason: str) -> DateTextError:
        return fail(self.text, reason)

    # -- slots ------------------------------------------------------------------------
    def set_day(self, label: str) -> None:
        if self.phrase.day_words:
            first = self.phrase.day_words[0]
            raise self.fail(f"it names two days (“{first}” and “{label}”); give one.")
        self.phrase.day_words.append(label)

    def set_clock(self, moment: time, raw: str) -> None:
        if self.phrase.clock is not None:
            raise self.fail(f"it gives two times of day (the second is “{raw}”); give one.")
        self.phrase.clock = moment

    # -- the grammar ------------------------------------------------------------------
    def read(self) -> Phrase:
        while self.i < len(self.tokens):
            self.step()
        offset = self.phrase.offset
        if offset is not None and offset.seconds and (self.phrase.clock or self.phrase.soft_clock):
            raise self.fail("an amount in hours or minutes can't also have a time of day.")
        return self.phrase

    def step(self) -> None:
        token = self.tokens[self.i]
        w = self.word()
        if token.kind == "iso":
            self.iso(token)
        elif token.kind == "numdate":
            self.numeric_date(token)
        elif token.kind == "clock":
            self.i += 1
            self.set_clock(_clock(self.text, token), token.raw)
        elif token.kind in ("ordinal", "number") or w in COUNT_WORDS:
            self.number_led(token)
        elif w in ("at", "on", "the"):
            self.joiner(w)
        elif w == "now":
            self.i += 1
            self.set_day("now")
            self.phrase.now = True
        elif w in DAY_WORDS:
            self.i += 1
            self.set_day(token.raw)
            self.phrase.rel_days = DAY_WORDS[w]
        elif w == "tonight":
            self.i += 1
            self.set_day(token.raw)
            self.phrase.rel_days = 0
            self.phrase.soft_clock = time(*TONIGHT)
        elif w == "day" and self.word(1) in ("after", "before"):
            self.day_after_before()
        elif w in MODIFIERS:
            self.modified()
        elif w in WEEKDAYS:
            self.weekday(token)
        elif w in MONTHS:
            self.month_first(token)
        elif w in CLOCK_WORDS:
            self.i += 1
            self.set_clock(time(*CLOCK_WORDS[w]), token.raw)
        elif w in PARTS_OF_DAY:
            self.i += 1
            self.part_of_day(token)
        elif w == "in":
            self.in_phrase()
        else:
            raise self.fail(f"“{token.raw}” doesn't fit there.")

    def joiner(self, w: str) -> None:
        nxt = self.peek(1)
        self.i += 1
        if nxt is None:
            raise self.fail(f"“{w}” needs something after it.")
        if w == "at" and not (
            nxt.kind in ("clock", "number") or self.word() in {*CLOCK_WORDS, "night"}
        ):
            raise self.fail(f"“at” should be followed by a time, e.g. “at 3pm”, not “{nxt.raw}”.")
        if w == "at" and self.word() == "night":
            self.i += 1
            self.part_of_day(nxt)
        if w == "on" and not (
            nxt.kind in ("iso", "numdate", "ordinal", "number")
            or self.word() in {*WEEKDAYS, *MONTHS, "the"}
        ):
            raise self.fail(
                f"“on” should be followed by a day, e.g. “on Tuesday”, not “{nxt.raw}”."
            )
        if w == "the" and not (nxt.kind in ("ordinal", "number") or self.word() == "day"):
            raise self.fail("“the” should be followed by a day of the month, e.g. “the 3rd”.")

    def day_after_before(self) -> None:
        direction, target = self.word(1), self.word(2)
        if (direction, target) not in (("after", "tomorrow"), ("before", "yesterday")):
            raise self.fail("say “the day after tomorrow” or “the day before yesterday”.")
        self.set_day(f"day {direction} {target}")
        self.phrase.rel_days = 2 if direction == "after" else -2
        self.i += 3

    def modified(self) -> None:
        mode, target = self.word(), self.word(1)
        label = f"{mode} {target}".strip()
        sign = MODIFIERS[mode]
        if target in WEEKDAYS:
            self.set_day(label)
            self.phrase.weekday = WEEKDAYS[target]
            self.phrase.weekday_mode = sign
            self.i += 2
        elif target in ("week", "month", "year") and sign != 0:
            self.set_day(label)
            unit, size = UNITS[target]
            self.phrase.offset = _offset(unit, size * sign)
            self.i += 2
        elif target in PARTS_OF_DAY and (mode == "this" or (mode == "last" and target == "night")):
            self.set_day(label)
            self.phrase.rel_days = 0 if mode == "this" else -1
            self.phrase.soft_clock = time(*PARTS_OF_DAY[target])
            self.i += 2
        else:
            raise self.fail(
                f"“{mode}” needs a day after it, e.g. “{mode} Tuesday”"
                + (f" or “{mode} week”." if sign else ".")
            )

    def weekday(self, token: Token) -> None:
        self.i += 1
        index = WEEKDAYS[token.word]
        mode, unit = self.word(), self.word(1)
        if mode in MODIFIERS and unit == "week":  # "Tuesday next week"
            self.phrase.week_shift = MODIFIERS[mode]
            self.i += 2
        if self.phrase.weekday is not None:
            raise self.fail(f"it names two days of the week (the second is “{token.raw}”).")
        self.phrase.weekday = index
        nxt = self.peek()
        names_date = nxt is not None and (
            nxt.kind in ("iso", "numdate", "ordinal", "number")
            or self.word() in {*MONTHS, "the"}
            or (self.word() == "on" and self.word(1) in {*MONTHS, "the"})
        )
        if self.phrase.calendar is None and not names_date:
            self.set_day(token.raw)

    def month_first(self, token: Token) -> None:
        month = MONTHS[token.word]
        self.i += 1
        day_token = self.peek()
        if day_token is None or day_token.kind not in ("ordinal", "number"):
            raise self.fail(
                f"“{token.raw}” needs a day too, e.g. “3 {MONTH_NAMES[month - 1]}” "
                f"or “{MONTH_NAMES[month - 1]} 3”."
            )
        self.i += 1
        self.calendar_date(None, month, day_token.numbers[0], token.raw)

    def number_led(self, token: Token) -> None:
        amount = COUNT_WORDS.get(token.word, token.numbers[0] if token.numbers else 0)
        nxt_word = self.word(1)
        if nxt_word == "of" and self.word(2) in MONTHS:  # "3rd of May"
            self.i += 3
            self.calendar_date(None, MONTHS[self.tokens[self.i - 1].word], amount, token.raw)
        elif nxt_word in MONTHS and token.kind != "word":
            self.i += 2
            self.calendar_date(None, MONTHS[nxt_word], amount, token.raw)
        elif nxt_word in UNITS:
            self.amount_phrase(sign=None)
        elif token.kind == "ordinal":
            self.i += 1
            self.set_day(token.raw)
            _check_day_number(self, amount)
            self.phrase.day_of_month = amount
        elif token.kind == "number" and amount <= 24:
            raise self.fail(
                f"“{token.raw}” on its own could be {amount}am or {amount}pm; "
                f"say which, e.g. “{amount}pm” or “{amount}:00”."
            )
        else:
            raise self.fail(f"“{token.raw}” doesn't fit there.")

    def in_phrase(self) -> None:
        if self.word(1) == "the" and self.word(2) in PARTS_OF_DAY:  # "in the morning"
            self.i += 3
            self.part_of_day(self.tokens[self.i - 1])
            return
        self.i += 1
        self.amount_phrase(sign=1)

    def amount_phrase(self, sign: int | None) -> None:
        """Read "2 weeks", "1 hour and 30 minutes"; `sign` is set by "in", else "ago" decides."""
        total = Offset()
        start = self.i
        while True:
            token = self.peek()
            if token is None or not (token.kind == "number" or self.word() in COUNT_WORDS):
                break
            unit_word = self.word(1)
            if unit_word not in UNITS:
                break
            amount = COUNT_WORDS.get(token.word, token.numbers[0] if token.numbers else 0)
            if amount > MAX_AMOUNT:
                raise self.fail(f"“{token.raw} {unit_word}” is further than I can count.")
            unit, size = UNITS[unit_word]
            piece = _offset(unit, amount * size)
            total = Offset(
                total.months + piece.months, total.days + piece.days, total.seconds + piece.seconds
            )
            self.i += 2
            if self.word() == "and" and self.word(2) in UNITS:
                self.i += 1
        if self.i == start:
            shown = self.peek()
            raise self.fail(
                "“in” should be followed by an amount, e.g. “in 2 weeks”"
                + (f", not “{shown.raw}”." if shown else ".")
            )
        if sign is None:
            if self.word() == "ago":
                sign, self.i = -1, self.i + 1
            elif self.word() == "from" and self.word(1) == "now":
                sign, self.i = 1, self.i + 2
            else:
                raise self.fail("say “in 2 days” for ahead or “2 days ago” for past.")
        if self.phrase.offset is not None:
            raise self.fail("it gives two amounts of time; give one.")
        self.set_day(" ".join(t.raw for t in self.tokens[start : self.i]))
        self.phrase.offset = total.scaled(sign)

    def part_of_day(self, token: Token) -> None:
        if self.phrase.soft_clock is not None:
            raise self.fail(f"it names two parts of the day (the second is “{token.raw}”).")
        self.phrase.soft_clock = time(*PARTS_OF_DAY[token.word])

    def iso(self, token: Token) -> None:
        self.i += 1
        year, month, day, *clock = token.numbers
        self.calendar_date(year, month, day, token.raw, explicit_year=True)
        if clock:
            hour, minute = clock
            self.set_clock(_checked_time(self.text, hour, minute, 0, token.raw), token.raw)

    def numeric_date(self, token: Token) -> None:
        self.i += 1
        first, second, *rest = token.numbers
        day, month = (first, second) if self.order == "dmy" else (second, first)
        if month > 12 >= day and day >= 1:  # only one reading is a date: "25/12" anywhere
            day, month = month, day
        year = None
        if rest:
            year = rest[0] + 2000 if rest[0] < 100 else rest[0]
        self.calendar_date(year, month, day, token.raw, explicit_year=year is not None)

    def calendar_date(
        self, year: int | None, month: int, day: int, raw: str, *, explicit_year: bool = False
    ) -> None:
        if not explicit_year:
            nxt = self.peek()
            if nxt is not None and nxt.kind == "number" and len(nxt.raw) == 4:
                year = nxt.numbers[0]
                self.i += 1
        if self.phrase.calendar is not None or self.phrase.day_words:
            label = self.phrase.day_words[0] if self.phrase.day_words else "a date"
            raise self.fail(f"it names two days (“{label}” and “{raw}”); give one.")
        if not 1 <= month <= 12:
            raise self.fail(f"“{raw}” has no month {month}; months run from 1 to 12.")
        _check_day_number(self, day)
        if day > calendar.monthrange(year or 2024, month)[1]:
            raise self.fail(f"{MONTH_NAMES[month - 1]} has no day {day}.")
        self.phrase.day_words.append(raw)
        self.phrase.calendar = (year, month, day)


def _check_day_number(reader: _Reader, day: int) -> None:
    if not 1 <= day <= 31:
        raise reader.fail(f"{day} isn't a day of the month; days run from 1 to 31.")


def _offset(unit: str, amount: int) -> Offset:
    if unit == "months":
        return Offset(months=amount)
    if unit == "days":
        return Offset(days=amount)
    return Offset(seconds=amount)


def _clock(text: str, token: Token) -> time:
    if token.pm is None:
        hour, minute, second = token.numbers
        return _checked_time(text, hour, minute, second, token.raw)
    hour, minute = token.numbers
    if not 1 <= hour <= 12:
        raise fail(
            text,
            f"“{token.raw}” isn't a time; with am or pm the hour runs from 1 to 12 "
            f"(or write it as {hour}:{minute:02d} on a 24-hour clock).",
        )
    hour = hour % 12 + (12 if token.pm else 0)
    return _checked_time(text, hour, minute, 0, token.raw)


def _checked_time(text: str, hour: int, minute: int, second: int, raw: str) -> time:
    if hour > 23 or minute > 59 or second > 59:
        raise fail(
            text,
            f"“{raw}” isn't a time of day; hours run from 0 to 23 and minutes from 0 to 59.",
        )
    return time(hour, minute, second)


def _refuse_unknown(text: str, tokens: list[Token]) -> None:
    """Unknown words stop the reading; if each looks like a misspelling, offer the fix."""
    unknown = unknown_words(tokens)
    others = [t for t in tokens if t.kind == "other"]
    if others:
        raise fail(text, f"I don't know what “{others[0].raw}” means in a date.")
    if not unknown:
        return
    fixes = tuple((t.raw, match_case(t.raw, s)) for t in unknown if (s := suggest(t.word)))
    if len(fixes) == len(unknown):
        corrected = text
        for wrong, right in fixes:
            corrected = corrected.replace(wrong, right, 1)
        raise DateTextError(
            f"I couldn't read `{text[:80]}`: I don't know the word “{unknown[0].raw}”.",
            hint=f"Did you mean “{corrected[:80]}”?",
            fixes=fixes,
        )
    first = next(t for t in unknown if not suggest(t.word))
    raise fail(text, f"“{first.raw}” isn't a word I know in dates.")


def read_phrase(text: str, order: DateOrder) -> Phrase:
    """Every token of `text` accounted for, or a DateTextError saying which one isn't."""
    tokens = tokenize(text)
    _refuse_unknown(text, tokens)
    if not tokens:
        raise fail(text, "there's nothing in it.")
    return _Reader(text, tokens, order).read()
