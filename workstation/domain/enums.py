"""Coded values of the domain, each with the Chinese label users see and print.

Values are stable English codes (stored in the database and in sync bundles); labels are
Simplified Chinese. The lists follow ../shared/DOMAIN.md (MoJ statistics vocabulary).
"""

from __future__ import annotations

from enum import StrEnum


class LabeledEnum(StrEnum):
    """A string enum whose members carry a Chinese label."""

    label: str

    def __new__(cls, value: str, label: str) -> LabeledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, label) pairs in declaration order, for pickers."""
        return [(m.value, m.label) for m in cls]

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """Label of a stored code; an unknown or empty code shows as itself."""
        if not value:
            return ""
        try:
            return cls(value).label
        except ValueError:
            return value


class Sex(LabeledEnum):
    MALE = "male", "男"
    FEMALE = "female", "女"


class DocumentType(LabeledEnum):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HMT_PERMIT = "hmt_permit", "港澳台居民居住证/通行证"
    FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"
    OTHER = "other", "其他证件"


class SpecialGroup(LabeledEnum):
    ELDERLY = "elderly", "老年人"
    DISABLED = "disabled", "残疾人"
    MINOR = "minor", "未成年人"
    WOMEN = "women", "妇女"
    MIGRANT_WORKER = "migrant_worker", "农民工"
    VETERAN = "veteran", "退役军人"
    SOCIAL_ASSISTANCE = "social_assistance", "低保/特困供养人员"
    SPECIAL_CARE = "special_care", "优抚对象"
    DOMESTIC_VIOLENCE_VICTIM = "dv_victim", "家庭暴力受害人"
    HERO_RELATIVE = "hero_relative", "英雄烈士近亲属"
    BRAVE_ACT = "brave_act", "见义勇为人员"
    JUDICIAL_ASSISTANCE = "judicial_assistance", "司法救助对象"


class OperatorRole(LabeledEnum):
    MEDIATOR = "mediator", "调解员"
    ADMIN = "admin", "站点管理员"


class CountyRole(LabeledEnum):
    """A county operator's role (``county.access`` says what each may do)."""

    ADMIN = "admin", "县级中心管理员"
    CLERK = "clerk", "业务办理员"
    STATISTICS = "statistics", "统计查询（只读）"


class Channel(LabeledEnum):
    WALK_IN = "walk_in", "来访"
    PHONE = "phone", "来电"
    ONLINE = "online", "网络"
    VISIT = "visit", "走访"
    #: The two 12348 channels (公共法律服务热线 and 网络平台): a matter the 12348 platform
    #: dispatched to the station (``domain.work_orders``) or a citizen who came through it.
    HOTLINE_12348 = "hotline_12348", "12348热线"
    PLATFORM_12348 = "platform_12348", "12348网络平台"


class ConsultationTopic(LabeledEnum):
    MARRIAGE_FAMILY = "marriage_family", "婚姻家庭"
    INHERITANCE = "inheritance", "继承"
    NEIGHBOUR = "neighbour", "邻里纠纷"
    LAND_HOUSING = "land_housing", "土地房屋"
    CONTRACT_DEBT = "contract_debt", "合同债务"
    LABOUR = "labour", "劳动用工"
    WAGES = "wages", "劳动报酬"
    INJURY = "injury", "人身损害"
    TRAFFIC = "traffic", "交通事故"
    CONSUMER = "consumer", "消费维权"
    SOCIAL_SECURITY = "social_security", "社会保障"
    ADMINISTRATIVE = "administrative", "行政事务"
    CRIMINAL = "criminal", "刑事"
    OTHER = "other", "其他"


class HandlingResult(LabeledEnum):
    ANSWERED = "answered", "当场解答"
    TO_MEDIATION = "to_mediation", "转人民调解"
    TO_LEGAL_AID = "to_legal_aid", "转法律援助"
    TO_LAWYER = "to_lawyer", "引导至律师"
    TO_NOTARY = "to_notary", "引导至公证"
    TO_APPRAISAL = "to_appraisal", "引导至司法鉴定"
    TO_COURT = "to_court", "引导至法院"
    TO_OTHER_DEPARTMENT = "to_department", "转其他部门"


class Satisfaction(LabeledEnum):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class CaseSource(LabeledEnum):
    APPLICATION = "application", "申请调解"
    OWN_INITIATIVE = "own_initiative", "主动调解"
    REFERRED = "referred", "接受委托移送调解"


class ReferringBodyKind(LabeledEnum):
    """Kind of body that referred a case (诉调、警调、访调、检调): counted apart in the report,
    the body's own name kept beside it (``mediation_case.referring_body``)."""

    COURT = "court", "法院"
    POLICE = "police", "公安"
    PETITION = "petition", "信访"
    PROCURATORATE = "procuratorate", "检察院"
    OTHER = "other", "其他"


