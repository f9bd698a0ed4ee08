"""What a form or the command line hands to a service, with its validation.

Each input's ``validated()`` returns a normalised copy or raises ``ValidationError`` listing
every bad field at once, with Chinese messages keyed by field name, so a form can show each
message next to its field as the user types.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from .eligibility import inconsistencies
from .enums import (
    AgreementForm,
    AidForm,
    AidMatter,
    CaseSource,
    CaseStage,
    Channel,
    ConsultationTopic,
    DisputeType,
    DocumentType,
    HandlingResult,
    HardshipRoute,
    PartyRole,
    Performance,
    ProceduralRole,
    ReferringBodyKind,
    Satisfaction,
    Sex,
    SpecialGroup,
    VisitMethod,
)
from .errors import FieldError, ValidationError
from .identity import document_info, validate_document_number
from .referral import is_referral
from .validators import (
    MAX_AMOUNT_YUAN,
    ErrorCollector,
    check_encodable,
    require_text,
    validate_phone,
)

#: Clock skew tolerated for times entered "now" on a PC whose clock runs slightly ahead.
FUTURE_TOLERANCE = timedelta(minutes=10)
EARLIEST = date(1990, 1, 1)


def _today(today: date | None) -> date:
    return today or date.today()


def _choice(errors: ErrorCollector, enum: type, value: str | None, name: str, label: str,
            *, required: bool = True) -> None:
    if value in (None, ""):
        if required:
            errors.add(name, f"请选择{label}")
        return
    try:
        enum(value)
    except ValueError:
        errors.add(name, f"{label}的取值“{value}”无效")


def _not_future(errors: ErrorCollector, value: date | None, name: str, label: str,
                today: date) -> None:
    if value is None:
        return
    if value > today:
        errors.add(name, f"{label}不能晚于今天")
    elif value < EARLIEST:
        errors.add(name, f"{label}过早，请核对")


def _text(errors: ErrorCollector, value: str | None, name: str, label: str,
          max_len: int = 2000) -> str:
    result = errors.check(require_text, value, name, label, max_len=max_len)
    return result if result is not None else (value or "").strip()


def _optional_len(errors: ErrorCollector, value: str, name: str, label: str,
                  max_len: int) -> str:
    value = (value or "").strip()
    if len(value) > max_len:
        errors.add(name, f"{label}不能超过{max_len}个字")
    errors.check(check_encodable, value, name, label)
    return value


#: Largest amount a record may carry, in fen (10^11 yuan, as ``validate_amount_yuan``).
MAX_AMOUNT_FEN = int(MAX_AMOUNT_YUAN) * 100


def _amount(errors: ErrorCollector, fen: int | None, name: str, label: str) -> None:
    if fen is None:
        return
    if fen < 0:
        errors.add(name, f"{label}不能为负数")
    elif fen > MAX_AMOUNT_FEN:
        errors.add(name, f"{label}过大，请核对")


@dataclass(frozen=True)
class PersonInput:
    """A natural person as recorded at intake (applicant, party, consulting citizen)."""

    name: str
    sex: str | None = None
    birth_date: date | None = None
    ethnicity: str = ""
    id_type: str = DocumentType.RESIDENT_ID.value
    id_number: str | None = None
    phone: str = ""
    address: str = ""
    household_registration: str = ""
    occupation: str = ""
    employer: str = ""
    special_groups: tuple[str, ...] = ()

    def validated(self, today: date | None = None, prefix: str = "") -> PersonInput:
        """Normalised copy; birth date and sex are filled from a resident ID number."""
        day = _today(today)
        errors = ErrorCollector()
        name = _text(errors, self.name, prefix + "name", "姓名", max_len=50)
        sex, birth = self.sex or None, self.birth_date
        _choice(errors, Sex, sex, prefix + "sex", "性别", required=False)
        _choice(errors, DocumentType, self.id_type, prefix + "id_type", "证件类型")
        number = (self.id_number or "").strip() or None
        if number is not None and self.id_type in DocumentType._value2member_map_:
            try:
                number = validate_document_number(self.id_type, number, today=day)
            except ValidationError as exc:
                errors.errors.extend(_prefixed(exc, prefix))
                number = None
            info = document_info(self.id_type, number, today=day) if number else None
            if info is not None:
                # Resident ID cards, HMT residence permits and the 18-digit foreign permanent
                # residence card all carry the birth date and sex.
                if self.id_type == DocumentType.RESIDENT_ID:
                    number = info.number18
                if sex and sex != info.sex:
                    errors.add(prefix + "sex", "性别与证件号码不符")
                if birth and birth != info.birth_date:
                    errors.add(prefix + "birth_date", "出生日期与证件号码不符")
                sex, birth = sex or info.sex, birth or info.birth_date
        if birth is not None and birth > day:
            errors.add(prefix + "birth_date", "出生日期不能晚于今天")
        phone = (self.phone or "").strip()
        if phone:
            phone = errors.check(validate_phone, phone, prefix + "phone") or phone
        for group in self.special_groups:
            _choice(errors, SpecialGroup, group, prefix + "special_groups", "特殊群体")
        address = _optional_len(errors, self.address, prefix + "address", "住址", 200)
        errors.raise_if_any()
        return replace(
            self, name=name, sex=sex, birth_date=birth, id_number=number, phone=phone,
            address=address, ethnicity=self.ethnicity.strip(),
            special_groups=tuple(dict.fromkeys(self.special_groups)),
        )


def _prefixed(error: ValidationError, prefix: str) -> list[FieldError]:
    return [FieldError(prefix + e.field, e.message) for e in error.errors]


def _person(errors: ErrorCollector, person: PersonInput | None, today: date,
            prefix: str) -> PersonInput | None:
    if person is None:
        return None
    try:
        return person.validated(today)
    except ValidationError as exc:
        errors.errors.extend(_prefixed(exc, prefix))
        return None


@dataclass(frozen=True)
class ConsultationInput:
    occurred_at: datetime
    channel: str
    topic: str
    question: str
    handling_result: str
    answer: str = ""
    referred_to: str = ""
    person_id: str | None = None
    person: PersonInput | None = None
    minutes_spent: int | None = None
    satisfaction: str | None = None
    operator_id: str | None = None
    #: The provider of the station's directory the citizen was guided to (referrals only).
    provider_id: str | None = None

    def validated(self, today: date | None = None) -> ConsultationInput:
        day = _today(today)
        errors = ErrorCollector()
        _choice(errors, Channel, self.channel, "channel", "咨询方式")
        _choice(errors, ConsultationTopic, self.topic, "topic", "咨询类别")
        _choice(errors, HandlingResult, self.handling_result, "handling_result", "处理结果")
        _choice(errors, Satisfaction, self.satisfaction, "satisfaction", "满意度", required=False)
        occurred = self.occurred_at
        if occurred.tzinfo is None:
            errors.add("occurred_at", "咨询时间缺少时区")
        elif occurred > datetime.now(UTC) + FUTURE_TOLERANCE:
            errors.add("occurred_at", "咨询时间不能晚于现在")
        elif occurred.date() < EARLIEST:
            errors.add("occurred_at", "咨询时间过早，请核对")
        question = _text(errors, self.question, "question", "咨询内容", 4000)
        answer = _optional_len(errors, self.answer, "answer", "解答意见", 4000)
        referred_to = (self.referred_to or "").strip()
        provider_id = self.provider_id or None
        if provider_id and not is_referral(self.handling_result):
            provider_id = None  # a provider is kept only for results that send the citizen on
        if (self.handling_result == HandlingResult.TO_OTHER_DEPARTMENT and not referred_to
                and not provider_id):
            errors.add("referred_to", "转其他部门时请填写接收部门")
        if self.handling_result == HandlingResult.ANSWERED and not answer:
            errors.add("answer", "当场解答时请填写解答意见")
        if self.minutes_spent is not None and not 0 < self.minutes_spent <= 600:
            errors.add("minutes_spent", "用时应在1至600分钟之间")
        person = _person(errors, self.person, day, "person.")
        errors.raise_if_any()
        return replace(self, question=question, answer=answer, referred_to=referred_to,
                       person=person, provider_id=provider_id)


@dataclass(frozen=True)
class PartyInput:
    """A party to a mediation: a person (new or existing) or an organisation."""

    role: str
    person_id: str | None = None
    person: PersonInput | None = None
    org_name: str = ""
    org_representative: str = ""
    org_address: str = ""

    @property
    def is_organisation(self) -> bool:
        return bool(self.org_name.strip()) and self.person is None and self.person_id is None


@dataclass(frozen=True)
class CaseInput:
    source: str
    dispute_type: str
    facts: str
    parties: tuple[PartyInput, ...]
    registered_on: date
    claims: str = ""
    referring_body: str = ""
    amount_involved_fen: int = 0
    mediator_id: str | None = None
    co_mediators: str = ""
    #: Coded kind of the referring body (``ReferringBodyKind``), asked when the source is
    #: 接受委托移送; empty otherwise.
    referring_body_kind: str = ""
    #: The mediation committee the case belongs to (None: the station's default committee).
    committee_id: str | None = None

    def validated(self, today: date | None = None) -> CaseInput:
        day = _today(today)
        errors = ErrorCollector()
        _choice(errors, CaseSource, self.source, "source", "案件来源")
        _choice(errors, DisputeType, self.dispute_type, "dispute_type", "纠纷类型")
        body_kind = ""
        if self.source == CaseSource.REFERRED:
            if not self.referring_body.strip():
                errors.add("referring_body", "委托移送的案件请填写移送单位")
            body_kind = self.referring_body_kind or ReferringBodyKind.OTHER
            _choice(errors, ReferringBodyKind, body_kind, "referring_body_kind", "移送单位类别")
        facts = _text(errors, self.facts, "facts", "纠纷事实", 8000)
        claims = _optional_len(errors, self.claims, "claims", "申请事项", 4000)
        _not_future(errors, self.registered_on, "registered_on", "登记日期", day)
        _amount(errors, self.amount_involved_fen, "amount_involved_fen", "涉及金额")
        roles = [p.role for p in self.parties]
        if PartyRole.APPLICANT not in roles:
            errors.add("parties", "至少需要一名申请人")
        if PartyRole.RESPONDENT not in roles:
            errors.add("parties", "至少需要一名被申请人")
        parties = []
        for i, party in enumerate(self.parties):
            prefix = f"parties[{i}]."
            _choice(errors, PartyRole, party.role, prefix + "role", "当事人身份")
            if party.person is None and party.person_id is None:
                if not party.org_name.strip():
                    errors.add(prefix + "name", "请填写当事人姓名或单位名称")
                elif not party.org_representative.strip():
                    errors.add(prefix + "org_representative", "单位当事人请填写法定代表人")
                parties.append(party)
            else:
                parties.append(replace(party, person=_person(errors, party.person, day, prefix)))
        ids = [p.person_id for p in self.parties if p.person_id]
        # Compare normalised numbers: " 1303...x" and "1303...X" are the same person.
        numbers = [(p.person.id_type, p.person.id_number) for p in parties
                   if p.person and p.person.id_number]
        if len(set(ids)) != len(ids) or len(set(numbers)) != len(numbers):
            errors.add("parties", "同一人不能重复列为当事人")
        errors.raise_if_any()
        return replace(self, facts=facts, claims=claims, parties=tuple(parties),
                       referring_body=self.referring_body.strip(),
                       referring_body_kind=body_kind)


@dataclass(frozen=True)
class SessionInput:
    held_at: datetime
    place: str
    attendees: str
    record: str
    #: 记录人: who wrote the record (may be the mediator).
    recorder: str = ""

    def validated(self, today: date | None = None) -> SessionInput:
        errors = ErrorCollector()
        if self.held_at.tzinfo is None:
            errors.add("held_at", "调解时间缺少时区")
        elif self.held_at > datetime.now(UTC) + FUTURE_TOLERANCE:
            errors.add("held_at", "调解时间不能晚于现在")
        place = _text(errors, self.place, "place", "调解地点", 200)
        attendees = _text(errors, self.attendees, "attendees", "参加人员", 1000)
        record = _text(errors, self.record, "record", "调解记录", 20000)
        # Blank: the operator recording the session wrote it (the service fills the name).
        recorder = _optional_len(errors, self.recorder, "recorder", "记录人", 50)
        errors.raise_if_any()
        return replace(self, place=place, attendees=attendees, record=record,
                       recorder=recorder)


@dataclass(frozen=True)
class AgreementInput:
    form: str
    terms: str
    effective_on: date
    responsibility: str = ""
    performance_manner: str = ""
    performance_place: str = ""
    performance_deadline: date | None = None
    amount_agreed_fen: int = 0
    copies: int = 3
    judicial_confirmation_applied: bool = False

    def validated(self, today: date | None = None) -> AgreementInput:
        day = _today(today)
        errors = ErrorCollector()
        _choice(errors, AgreementForm, self.form, "form", "协议形式")
        terms = _text(errors, self.terms, "terms", "协议内容", 8000)
        _not_future(errors, self.effective_on, "effective_on", "协议生效日期", day)
        if self.performance_deadline and self.performance_deadline < self.effective_on:
            errors.add("performance_deadline", "履行期限不能早于协议生效日期")
        if self.form == AgreementForm.WRITTEN:
            if not self.performance_manner.strip():
                errors.add("performance_manner", "书面协议请写明履行方式")
            if not 2 <= self.copies <= 20:
                errors.add("copies", "协议份数应为当事人各一份、调解委员会留存一份")
        _amount(errors, self.amount_agreed_fen, "amount_agreed_fen", "协议金额")
        errors.raise_if_any()
        return replace(self, terms=terms, performance_manner=self.performance_manner.strip(),
                       performance_place=self.performance_place.strip(),
                       responsibility=self.responsibility.strip())

    def warnings(self, parties: int | None = None) -> list[str]:
        """What a 司法所 would question but the mediator may confirm (Chinese): the amount field
        disagreeing with the amounts the terms state; a written agreement with fewer copies
        than one per party (``parties``) and one for the committee."""
        from workstation.domain.numerals import amount_disagreement

        found = [amount_disagreement(self.terms, self.amount_agreed_fen)]
        if self.form == AgreementForm.WRITTEN and parties and self.copies < parties + 1:
            found.append(f"协议份数为{self.copies}份，少于当事人各执一份、人民调解委员会留存一份"
                         f"所需的{parties + 1}份。")
        return [x for x in found if x]


@dataclass(frozen=True)
class FollowUpInput:
    visited_on: date
    performance: str
    satisfaction: str | None = None
    notes: str = ""
    #: 回访方式 (电话/上门/来访) and 被回访人: the desk's dialog requires both
    #: (``require_visit_details``); older records and imports may lack them.
    method: str = ""
    visitee: str = ""

    def validated(self, today: date | None = None) -> FollowUpInput:
        errors = ErrorCollector()
        _choice(errors, VisitMethod, self.method, "method", "回访方式", required=False)
        visitee = _optional_len(errors, self.visitee, "visitee", "被回访人", 200)
        _choice(errors, Performance, self.performance, "performance", "履行情况")
        _choice(errors, Satisfaction, self.satisfaction, "satisfaction", "满意度", required=False)
        _not_future(errors, self.visited_on, "visited_on", "回访日期", _today(today))
        notes = _optional_len(errors, self.notes, "notes", "回访情况", 4000)
        errors.raise_if_any()
        return replace(self, notes=notes, visitee=visitee)


def require_visit_details(data: FollowUpInput) -> list[FieldError]:
    """回访方式 and 被回访人 are required for a visit recorded at the desk."""
    errors: list[FieldError] = []
    if not data.method:
        errors.append(FieldError("method", "请选择回访方式"))
    if not data.visitee.strip():
        errors.append(FieldError("visitee", "请填写被回访人"))
    return errors


@dataclass(frozen=True)
class ReferralInput:
    matter: str
    facts: str
    request: str
    hardship_route: str
    applied_on: date
    applicant_id: str | None = None
    applicant: PersonInput | None = None
    agent_name: str = ""
    agent_relation: str = ""
    agent_phone: str = ""
    matter_detail: str = ""
    procedural_role: str = ""
    stage: str = ""
    cause_of_action: str = ""
    household_size: int | None = None
    monthly_income_fen: int | None = None
    property_note: str = ""
    limitation_deadline: date | None = None
    materials_received: tuple[str, ...] = field(default_factory=tuple)
    aid_form: str = ""
    opposing_party: str = ""
    agent_id_type: str = ""
    agent_id_number: str = ""

    @property
    def has_agent(self) -> bool:
        return bool(self.agent_name.strip())

    def validated(self, today: date | None = None) -> ReferralInput:
        day = _today(today)
        errors = ErrorCollector()
        _choice(errors, AidMatter, self.matter, "matter", "申请事项")
        _choice(errors, HardshipRoute, self.hardship_route, "hardship_route", "经济困难认定方式")
        _choice(errors, ProceduralRole, self.procedural_role, "procedural_role", "诉讼地位",
                required=False)
        _choice(errors, CaseStage, self.stage, "stage", "案件阶段", required=False)
        facts = _text(errors, self.facts, "facts", "案情摘要", 8000)
        request = _text(errors, self.request, "request", "申请事项及理由", 4000)
        if self.matter == AidMatter.OTHER and not self.matter_detail.strip():
            errors.add("matter_detail", "申请事项为“其他”时请具体说明")
        _not_future(errors, self.applied_on, "applied_on", "申请日期", day)
        if self.applicant is None and self.applicant_id is None:
            errors.add("applicant", "请填写申请人")
        applicant = _person(errors, self.applicant, day, "applicant.")
        if self.applicant is not None and applicant is not None and not applicant.id_number:
            errors.add("applicant.id_number", "法律援助申请人须填写证件号码")
        agent_phone = self.agent_phone.strip()
        if self.has_agent:
            if not self.agent_relation.strip():
                errors.add("agent_relation", "请填写代理人与申请人的关系")
            if agent_phone:
                agent_phone = errors.check(validate_phone, agent_phone, "agent_phone") or ""
        if self.household_size is not None and not 1 <= self.household_size <= 30:
            errors.add("household_size", "家庭人口应在1至30人之间")
        _amount(errors, self.monthly_income_fen, "monthly_income_fen", "月收入")
        if self.hardship_route == HardshipRoute.COMMITMENT and self.household_size is None:
            errors.add("household_size", "经济困难申请请填写家庭人口")
        _choice(errors, AidForm, self.aid_form, "aid_form", "申请援助形式", required=False)
        opposing = _optional_len(errors, self.opposing_party, "opposing_party", "对方当事人", 200)
        agent_id_type, agent_id_number = _agent_document(errors, self, day)
        for name, message in inconsistencies(self.matter, self.procedural_role, self.stage,
                                             self.aid_form):
            errors.add(name, message)
        errors.raise_if_any()
        return replace(self, facts=facts, request=request, applicant=applicant,
                       agent_phone=agent_phone, opposing_party=opposing,
                       agent_id_type=agent_id_type, agent_id_number=agent_id_number,
                       materials_received=tuple(dict.fromkeys(self.materials_received)))


def _agent_document(errors: ErrorCollector, data: ReferralInput, day: date) -> tuple[str, str]:
    """The agent's document type and number, checked like any identity document."""
    number = (data.agent_id_number or "").strip()
    if not number:
        return "", ""
    if not data.has_agent:
        errors.add("agent_id_number", "未填写代理人姓名，不能填写代理人证件号码")
        return "", ""
    doc_type = data.agent_id_type or DocumentType.RESIDENT_ID.value
    if doc_type not in DocumentType._value2member_map_:
        errors.add("agent_id_type", "请选择代理人证件类型")
        return doc_type, number
    try:
        number = validate_document_number(doc_type, number, today=day)
    except ValidationError as exc:
        errors.errors.extend(FieldError("agent_id_number", "代理人" + e.message)
                             for e in exc.errors)
        return doc_type, number
    if doc_type == DocumentType.RESIDENT_ID:
        info = document_info(doc_type, number, today=day)
        if info is not None:
            number = info.number18
    return doc_type, number
