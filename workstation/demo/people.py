"""Demo persons and organisations: Chinese names, valid resident ID numbers, addresses, phones.

Everything is drawn from one seeded ``random.Random`` (and a seeded Faker for name and company
vocabulary), so the same seed gives the same persons.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from faker import Faker

from workstation.domain import pinyin
from workstation.domain.identity import make_resident_id

from . import texts

#: Local time of the stations (demo timestamps are China Standard Time).
CST = timezone(timedelta(hours=8))

_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "166", "176", "177", "180", "181", "183", "186", "187", "188",
    "189", "191", "199",
)


def at(day: date, minute: int) -> datetime:
    """An aware local datetime ``minute`` minutes after midnight of ``day``."""
    return datetime.combine(day, time(0, 0), CST) + timedelta(minutes=minute)


class People:
    """Creates person rows (as dicts for Core inserts) and keeps a pool for reuse."""

    def __init__(self, rng: random.Random, fake: Faker, station_id: str, today: date,
                 uid: Callable[[], str], used_ids: set[str]) -> None:
        from faker.providers.person.zh_CN import Provider as NameProvider

        self.rng = rng
        self.fake = fake
        self.station_id = station_id
        self.today = today
        self.uid = uid
        self.used_ids = used_ids
        surnames = NameProvider.last_names
        self.surnames = list(surnames)
        self.surname_weights = list(surnames.values())
        self.compound_surnames = frozenset(s for s in surnames if len(s) > 1)
        self.given_male = list(NameProvider.first_names_male)
        self.given_female = list(NameProvider.first_names_female)
        self.regions = [r[0] for r in texts.REGIONS]
        self.region_weights = [r[2] for r in texts.REGIONS]
        self.region_names = {r[0]: r[1] for r in texts.REGIONS}
        self.ethnicities = [e[0] for e in texts.ETHNICITIES]
        self.ethnicity_weights = [e[1] for e in texts.ETHNICITIES]
        self._keys: dict[str, str] = {}
        #: (id, name, sex) of every person created, for reuse as parties.
        self.pool: list[tuple[str, str, str]] = []
        #: groups of each created person (by id), to suggest the legal-aid route.
        self.groups: dict[str, list[str]] = {}
        self.region_of: dict[str, str] = {}
        self.rows: list[dict[str, Any]] = []
        self.orgs: list[tuple[str, str, str]] = []
        #: Rare-character names and surnames with special readings still to be handed out;
        #: once created, these persons turn up in records again now and then.
        self.special: list[tuple[str, str]] = list(reversed(texts.SPECIAL_NAMES))
        self.favourites: list[tuple[str, str, str]] = []

    # -- names --------------------------------------------------------------------------------

    def name(self, sex: str) -> str:
        rng = self.rng
        surname = rng.choices(self.surnames, self.surname_weights)[0]
        chars = texts.GIVEN_CHARS_MALE if sex == "male" else texts.GIVEN_CHARS_FEMALE
        bank = self.given_male if sex == "male" else self.given_female
        roll = rng.random()
        if roll < 0.35:
            given = rng.choice(bank)
        elif roll < 0.7:
            first = rng.choice(bank)
            given = first if len(first) > 1 else first + rng.choice(chars)
        else:
            given = rng.choice(chars) + rng.choice(chars)
        return surname + given

    def keys(self, name: str) -> str:
        value = self._keys.get(name)
        if value is None:
            value = self._keys[name] = pinyin.search_text(name)
        return value

    def phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.08:
            return f"0335-{rng.randrange(3000000, 8999999)}"
        return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(100000000):08d}"

    def address(self, region: str) -> str:
        rng = self.rng
        if region == "130302":
            if rng.random() < 0.7:
                return (f"河北省秦皇岛市海港区{texts.TOWN}{rng.choice(texts.VILLAGES)}"
                        f"{rng.randrange(1, 300)}号")
            return (f"河北省秦皇岛市海港区{rng.choice(texts.ROADS)}{rng.randrange(1, 500)}号"
                    f"{rng.randrange(1, 30)}栋{rng.randrange(1, 6)}单元"
                    f"{rng.randrange(1, 18)}0{rng.randrange(1, 4)}室")
        base = self.region_names[region]
        village = rng.choice("东西南北前后大小") + rng.choice("庄营屯寨店")
        return f"{base}{village}村{rng.randrange(1, 200)}号"

    # -- persons ------------------------------------------------------------------------------

    def new(self, day: date, *, name: str | None = None, sex: str | None = None,
            min_age: int = 20, max_age: int = 80, groups: tuple[str, ...] = (),
            occupation: str = "") -> str:
        """Create a person first met on ``day``; returns the id."""
        rng = self.rng
        sex = sex or ("male" if rng.random() < 0.55 else "female")
        name = name or self.name(sex)
        age = rng.randint(min_age, max_age)
        birth = date(self.today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        region = rng.choices(self.regions, self.region_weights)[0]
        for _ in range(50):
            number = make_resident_id(region, birth, rng.randrange(500), sex)
            if number not in self.used_ids:
                break
            birth += timedelta(days=1)
        else:  # pragma: no cover - 50 collisions in a row cannot happen at demo sizes
            raise RuntimeError("no free resident ID number")
        self.used_ids.add(number)
        special = list(groups)
        if age >= 60 and rng.random() < 0.5:
            special.append("elderly")
        roll = rng.random()
        if roll < 0.03:
            special.append("disabled")
        elif roll < 0.07:
            special.append("social_assistance")
        elif roll < 0.08:
            special.append("veteran")
        elif roll < 0.085:
            special.append("special_care")
        occupation = occupation or rng.choice(texts.OCCUPATIONS)
        if age >= 62:
            occupation = rng.choice(("退休", "务农", "无业"))
        elif occupation == "学生" and age > 24:
            occupation = "务农"
        elif occupation == "退休" and age < 50:
            occupation = "灵活就业"
        if occupation == "建筑工人" and sex == "male" and rng.random() < 0.7:
            special.append("migrant_worker")
        if sex == "female" and rng.random() < 0.05:
            special.append("women")
        special = list(dict.fromkeys(special))
        pid = self.uid()
        created = at(day, rng.randrange(8 * 60, 17 * 60))
        employer = ""
        if occupation in ("企业职工", "保洁员", "厨师", "建筑工人") and rng.random() < 0.6:
            employer = self.org()[0]
        self.rows.append({
            "id": pid, "station_id": self.station_id, "created_at": created,
            "updated_at": created, "version": 1, "name": name, "name_keys": self.keys(name),
            "sex": sex, "birth_date": birth,
            "ethnicity": rng.choices(self.ethnicities, self.ethnicity_weights)[0],
            "id_type": "resident_id", "id_number": number, "phone": self.phone(),
            "address": self.address(region),
            "household_registration": self.region_names[region], "occupation": occupation,
            "employer": employer, "special_groups": special,
        })
        self.pool.append((pid, name, sex))
        self.groups[pid] = special
        self.region_of[pid] = region
        return pid

    def pick(self, day: date, reuse: float, **kwargs: Any) -> tuple[str, str, str]:
        """A person for a record on ``day``: an existing one with probability ``reuse``."""
        rng = self.rng
        if self.favourites and rng.random() < 0.004:
            return rng.choice(self.favourites)
        if self.pool and rng.random() < reuse:
            return rng.choice(self.pool)
        if self.special and rng.random() < 0.3:
            name, sex = self.special[-1]
            if kwargs.get("sex") in (None, sex):
                self.special.pop()
                self.new(day, **{**kwargs, "name": name, "sex": sex})
                self.favourites.append(self.pool[-1])
                return self.pool[-1]
        self.new(day, **kwargs)
        return self.pool[-1]

    # -- organisations ------------------------------------------------------------------------

    def org(self) -> tuple[str, str, str]:
        """(name, legal representative, address) of a company; a small pool is reused."""
        rng = self.rng
        if len(self.orgs) < 40 or rng.random() < 0.1:
            if rng.random() < 0.7:
                name = f"秦皇岛{rng.choice(texts.ORG_WORDS)}{rng.choice(texts.ORG_KINDS)}"
            else:
                name = f"秦皇岛{self.fake.company_prefix()}{rng.choice(texts.ORG_KINDS)}"
            rep = self.name("male" if rng.random() < 0.8 else "female")
            address = f"河北省秦皇岛市海港区{rng.choice(texts.ROADS)}{rng.randrange(1, 800)}号"
            entry = (name, rep, address)
            if entry[0] not in {o[0] for o in self.orgs}:
                self.orgs.append(entry)
                return entry
        return rng.choice(self.orgs)