class DisputeType(LabeledEnum):
    MARRIAGE_FAMILY = "marriage_family", "婚姻家庭"
    NEIGHBOUR = "neighbour", "邻里"
    HOUSING_HOMESTEAD = "housing_homestead", "房屋宅基地"
    CONTRACT = "contract", "合同"
    PRODUCTION_BUSINESS = "production_business", "生产经营"
    DAMAGES = "damages", "损害赔偿"
    FOREST_LAND = "forest_land", "山林土地"
    LAND_REQUISITION = "land_requisition", "征地拆迁"
    ENVIRONMENT = "environment", "环境污染"
    LABOUR = "labour", "劳动争议"
    CONSUMER = "consumer", "消费"
    MEDICAL = "medical", "医疗"
    TRAFFIC = "traffic", "道路交通事故"
    PROPERTY_MANAGEMENT = "property_management", "物业"
    OTHER = "other", "其他"


class PartyRole(LabeledEnum):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    THIRD_PARTY = "third_party", "第三人"


class MediationStatus(LabeledEnum):
    REGISTERED = "registered", "已登记"
    ACCEPTED = "accepted", "已受理"
    MEDIATING = "mediating", "调解中"
    AGREED = "agreed", "调解成功"
    FAILED = "failed", "调解不成"
    TERMINATED = "terminated", "终止调解"
    FOLLOWED_UP = "followed_up", "已回访"
    ARCHIVED = "archived", "已归档"


class AgreementForm(LabeledEnum):
    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"


class Performance(LabeledEnum):
    PERFORMED = "performed", "已履行"
    PARTLY = "partly", "部分履行"
    NOT_PERFORMED = "not_performed", "未履行"


class VisitMethod(LabeledEnum):
    """回访方式 of a follow-up visit."""

    PHONE = "phone", "电话"
    HOME = "home", "上门"
    CALL_IN = "call_in", "来访"


class AidMatter(LabeledEnum):
    """Legal Aid Law art. 31 civil/administrative matters, plus criminal and other."""

    STATE_COMPENSATION = "state_compensation", "请求国家赔偿"
    SOCIAL_BENEFITS = "social_benefits", "请求给予社会保险待遇或者社会救助"
    PENSION_BEREAVED = "pension_bereaved", "请求发给抚恤金"
    MAINTENANCE = "maintenance", "请求给付赡养费、抚养费、扶养费"
    WAGES = "wages", "请求确认劳动关系或者支付劳动报酬"
    CIVIL_CAPACITY = "civil_capacity", "请求认定公民无民事行为能力或者限制民事行为能力"
    ENVIRONMENT = "environment", "请求环境污染、生态破坏损害赔偿"
    PERSONAL_INJURY = "personal_injury", "请求工伤、交通事故、食品药品安全、医疗事故人身损害赔偿"
    HERO_HONOUR = "hero_honour", "英雄烈士近亲属维护英雄烈士人格权益"
    BRAVERY = "bravery", "因见义勇为行为主张相关民事权益"
    RETRIAL_COMPENSATION = "retrial_compensation", "再审改判无罪请求国家赔偿"
    ABUSE_VICTIM = "abuse_victim", "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益"
    CRIMINAL = "criminal", "刑事案件"
    OTHER = "other", "其他"


class ProceduralRole(LabeledEnum):
    PLAINTIFF = "plaintiff", "原告/申请人"
    DEFENDANT = "defendant", "被告/被申请人"
    THIRD_PARTY = "third_party", "第三人"
    SUSPECT = "suspect", "犯罪嫌疑人/被告人"
    VICTIM = "victim", "被害人"
    OTHER = "other", "其他"


class CaseStage(LabeledEnum):
    PRE_LITIGATION = "pre_litigation", "诉前"
    ARBITRATION = "arbitration", "仲裁"
    FIRST_INSTANCE = "first_instance", "一审"
    SECOND_INSTANCE = "second_instance", "二审"
    ENFORCEMENT = "enforcement", "执行"
    INVESTIGATION = "investigation", "侦查/审查起诉"
    OTHER = "other", "其他"


class AidForm(LabeledEnum):
    """Forms of legal aid (法律援助法 art. 22) an applicant asks for."""

    REPRESENTATION = "representation", "诉讼代理/非诉讼代理"
    DEFENCE = "defence", "刑事辩护"
    CRIMINAL_REPRESENTATION = "criminal_representation", "刑事代理"
    DRAFTING = "drafting", "代拟法律文书"
    LABOUR_ARBITRATION = "labour_arbitration", "劳动争议调解与仲裁代理"
    CONSULTATION = "consultation", "法律咨询"
    DUTY_LAWYER = "duty_lawyer", "值班律师法律帮助"
    OTHER = "other", "其他"


class HardshipRoute(LabeledEnum):
    COMMITMENT = "commitment", "经济困难（个人诚信承诺）"
    EXEMPT_GROUP = "exempt_group", "免予核查经济困难（第四十二条）"
    NO_HARDSHIP_MATTER = "no_hardship_matter", "不受经济困难条件限制（第三十二条）"


class AidStatus(LabeledEnum):
    DRAFT = "draft", "待转交"
    FORWARDED = "forwarded", "已转交"
    RECEIVED = "received", "中心已接收"
    GRANTED = "granted", "准予援助"
    DENIED = "denied", "不予援助"
    CLOSED = "closed", "已办结"


class AidDecision(LabeledEnum):
    GRANTED = "granted", "准予法律援助"
    DENIED = "denied", "不予法律援助"
