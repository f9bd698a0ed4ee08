# ruff: noqa: E501  (long Chinese text templates read better unwrapped)
"""Demo scenarios: cases, consultations and aid referrals whose parts agree with each other.

Each generated record comes from one scenario of its dispute type / topic / aid matter. A
scenario fixes who the parties are (natural persons of a given relation and age, or an
organisation of a fitting kind), the facts, the claims, the terms, the money and the bodies that
may refer such a case; ``str.format`` templates are filled from the scenario's own slots, never
mixed at random with sentences of another scenario.

Money rule: every sum a claim or an agreement counts is written ``人民币N元`` (N in yuan); a rate
is written ``每月N元`` and is not counted. A case's amount involved is the sum of the ``人民币``
sums of its claims and an agreement's amount is the sum of those of its terms (0 for terms
without money, e.g. an apology).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from workstation.domain.enums import ReferringBodyKind

from . import texts

# --- organisations ------------------------------------------------------------------------------

#: Kinds of organisation party: name patterns ({w}: a firm word, {v}: a village, {t}: the town).
ORG_KINDS: dict[str, tuple[str, ...]] = {
    "ev_shop": ("秦皇岛市海港区{w}电动车商行", "秦皇岛{w}电动车销售有限公司"),
    "restaurant": ("秦皇岛市海港区{w}饭店", "秦皇岛{w}餐饮有限公司"),
    "property": ("秦皇岛{w}物业服务有限公司",),
    "builder": ("秦皇岛{w}建筑工程有限公司", "秦皇岛{w}建筑劳务有限公司"),
    "cleaning": ("秦皇岛{w}家政服务有限公司", "秦皇岛{w}保洁服务有限公司"),
    "factory": ("秦皇岛{w}食品有限公司", "秦皇岛{w}机械制造有限公司", "秦皇岛{w}物流有限公司"),
    "clinic": ("{t}{v}卫生室", "秦皇岛市海港区{w}诊所"),
    "quarry": ("秦皇岛{w}石料加工有限公司",),
    "farm_coop": ("秦皇岛市海港区{w}养殖专业合作社",),
    "village": ("{t}{v}村民委员会",),
}
#: Dispute types in which a party may be an organisation, and of which kinds.
ORG_TYPES: dict[str, frozenset[str]] = {
    "consumer": frozenset({"ev_shop", "restaurant"}),
    "property_management": frozenset({"property"}),
    "labour": frozenset({"builder", "cleaning", "factory"}),
    "medical": frozenset({"clinic"}),
    "environment": frozenset({"quarry", "farm_coop"}),
    "land_requisition": frozenset({"village"}),
}

RURAL = tuple(v for v in texts.VILLAGES if v.endswith("村"))
ESTATES = ("港城花园小区", "海阳小区", "燕山家园小区", "文化里小区", "建设新村小区", "红旗里小区", "金海湾小区")
ILLNESSES = ("高血压", "糖尿病", "腰椎病", "冠心病", "慢性支气管炎")


class Orgs:
    """Organisations by kind: (name, legal representative, address); a few of each are reused."""

    def __init__(self, rng: random.Random, person_name: Callable[[str], str]) -> None:
        self.rng = rng
        self.person_name = person_name
        self.pool: dict[str, list[tuple[str, str, str]]] = {}

    def get(self, kind: str, village: str = "") -> tuple[str, str, str]:
        """An organisation of ``kind`` (of ``village`` where the kind is a village's)."""
        rng = self.rng
        pool = self.pool.setdefault(f"{kind}:{village}" if village else kind, [])
        if len(pool) < (1 if village else 6) or (not village and rng.random() < 0.05):
            village = village or rng.choice(RURAL)
            name = rng.choice(ORG_KINDS[kind]).format(
                w=rng.choice(texts.ORG_WORDS), v=village, t=texts.TOWN)
            if all(o[0] != name for o in pool):
                rep = self.person_name("male" if rng.random() < 0.75 else "female")
                if kind in ("clinic", "village") and name.startswith(texts.TOWN):
                    address = f"河北省秦皇岛市海港区{name.removesuffix('卫生室').removesuffix('村民委员会')}"
                else:
                    address = f"河北省秦皇岛市海港区{rng.choice(texts.ROADS)}{rng.randrange(1, 800)}号"
                pool.append((name, rep, address))
                return pool[-1]
        return rng.choice(pool)


# --- mediation cases ------------------------------------------------------------------------------

PERSON = "person"


@dataclass(frozen=True)
class Terms:
    """A terms template and how the agreed total is split over its ``{p0}``, ``{p1}`` slots
    (fractions of the agreed total; -1 takes the rest)."""

    text: str
    shares: tuple[float, ...] = ()


@dataclass(frozen=True)
class CaseScenario:
    key: str
    facts: str
    claims: str
    terms: tuple[Terms, ...]
    #: "parent_child" (applicant the parent), "spouses", "siblings" or "" (unrelated).
    relation: str = ""
    #: PERSON or an ``ORG_KINDS`` key.
    applicant: str = PERSON
    respondent: str = PERSON
    applicant_sex: str | None = None
    #: Yuan range of the sum at stake (a monthly rate when ``monthly``).
    base: tuple[int, int] = (0, 0)
    #: Shares of the base agreed on.
    discounts: tuple[float, ...] = (0.6, 0.7, 0.8, 0.9, 1.0)
    monthly: bool = False
    #: Other applicants may join (wage arrears of a work team, residents against a factory).
    group: bool = False
    #: Who pays what the terms count: "b" (the respondent), "a" or "" (nobody of the two).
    payer: str = "b"
    #: Responsibility as the facts have it (templates); empty: the mediator's usual wording.
    blame: tuple[str, ...] = ()
    #: The applicant's occupation where the facts tell it.
    occupation: str = ""
    #: Ages of an applicant of given sex.
    applicant_ages: tuple[int, int] = (30, 60)


#: Bodies that refer each dispute type to the station (诉前委派, 移交, 转交).
REFERRERS: dict[str, tuple[str, ...]] = {
    "marriage_family": ("海港区人民法院海港镇人民法庭", "海港区妇女联合会"),
    "neighbour": ("海港镇派出所", "海港镇综治中心"),
    "housing_homestead": ("海港镇综治中心", "海港区人民法院海港镇人民法庭"),
    "contract": ("海港区人民法院", "海港区人民法院海港镇人民法庭"),
    "production_business": ("海港区人民法院", "海港镇综治中心"),
    "damages": ("海港镇派出所", "海港区人民法院海港镇人民法庭"),
    "forest_land": ("海港镇综治中心", "海港区自然资源和规划局"),
    "land_requisition": ("海港镇信访办", "海港区信访局"),
    "environment": ("秦皇岛市生态环境局海港区分局", "海港镇综治中心"),
    "labour": ("海港区人力资源和社会保障局", "海港区人力资源和社会保障局劳动监察大队"),
    "consumer": ("海港区市场监督管理局",),
    "medical": ("海港区卫生健康局",),
    "traffic": ("海港区交警大队", "海港区人民法院海港镇人民法庭"),
    "property_management": ("海港区住房和城乡建设局", "海港镇综治中心"),
    "other": ("海港镇综治中心",),
}


def referrer_kind(body: str) -> str:
    """The coded kind (``ReferringBodyKind``) of a demo referring body, from its name."""
    for words, kind in ((("法院", "法庭"), ReferringBodyKind.COURT),
                        (("派出所", "公安", "交警"), ReferringBodyKind.POLICE),
                        (("信访",), ReferringBodyKind.PETITION),
                        (("检察院",), ReferringBodyKind.PROCURATORATE)):
        if any(word in body for word in words):
            return kind.value
    return ReferringBodyKind.OTHER.value


S = CaseScenario
T = Terms
CASES: dict[str, tuple[CaseScenario, ...]] = {
    "marriage_family": (
        S("support", relation="parent_child", monthly=True, base=(400, 1000), discounts=(0.6, 0.8, 1.0),
          facts="申请人{a}（{a_age}岁）与被申请人{b}系{rel}关系。{a}丧偶多年，独自居住在{v}，患有{illness}，无固定收入。{b}以自家生活困难为由，自{year0}年起未再给付赡养费，{a}多次索要未果，遂申请调解。",
          claims="要求被申请人给付赡养费每月{rate}元（按一年计人民币{c}元），并承担住院医疗费用中医保报销以外的部分。",
          terms=(T("一、自本协议签订次月起，{b}向{a}支付赡养费每月{r0}元，于每月5日前付清（按一年计人民币{p0}元）；二、{a}患病住院时，医疗费用扣除医保报销部分后由{b}承担；三、{b}每周至少探望{a}一次，双方今后互相体谅，和睦相处。", (1.0,)),)),
        S("divorce_property", relation="spouses", base=(40000, 200000), discounts=(0.8, 0.9, 1.0),
          facts="申请人{a}与被申请人{b}于{year0}年登记结婚，{year1}年在民政部门协议离婚，离婚协议对婚后在{v}购置的房屋未作约定。该房屋现由{b}居住，双方就房屋归属和折价补偿发生争议。",
          claims="要求分得{v}房屋折价款的一半，即人民币{c}元。",
          terms=(T("一、位于{v}的房屋归{b}所有；二、{b}于本协议签订之日起30日内一次性补偿{a}房屋折价款人民币{p0}元；三、双方就婚后共同财产再无其他争议。", (1.0,)),
                 T("一、位于{v}的房屋归{b}所有；二、{b}补偿{a}房屋折价款人民币{p0}元，于本协议签订之日起10日内支付，剩余人民币{p1}元于三个月内付清；三、双方就婚后共同财产再无其他争议。", (0.5, -1)))),
        S("quarrel", relation="spouses", applicant_sex="female",
          facts="申请人{a}与被申请人{b}系夫妻，结婚{n}年。近来{b}常因琐事与{a}争吵，并在酒后摔砸家中物品，{a}回娘家居住，双方关系紧张，{a}的亲属请求村调委会帮助化解。",
          claims="要求被申请人赔礼道歉，保证今后不再酒后滋事。",
          terms=(T("一、{b}当面向{a}赔礼道歉，保证今后不再酒后滋事；二、双方今后互相尊重，遇事协商解决；三、{a}于协议签订当日返回家中共同生活。"),)),
    ),
    "neighbour": (
        S("drainage", base=(1000, 8000),
          facts="申请人{a}与被申请人{b}系{v}前后院邻居。{b}翻建房屋时将排水管道引向{a}家院墙，雨季积水浸泡墙基，墙体出现裂缝，双方多次协商未果并发生口角。",
          claims="要求被申请人改造排水设施，并赔偿墙体修缮费用人民币{c}元。",
          terms=(T("一、{b}于15日内将排水管改至自家院内排入公共排水沟；二、{b}赔偿{a}墙体修缮费人民币{p0}元，于签订协议时当场付清；三、双方今后和睦相处。", (1.0,)),)),
        S("passage",
          facts="申请人{a}与被申请人{b}同住{v}{place}。{b}在两家之间的公共通道上堆放柴草、停放农用车辆，影响{a}家人员和车辆出入，双方因此发生争吵。",
          claims="要求被申请人清除通道上的堆放物，恢复通行。",
          terms=(T("一、{b}于7日内清除公共通道上的柴草和车辆，今后不再占用；二、通道两侧各自院墙的维修由各自负责；三、双方互谅互让，此纠纷就此了结。"),)),
        S("garden", base=(300, 1500),
          facts="申请人{a}与被申请人{b}系{v}邻居。{ago}，{b}家散养的鸡鸭进入{a}家菜园啄食菜苗，双方发生口角，{b}推搡{a}，经派出所出警后双方情绪稳定。",
          claims="要求被申请人赔礼道歉，并赔偿菜苗损失人民币{c}元。",
          terms=(T("一、{b}向{a}赔礼道歉；二、{b}今后圈养鸡鸭，不再进入{a}家菜园；三、双方互谅互让，和睦相处。"),
                 T("一、{b}向{a}赔礼道歉，并赔偿菜苗损失人民币{p0}元，当场付清；二、{b}今后圈养鸡鸭，不再进入{a}家菜园。", (1.0,)))),
    ),
    "housing_homestead": (
        S("wall", base=(2000, 10000),
          facts="申请人{a}与被申请人{b}在{v}的宅基地相邻。{b}在原址翻建新房时，将东墙向{a}一侧外扩约{n}0厘米，{a}认为侵占其宅基地，要求停工，双方发生纠纷。",
          claims="要求被申请人拆除越界部分墙体，恢复原界址。",
          terms=(T("一、双方以村委会存档的宅基地使用证界址为准，{b}于30日内将越界部分墙体内移；二、因拆改产生的费用由{b}自行承担；三、界址处由双方共同埋设界桩。"),
                 T("一、{a}同意{b}保留已建墙体；二、{b}一次性补偿{a}人民币{p0}元；三、界址处由双方共同埋设界桩，今后以此为准。", (1.0,)))),
        S("sale", payer="a", base=(10000, 60000),
          facts="申请人{a}于{year0}年购买被申请人{b}位于{v}的房屋一处，当时支付房款并入住，未办理过户手续。现{b}以房屋升值为由要求收回房屋，{a}不同意，双方发生纠纷。",
          claims="要求确认房屋买卖有效，被申请人协助办理相关手续。",
          terms=(T("一、双方确认原房屋买卖关系有效，{a}另行补偿{b}人民币{p0}元；二、{b}配合{a}向有关部门办理相关手续；三、本协议履行完毕后双方再无其他争议。", (1.0,)),)),
    ),
    "contract": (
        S("orchard",
          facts="申请人{a}于{year0}年承包了被申请人{b}在{v}的果园，约定承包期五年，每年承包费{fee}元。今年{b}以承包费过低为由要求提前收回果园，{a}不同意，双方发生合同纠纷。",
          claims="要求被申请人继续履行承包合同。",
          terms=(T("一、原承包合同继续履行至期满；二、自明年起每年承包费增加10%；三、双方重新签订书面合同并报村委会备案。"),)),
        S("renovation", base=(8000, 40000),
          facts="申请人{a}与被申请人{b}口头约定由{a}为{b}家装修房屋。完工后{b}以卫生间漏水、部分瓷砖空鼓为由拒付剩余工程款{c}元，双方发生纠纷。",
          claims="要求被申请人支付剩余工程款人民币{c}元。",
          terms=(T("一、{a}于10日内对卫生间漏水和瓷砖空鼓部位进行返修；二、返修验收合格后3日内{b}支付剩余工程款人民币{p0}元；三、双方就本装修工程再无其他争议。", (1.0,)),)),
        S("loan", base=(5000, 80000), discounts=(1.0,),
          facts="被申请人{b}于{year0}年向申请人{a}借款{c}元，出具借条一张，约定{n}个月内归还。到期后{a}多次催要，{b}以生意亏损为由拖延不还。",
          claims="要求被申请人归还借款人民币{c}元。",
          terms=(T("一、{b}于本协议签订之日起10日内归还借款人民币{p0}元；二、剩余借款人民币{p1}元于{m}个月内还清；三、{a}不再主张利息。", (0.5, -1)),
                 T("一、{b}于本协议签订之日起30日内一次性归还借款人民币{p0}元；二、{a}不再主张利息。", (1.0,)))),
    ),
    "production_business": (
        S("greenhouse", base=(3000, 30000),
          facts="申请人{a}在{v}承包土地种植大棚蔬菜，被申请人{b}在相邻地块经营生猪养殖场。{b}的养殖污水流入{a}的大棚，造成部分蔬菜死亡，{a}一气之下堵塞了养殖场出入道路，双方发生纠纷。",
          claims="要求被申请人治理养殖污水，并赔偿蔬菜损失人民币{c}元。",
          terms=(T("一、{b}于一个月内建设污水沉淀池，不再向{a}承包地排放污水；二、{b}赔偿{a}蔬菜损失人民币{p0}元；三、{a}立即清除堵塞道路的障碍物。", (1.0,)),)),
        S("partnership", base=(20000, 120000),
          facts="申请人{a}与被申请人{b}于{year0}年合伙购买农机两台，在{v}一带提供收割服务，约定按出资比例分配收益。后因账目不清、分配不均发生纠纷。",
          claims="要求对合伙账目进行清算，并分配合伙收益。",
          terms=(T("一、双方同意解除合伙关系，合伙农机两台归{b}所有；二、{b}向{a}支付农机折价款及收益，于本协议签订之日起10日内支付人民币{p0}元，剩余人民币{p1}元于{m}个月内付清；三、合伙期间对外债务由{b}承担。", (0.5, -1)),)),
    ),
    "damages": (
        S("dog", base=(1500, 12000),
          facts="{ago}，被申请人{b}饲养的狗在{v}{place}将申请人{a}咬伤，{a}注射狂犬疫苗并门诊治疗，花费医疗费等{c}元。双方就赔偿数额协商不成。",
          claims="要求被申请人赔偿医疗费、误工费、交通费等共计人民币{c}元。",
          terms=(T("一、{b}一次性赔偿{a}医疗费、误工费、交通费等各项损失共计人民币{p0}元；二、{b}今后拴养犬只，加强管理；三、此事就此了结，{a}不再另行主张。", (1.0,)),)),
        S("fire", base=(2000, 20000),
          facts="{ago}，被申请人{b}在自家院内焚烧秸秆，引燃申请人{a}家的柴垛和部分农具，造成财产损失{c}元，双方就损失数额发生争议。",
          claims="要求被申请人赔偿财产损失人民币{c}元。",
          terms=(T("一、{b}赔偿{a}各项财产损失共计人民币{p0}元，于协议签订之日起15日内付清；二、双方今后注意用火安全，和睦相处。", (1.0,)),)),
        S("scuffle", base=(500, 5000),
          facts="{ago}，申请人{a}与被申请人{b}在{v}{place}因琐事发生争执，{b}将{a}推倒，致其手臂擦伤，{a}就医花费{c}元。派出所出警后建议双方调解。",
          claims="要求被申请人赔礼道歉，并赔偿医疗费人民币{c}元。",
          terms=(T("一、{b}当面向{a}赔礼道歉；二、{b}赔偿{a}医疗费人民币{p0}元，当场付清；三、双方今后互不寻衅。", (1.0,)),
                 T("一、{b}当面向{a}赔礼道歉；二、{a}考虑到双方多年邻里关系，不再要求赔偿；三、双方今后互不寻衅。"))),
    ),
    "forest_land": (
        S("chestnut", payer="a", base=(500, 3000),
          facts="申请人{a}与被申请人{b}在{v}承包的山地相邻，因多年前界址标记不清，{b}在界址附近栽种栗子树约{n}0棵，{a}认为侵占其承包地，双方发生纠纷。",
          claims="要求确认界址，被申请人移除越界栽种的树木。",
          terms=(T("一、经村委会会同双方现场测量，以测定界线为准埋设界桩；二、越界栽种的栗子树由{b}在本季采收后移栽，{a}补偿{b}移栽费人民币{p0}元；三、双方不再就此地块发生争议。", (1.0,)),)),
        S("field",
          facts="申请人{a}在{v}承包的责任田与被申请人{b}的地块相邻，{b}耕种时逐年向{a}地块扩展，现{a}地块面积比承包合同记载少约{n}分。",
          claims="要求按承包合同恢复地块面积。",
          terms=(T("一、以承包合同和村委会测量结果为准恢复{a}地块面积；二、{b}本季庄稼收获后再行调整；三、双方不得再越界耕种。"),)),
    ),
    "land_requisition": (
        S("brothers", relation="siblings", payer="", base=(200000, 600000), discounts=(1.0,),
          facts="因{road}拓宽工程，申请人{a}与被申请人{b}之父遗留的位于{v}的房屋被征收，获得征收补偿款{c}元。{a}多年来与父亲同住并出资翻修房屋，{b}认为房屋系父母所建应由兄弟平分，双方发生争执。",
          claims="要求对征收补偿款人民币{c}元按实际居住和出资情况分配，申请人分得六成。",
          terms=(T("一、征收补偿款中{a}分得人民币{p0}元，{b}分得人民币{p1}元；二、搬迁补助费归实际居住的{a}所有；三、双方签字后由村委会监督分配，兄弟二人今后和睦相处。", (0.55, -1)),)),
        S("married_out", respondent="village", group=True,
          facts="申请人{a}系{v}村民，{year0}年出嫁后户口仍留在本村。被申请人{b}制定的土地征收补偿款分配方案将{a}等{n}名外嫁女排除在外，{a}等人多次反映未果。",
          claims="要求确认申请人的分配资格，按同等标准分配征收补偿款。",
          terms=(T("一、经村民代表会议重新讨论，确认{a}等人享有分配资格；二、{b}按与其他村民同等标准补发分配款；三、{a}等人不再就此事上访。"),),
          applicant_sex="female"),
    ),
    "environment": (
        S("quarry", respondent="quarry", group=True, base=(5000, 30000),
          facts="被申请人{b}在{v}附近的石料加工厂夜间生产，噪声和粉尘影响附近居民休息，申请人{a}等{n}户居民多次反映未果。",
          claims="要求被申请人停止夜间生产，采取降尘降噪措施。",
          terms=(T("一、{b}每日22时至次日6时停止生产；二、{b}于一个月内加装防尘网和隔音设施；三、{b}一次性补偿{a}等{n}户居民共计人民币{p0}元。", (1.0,)),
                 T("一、{b}每日22时至次日6时停止生产；二、{b}于一个月内加装防尘网和隔音设施，由镇环保站监督整改。"))),
        S("fishpond", respondent="farm_coop", base=(8000, 60000),
          facts="被申请人{b}的养殖场将粪污直接排入{v}村边沟渠，造成申请人{a}承包的鱼塘水质污染，鱼苗大量死亡，损失约{c}元。",
          claims="要求被申请人停止排污，并赔偿鱼苗损失人民币{c}元。",
          terms=(T("一、{b}立即停止向沟渠排放粪污，于20日内建成储粪池；二、{b}赔偿{a}鱼苗损失人民币{p0}元；三、双方同意由镇环保站监督整改。", (1.0,)),)),
    ),
    "labour": (
        S("wage_arrears", respondent="builder", group=True, applicant_sex="male", occupation="建筑工人", base=(10000, 90000), discounts=(0.9, 1.0),
          facts="申请人{a}等{n}人于{year1}年在被申请人{b}承建的{road}工地务工，工程完工后{b}以结算未完成为由拖欠工资共计{c}元，多次讨要未果。",
          claims="要求被申请人支付拖欠的劳动报酬人民币{c}元。",
          terms=(T("一、{b}于本协议签订之日起10日内一次性支付{a}等人工资人民币{p0}元；二、款项通过银行转账支付至各人账户；三、各方就本次欠薪事宜不再有其他争议。", (1.0,)),)),
        S("dismissal", respondent="cleaning", applicant_sex="female", occupation="保洁员", applicant_ages=(48, 59), base=(6000, 30000),
          facts="申请人{a}自{year0}年起在被申请人{b}从事保洁工作，双方未签订书面劳动合同。{b}以年龄大为由将其辞退，未给任何补偿。",
          claims="要求被申请人支付经济补偿金人民币{c}元。",
          terms=(T("一、双方同意解除劳动关系；二、{b}于7日内一次性支付{a}经济补偿金人民币{p0}元；三、{b}为{a}出具解除劳动关系证明。", (1.0,)),)),
    ),
    "consumer": (
        S("tricycle", respondent="ev_shop", base=(3000, 9000),
          facts="申请人{a}在被申请人{b}购买电动三轮车一辆，价款{c}元。使用{m}个月后电机多次出现故障，经多次维修仍不能正常使用，{a}要求退车被拒。",
          claims="要求退车，并退还购车款人民币{c}元。",
          terms=(T("一、{a}将电动三轮车退回{b}；二、{b}退还{a}购车款人民币{p0}元，当场付清。", (1.0,)),
                 T("一、{b}为{a}更换同型号新车一辆，{a}不再补交差价；二、新车自交付之日起重新计算三包期。"))),
        S("banquet", respondent="restaurant", base=(1000, 6000),
          facts="申请人{a}在被申请人{b}办酒席，多名宾客食用后出现腹泻症状，就医花费{c}元。{a}拒付剩余餐费，双方发生纠纷。",
          claims="要求减免剩余餐费，并赔偿宾客医疗费人民币{c}元。",
          terms=(T("一、{b}减免剩余餐费；二、{b}赔偿宾客医疗费人民币{p0}元；三、双方就此事不再追究。", (1.0,)),)),
    ),
    "medical": (
        S("infusion", respondent="clinic", base=(3000, 30000),
          facts="申请人{a}于{ago}在被申请人{b}输液后出现过敏反应，经转院抢救后脱离危险，花费医疗费{c}元。{a}认为{b}输液前未做皮试，存在过错。",
          claims="要求被申请人赔偿医疗费、护理费等损失人民币{c}元。",
          terms=(T("一、{b}一次性补偿{a}医疗费、护理费等共计人民币{p0}元；二、本协议履行后{a}不再就此事向{b}主张任何权利。", (1.0,)),)),
        S("tooth", respondent="clinic", base=(2000, 15000),
          facts="申请人{a}于{ago}在被申请人{b}拔牙后出现感染，住院治疗{n}天，花费{c}元，{a}认为{b}消毒不规范。",
          claims="要求被申请人赔偿医疗费和误工损失人民币{c}元。",
          terms=(T("一、{b}一次性补偿{a}各项损失人民币{p0}元；二、双方对本次医疗纠纷再无争议。", (1.0,)),)),
    ),
    "traffic": (
        S("truck", base=(5000, 60000), blame=("经交警部门认定，{b}对事故负主要责任，{a}负次要责任。",),
          facts="{ago}，被申请人{b}驾驶小型货车在{road}与申请人{a}驾驶的电动自行车相撞，造成{a}受伤。交警部门认定{b}负事故主要责任，{a}除保险理赔外尚有损失{c}元，双方协商未果。",
          claims="要求被申请人赔偿保险理赔以外的医疗费、误工费、护理费等共计人民币{c}元。",
          terms=(T("一、除保险公司理赔部分外，{b}另行赔偿{a}医疗费、误工费、护理费等，于协议签订时支付人民币{p0}元，剩余人民币{p1}元一个月内付清；二、此次事故就此了结。", (0.5, -1)),
                 T("一、除保险公司理赔部分外，{b}另行一次性赔偿{a}医疗费、误工费、护理费等共计人民币{p0}元；二、此次事故就此了结。", (1.0,)))),
        S("tricycle_crash", payer="a", blame=("经交警部门认定，双方对事故负同等责任。",), base=(800, 5000),
          facts="{ago}，申请人{a}驾驶农用三轮车在{v}村道与被申请人{b}驾驶的摩托车刮碰，双方均受轻伤，交警部门认定双方负同等责任。",
          claims="要求按责任比例分担损失。",
          terms=(T("一、双方各自承担本人医疗费用；二、{a}补偿{b}摩托车维修费人民币{p0}元，当场付清；三、双方就本次事故再无争议。", (1.0,)),)),
    ),
    "property_management": (
        S("fees", applicant="property", base=(1500, 8000),
          facts="申请人{a}为{estate}物业服务企业。被申请人{b}系该小区{n}号楼业主，以楼顶漏水长期未修为由，自{year0}年起拒交物业费，共计{c}元。",
          claims="要求被申请人补交拖欠的物业费人民币{c}元。",
          terms=(T("一、{a}于15日内完成楼顶防水维修；二、维修完成后{b}补交物业费人民币{p0}元，{a}减免滞纳金；三、双方今后有问题及时沟通。", (1.0,)),)),
        S("elevator", payer="a", respondent="property", base=(1000, 4000), discounts=(1.0,),
          facts="申请人{a}系{estate}{n}号楼业主，所住楼栋电梯频繁故障，{a}认为被申请人{b}维修不及时，拒交物业费{c}元，{b}随即停止为其办理门禁卡，双方发生纠纷。",
          claims="要求被申请人及时维修电梯，恢复门禁服务。",
          terms=(T("一、{b}立即恢复{a}的门禁服务，每月对电梯进行维保并在楼内公示记录；二、{a}于一个月内补交物业费人民币{p0}元。", (1.0,)),)),
    ),
    "other": (
        S("wechat",
          facts="申请人{a}与被申请人{b}系{v}村民。{b}在村民微信群中散布{a}“偷拿集体财物”的言论，{a}认为名誉受损，双方发生争执。",
          claims="要求被申请人公开道歉，消除影响。",
          terms=(T("一、{b}在原微信群内向{a}公开道歉并删除相关言论；二、双方今后互相尊重，不再发生类似事件。"),)),
        S("boat",
          facts="申请人{a}与被申请人{b}于{year0}年合伙购买渔船一艘，因渔船使用时间分配问题发生纠纷，双方多次争吵。",
          claims="要求重新约定渔船的使用和收益分配办法。",
          terms=(T("一、渔船按单双月轮流使用，维修费用按份额分担；二、任何一方转让份额时对方享有优先购买权。"),)),
    ),
}
del S, T

#: Session records: the first ones for any case, ``OFFER`` only where money is agreed.
SESSIONS_ANY: tuple[str, ...] = (
    "调解员向双方当事人告知了人民调解的性质、原则和双方的权利义务，分别听取了{a}和{b}的陈述。{a}坚持原诉求，{b}表示愿意协商。调解员释法明理，约定下次继续调解。",
    "调解员组织双方到现场查看，核实了争议的实际情况并拍照留存。双方对事实基本无异议，对责任划分分歧较大。调解员建议双方各让一步，双方表示回去考虑。",
    "本次调解邀请村委会主任和双方亲属参加。经耐心疏导，双方情绪有所缓和，就主要事项初步达成一致意见。",
    "调解员向双方宣读了民法典相关条文，并对诉讼成本、时间进行了分析。双方同意在调解员主持下继续协商，就履行方式和期限进行了讨论。",
)
SESSION_OFFER = "调解员采用背对背方式分别做双方工作。{payer}提出支付{offer}元，{payee}认为偏低。调解员结合相关法律规定和类似案例进行了说明。"
SESSION_SIGN = "双方当事人到场，在调解员主持下对协议条款逐条确认，无异议后签字捺印。调解员告知双方可在协议生效之日起三十日内共同申请司法确认。"

FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "performed": (
        "电话回访{a}，协议已按期全部履行，双方关系恢复正常。",
        "回访了解到协议约定事项均已落实，双方未再发生争执。",
    ),
    "performed_money": ("上门回访，{payer}已按协议支付全部款项，{payee}对调解结果表示满意。",),
    "partly": ("协议部分履行，剩余事项尚未落实，调解员已督促{b}按期履行。",),
    "partly_money": ("回访得知{payer}已支付部分款项，余款承诺月底前付清，已督促其按期履行。",),
    "not_performed": ("回访得知{b}未按协议履行，调解员已电话督促，并告知{a}可申请司法确认后强制执行。",),
}


def _round(yuan: float) -> int:
    step = 1000 if yuan >= 20000 else 100 if yuan >= 2000 else 50
    return max(step, round(yuan / step) * step)


def _date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def case_fill(rng: random.Random, scenario: CaseScenario, day: date) -> dict[str, Any]:
    """Slots of a case (money, places, dates) other than the parties."""
    low, high = scenario.base
    fill: dict[str, Any] = {
        "v": rng.choice(RURAL), "place": rng.choice(texts.SPOTS), "road": rng.choice(texts.ROADS),
        "estate": rng.choice(ESTATES), "n": rng.randint(2, 9), "m": rng.randint(2, 6),
        "illness": rng.choice(ILLNESSES), "year0": day.year - rng.randint(2, 8),
        "year1": day.year - rng.randint(0, 1),
        "ago": _date_text(day - timedelta(days=rng.randint(5, 60))),
        "fee": _round(rng.randint(2000, 12000)),
    }
    if high:
        if scenario.monthly:
            rate = _round(rng.randint(low, high)) // 50 * 50 or 50
            agreed = max(50, round(rate * rng.choice(scenario.discounts) / 50) * 50)
            fill.update(rate=rate, c=rate * 12, r0=agreed, base_total=agreed * 12)
        else:
            claimed = _round(rng.randint(low, high))
            fill.update(c=claimed, base_total=_round(claimed * rng.choice(scenario.discounts)))
    return fill


def draft_case(rng: random.Random, dtype: str, day: date) -> tuple[CaseScenario, Terms,
                                                                  dict[str, Any]]:
    """Choose a scenario and its terms for a case of ``dtype`` registered on ``day``."""
    scenario = rng.choice(CASES[dtype])
    terms = rng.choice(scenario.terms)
    fill = case_fill(rng, scenario, day)
    total = fill.get("base_total", 0)
    paid = 0
    for i, share in enumerate(terms.shares):
        amount = total - paid if share < 0 else (total if share >= 1 else _round(total * share))
        fill[f"p{i}"] = amount
        paid += amount
    fill["agreed"] = paid
    return scenario, terms, fill


# --- consultations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Consult:
    question: str
    answer: str
    #: ``ORG_KINDS`` key of the ``{org}`` the question names, if any.
    org: str = ""
    #: Yuan range of the ``{amt}`` the question names.
    money: tuple[int, int] = (2000, 60000)
    #: Minimum age and sex of the person asking (None: either).
    min_age: int = 20
    sex: str | None = None


C = Consult
CONSULTS: dict[str, tuple[Consult, ...]] = {
    "marriage_family": (
        C("和{spouse}结婚{n}年，感情早已破裂，对方不同意离婚，孩子抚养权和房子怎么分？",
          "告知可先由村调委会调解；调解不成可向人民法院起诉离婚，法院按照最有利于未成年子女的原则确定抚养权，夫妻共同财产原则上均等分割，照顾子女、女方和无过错方权益。"),
        C("离婚时{spouse}隐瞒了{amt}存款，离婚后才发现，还能要求重新分割吗？",
          "依据民法典第一千零九十二条，离婚后发现另一方隐藏、转移夫妻共同财产的，可以向人民法院起诉请求再次分割。建议收集银行流水等证据。"),
        C("{spouse}经常酒后动手，想申请人身安全保护令，需要准备什么材料？",
          "依据反家庭暴力法，可向人民法院申请人身安全保护令，需提供报警记录、伤情照片、就诊记录等证据；法院一般在72小时内作出裁定，情况紧急的24小时内作出。", sex="female"),
        C("儿子结婚时我们出了{amt}彩礼，现在小两口闹离婚，彩礼能要回来吗？",
          "依据民法典婚姻家庭编的司法解释，双方未办理结婚登记、已登记但确未共同生活或者婚前给付导致给付人生活困难的，可请求返还彩礼；建议先行协商或申请调解。", min_age=45, money=(50000, 200000)),
        C("父母年老多病，兄弟几个不愿意出赡养费，能不能起诉要求分摊？",
          "依据民法典，成年子女对父母负有赡养义务，不能以放弃继承等理由拒绝；赡养费可按子女经济状况协商分摊，协商不成可由父母起诉。建议先申请人民调解。"),
    ),
    "inheritance": (
        C("{kin_dead}去世后留下{v}一处宅院和{amt}存款，没有遗嘱，兄弟姐妹怎么分？",
          "无遗嘱的按法定继承办理：第一顺序继承人为配偶、子女、父母，同一顺序继承人原则上均等分配遗产；对被继承人尽了主要扶养义务的，分配遗产时可以多分。"),
        C("父亲生前写了自书遗嘱把房子给了小儿子，其他子女不认可，遗嘱有效吗？",
          "依据民法典继承编，自书遗嘱须由遗嘱人亲笔书写、签名并注明年、月、日；如有争议可申请笔迹鉴定，建议先协商或申请人民调解。"),
        C("继承的房子要过户，不动产登记中心要求所有继承人到场，有人在外地怎么办？",
          "告知可办理继承公证，外地继承人可委托他人代办或出具放弃继承声明公证；也可由全体继承人签订遗产分割协议，无法协商的可向人民法院起诉。"),
        C("{kin_dead}去世前由我照顾了{n}年，继承时能不能多分一些？",
          "依据民法典继承编，对被继承人尽了主要扶养义务或者与被继承人共同生活的继承人，分配遗产时可以多分；建议保留照料、支付医疗费等证据。"),
    ),
    "neighbour": (
        C("邻居{other}在{place}盖房占了我家的过道，协商多次不让，怎么办？",
          "依据民法典相邻关系规定，不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则处理相邻关系。建议由村调委会组织双方调解，现场查看后确定界址。"),
        C("邻居家的排水管直接排到我家院里，下雨就积水，能要求他改吗？",
          "依据民法典相邻关系规定，对自然流水的排放应当在相邻权利人之间合理分配，对方不得损害相邻方权益；已引导申请人民调解，并告知保留照片等证据。"),
        C("邻居养狗不拴绳，把我家孩子咬伤了，医药费花了{amt}，他该不该赔？",
          "依据民法典侵权责任编，饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任；违反管理规定未采取安全措施的应当赔偿。告知保留就诊票据，邻里之间可先协商或申请人民调解。", money=(300, 5000)),
        C("邻居在两家中间种的杨树遮光，还把根伸到我家地基下，怎么处理？",
          "依据民法典相邻关系规定，建造建筑物、种植树木不得妨碍相邻建筑物的通风、采光和日照，不得危及相邻不动产的安全；建议先协商，协商不成申请村调委会调解。"),
    ),
    "land_housing": (
        C("村里要重新分宅基地，我家户口在村里多年却没有分到，找谁反映？",
          "依据土地管理法，农村村民一户只能拥有一处宅基地，宅基地分配由村集体经济组织依法定程序办理；可向村委会书面申请，对结果有异议的可向镇人民政府反映。"),
        C("我在{v}的承包地被{other}占用种树{n}年了，土地承包经营权证上是我的名字，怎么要回来？",
          "依据农村土地承包法，土地承包经营权受法律保护，他人侵占的可请求停止侵害、返还土地、赔偿损失；可申请村、镇调解，也可向农村土地承包仲裁委员会申请仲裁。"),
        C("房子出租给{other}，对方拖欠{m}个月房租不走，我能不能直接换锁？",
          "依据民法典租赁合同规定，承租人无正当理由未支付租金的，出租人可以请求在合理期限内支付，逾期不支付的可以解除合同；不得自行换锁、强行清退，应通过协商、调解或诉讼解决。"),
        C("买了本村人的宅基地房子，没办过户，现在卖方反悔要收回，怎么办？",
          "宅基地使用权只能在本集体经济组织成员之间流转，本村成员之间的房屋买卖一般认定有效；依据民法典，可要求对方继续履行，协商不成可申请调解或起诉。"),
    ),
    "contract_debt": (
        C("{other}借了我{amt}，打了借条，到期一直不还，超过三年还能起诉吗？",
          "依据民法典，诉讼时效为三年，自约定还款期限届满之日起计算；期间有催收记录的时效中断。建议保留借条、转账记录、催款记录，可申请调解或向人民法院起诉。"),
        C("朋友借钱时我做了担保人，现在他还不上，债主找我要钱，我要承担多少？",
          "依据民法典保证合同规定，需看保证方式：一般保证人享有先诉抗辩权，连带责任保证人可被债权人直接要求承担责任；保证人承担责任后可向债务人追偿。"),
        C("在{org}订的货到了发现质量不合格，对方不给退，合同里没写违约金怎么办？",
          "依据民法典合同编，合同未约定违约金的，可以要求对方承担修理、更换、退货、赔偿损失等违约责任；建议保留合同和验货记录。", org="factory"),
        C("装修队收了{amt}定金后一直不开工，能不能解除合同退钱？",
          "依据民法典合同编，对方迟延履行主要债务经催告后在合理期限内仍未履行的，可以解除合同；收受定金一方不履行债务的，应当双倍返还定金。", money=(2000, 20000)),
    ),
    "labour": (
        C("在{org}干了{n}年，没签劳动合同，现在被辞退了，能要求哪些补偿？",
          "依据劳动合同法，用人单位自用工之日起超过一个月不满一年未签订书面劳动合同的，应当向劳动者每月支付二倍工资；违法解除的可主张赔偿金。可向劳动人事争议仲裁委员会申请仲裁，时效为一年。", org="factory"),
        C("单位不给交社保，我自己提出离职，能要经济补偿金吗？",
          "依据劳动合同法，用人单位未依法缴纳社会保险费的，劳动者可以解除劳动合同并要求支付经济补偿；告知可向社保经办机构投诉。"),
        C("在{org}干活时从脚手架上摔伤，单位不给申报工伤，我该怎么办？",
          "依据工伤保险条例，工伤认定申请由用人单位在事故发生之日起30日内提出；单位不申报的，本人或近亲属可在1年内直接向人社部门申请。", org="builder"),
        C("试用期被单位以不符合录用条件辞退，没有任何书面材料，合法吗？",
          "依据劳动合同法，用人单位在试用期解除劳动合同的，应当向劳动者说明理由并举证不符合录用条件；不能举证的属违法解除，可申请劳动仲裁。"),
    ),
    "wages": (
        C("在{org}的工地干了{m}个月，包工头拖欠工资{amt}，一直推脱，怎么办？",
          "依据保障农民工工资支付条例，施工总承包单位对拖欠农民工工资承担清偿责任；告知可向人社局劳动保障监察大队投诉，也可申请劳动仲裁，并可申请法律援助且免予核查经济困难状况。", org="builder"),
        C("离职时单位扣了我最后一个月工资{amt}当“违约金”，合理吗？",
          "依据劳动合同法，除服务期和竞业限制外，用人单位不得与劳动者约定由劳动者承担违约金，不得以此名义克扣工资；可要求足额支付劳动报酬，必要时申请劳动仲裁。", money=(2000, 8000)),
        C("春节前结账，老板只给打了欠条没给钱，欠条能当证据吗？",
          "欠条可以作为主张劳动报酬的证据；依据劳动争议司法解释，劳动者以用人单位的工资欠条为证据直接起诉的，人民法院按普通民事纠纷受理。"),
        C("老板跑路了，欠我们十几个工人的工资，能去哪里投诉？",
          "依据保障农民工工资支付条例，可向人社局劳动保障监察大队集体投诉，由其责令支付工资；涉嫌拒不支付劳动报酬罪的可向公安机关报案，并可申请法律援助。"),
    ),
    "injury": (
        C("在{other}家帮工时从房顶摔下，花了医药费{amt}，对方该不该赔？",
          "依据人身损害赔偿司法解释，帮工人因帮工活动遭受人身损害的，被帮工人应当承担赔偿责任；帮工人有过错的可以减轻被帮工人的责任。可申请人民调解。"),
        C("在超市地面湿滑摔倒骨折，超市说已经放了提示牌不赔偿，对吗？",
          "依据民法典侵权责任编，公共场所的经营者、管理者未尽到安全保障义务造成他人损害的，应当承担侵权责任；建议保留监控、票据等证据。"),
        C("被{other}家的牛顶伤住院{n}天，误工费和护理费怎么算？",
          "依据民法典侵权责任编和人身损害赔偿司法解释，饲养的动物造成他人损害的，饲养人应当赔偿医疗费、护理费、交通费、营养费、住院伙食补助费和误工费等；误工费按实际收入或同行业平均工资计算。"),
        C("孩子在学校被同学打伤，学校和对方家长各承担什么责任？",
          "依据民法典侵权责任编，无民事行为能力人、限制民事行为能力人造成他人损害的，由监护人承担侵权责任；学校未尽到教育、管理职责的，承担相应的责任。"),
    ),
    "traffic": (
        C("骑电动车被{other}开的小轿车撞了，交警认定对方主责，保险公司只赔一部分怎么办？",
          "依据道路交通安全法，先由交强险在责任限额内赔偿，不足部分由商业险按责任比例赔偿，仍不足的由侵权人赔偿；可申请交通事故人民调解或直接起诉。"),
        C("交通事故伤残鉴定怎么做？鉴定费由谁出？",
          "交通事故伤残鉴定一般在治疗终结后进行，可委托有资质的司法鉴定机构，鉴定费先由申请人垫付，最终由责任方承担。"),
        C("肇事司机逃逸，已经过去{n}个月还没找到，医药费能向谁主张？",
          "依据道路交通安全法，肇事逃逸无法确定责任人的，可向道路交通事故社会救助基金申请垫付抢救费用、丧葬费用。"),
        C("家里三轮车撞了行人，没有保险，对方要求赔偿{amt}，数额合理吗？",
          "依据道路交通安全法，机动车与行人发生交通事故的，由机动车一方按过错承担赔偿责任；未投保交强险的应在交强险限额内先行赔偿。建议以交警事故认定书为准核算医疗费、误工费等各项损失。"),
    ),
    "consumer": (
        C("在{org}买的电动车骑了{n}天电池就坏了，商家不给换，能不能退？",
          "依据消费者权益保护法，经营者提供的商品不符合质量要求的，消费者可以要求退货、更换或修理；可拨打12315投诉。", org="ev_shop"),
        C("老人被推销保健品花了{amt}，说能治病，现在想退钱，怎么办？",
          "依据消费者权益保护法，经营者有欺诈行为的，消费者可以要求退一赔三，增加赔偿的金额不足五百元的为五百元；可向市场监督管理部门投诉。", money=(2000, 20000)),
        C("网上买的家电是翻新机，商家拒绝“退一赔三”，怎么投诉？",
          "依据消费者权益保护法，销售翻新机冒充新品构成欺诈，可要求退一赔三；可通过全国12315平台投诉，保留订单、聊天记录等证据。"),
        C("预付了理发店会员卡{amt}，店关门了，钱能要回来吗？",
          "依据消费者权益保护法，经营者以预收款方式提供服务的，未按照约定提供的应当退回预付款；告知保留付款凭证，可向市场监督管理部门投诉，也可以向人民法院起诉。", money=(500, 5000)),
    ),
    "social_security": (
        C("在外地打工交了{n}年养老保险，回老家后怎么转移接续？",
          "依据社会保险法，个人跨统筹地区就业的，基本养老保险关系随本人转移，缴费年限累计计算；可通过国家社会保险公共服务平台或到参保地社保经办机构申请。"),
        C("{kin_dead}去世了，丧葬费和抚恤金怎么申领？需要哪些材料？",
          "依据社会保险法，参保人员死亡的，其遗属可以领取丧葬补助金和抚恤金；需准备死亡证明、户口注销证明、申领人身份证明和亲属关系证明，向社保经办机构申领。", min_age=40),
        C("家里困难想申请低保，村里说不符合条件，可以向谁申请复核？",
          "依据社会救助暂行办法，最低生活保障由镇人民政府审核、区民政局确认；对认定结果有异议的可申请复核，也可依法申请行政复议。"),
        C("新农合报销比例怎么算？在市里住院报销了不到一半，正常吗？",
          "城乡居民医疗保险按医院级别确定起付线和报销比例，目录外药品和项目不予报销；依据社会保险法可向区医疗保障局咨询核对报销明细。"),
    ),
    "administrative": (
        C("镇里要拆我家的棚子，说是违建，没给任何文书，这样合法吗？",
          "依据行政强制法，行政机关作出强制拆除决定应当事先催告并告知陈述、申辩的权利；可在知道决定之日起60日内申请行政复议，或6个月内提起行政诉讼。"),
        C("不服交警的罚款决定，可以申请行政复议还是直接起诉？期限多长？",
          "依据行政复议法和行政诉讼法，公民对行政处罚不服的，可以在60日内申请行政复议，也可以在6个月内直接向人民法院提起行政诉讼。"),
        C("征地补偿标准是怎么定的？我家{n}亩地的补偿款和别人差很多。",
          "依据土地管理法，征收土地应当给予公平、合理的补偿，补偿标准以区片综合地价等公布的标准为准；可依法申请政府信息公开，有异议的可申请行政复议。"),
        C("办理营业执照被要求提供很多证明，有没有一次性告知的规定？",
          "依据行政许可法，申请材料不齐全的，行政机关应当当场或者五日内一次告知申请人需要补正的全部内容；可向市场监督管理部门反映。"),
    ),
    "criminal": (
        C("{kin_live}因为打架被刑事拘留了，家属能做什么？能不能请律师会见？",
          "依据刑事诉讼法，犯罪嫌疑人自被第一次讯问或采取强制措施之日起有权委托辩护人，辩护律师可以会见；经济困难的可申请法律援助。"),
        C("被人骗了{amt}，报警后一直没有进展，怎么办？",
          "依据刑事诉讼法，已报案的可向公安机关了解立案情况；公安机关应当立案而不立案的，可向人民检察院申请立案监督。已引导至派出所了解案件进展。"),
        C("孩子未满十八岁，涉嫌盗窃被派出所传唤，会留案底吗？",
          "依据刑事诉讼法，犯罪时不满十八周岁、被判处五年有期徒刑以下刑罚的，应当对犯罪记录予以封存；告知家属可委托辩护人，必要时可申请法律援助。", min_age=35),
        C("{kin_live}被判了缓刑，缓刑期间能不能外出打工？",
          "依据刑法和社区矫正法，缓刑期间应当遵守社区矫正规定，离开所居住的市、县需经社区矫正机构批准；建议向司法所社区矫正工作人员申请。"),
    ),
    "other": (
        C("想给{kin_live}办理意定监护，需要做公证吗？去哪里办？",
          "依据民法典，具有完全民事行为能力的成年人可以书面协商确定自己的监护人；意定监护一般通过公证方式确立，引导至区公证处办理。"),
        C("家里的老房子想做遗嘱公证，费用大概多少？",
          "依据公证法，遗嘱公证应由遗嘱人亲自到公证机构办理；已介绍办理流程和所需材料，引导至公证处咨询收费标准。", min_age=45),
        C("单位要求签“自愿放弃社保”的声明，签了会有什么后果？",
          "依据社会保险法，依法缴纳社会保险是用人单位和劳动者的法定义务，此类声明不能免除单位的缴费义务；因此产生的损失可要求单位承担。"),
        C("在路边捡到一个钱包，里面有{amt}现金，交给谁合适？",
          "依据民法典，拾得遗失物应当返还权利人，可以送交公安等有关部门；拾得人不得侵占遗失物。建议交至附近派出所。", money=(300, 3000)),
    ),
}
del C

#: Relatives a person asking may speak of (the spouse is added by the asker's sex).
KIN_DEAD = ("父亲", "母亲")
KIN_LIVE = ("儿子", "女儿", "弟弟", "哥哥")


# --- legal aid referrals ------------------------------------------------------------------------


@dataclass(frozen=True)
class AidScenario:
    cause: str
    facts: str
    request: str
    role: str  # ProceduralRole value
    stage: str  # CaseStage value
    sex: str | None = None
    min_age: int = 20
    max_age: int = 75
    groups: tuple[str, ...] = ()
    #: ``{b}``'s sex: the other side named in the facts.
    other_sex: str | None = None
    org: str = ""
    #: Filed by a relative as agent (the applicant cannot come: detained, or too young).
    agent: str = ""
    #: The applicant's occupation where the facts tell it.
    occupation: str = ""
    #: ``{b}`` is the applicant's child (a father's child bears his surname).
    kin_surname: bool = False


A = AidScenario
AIDS: dict[str, tuple[AidScenario, ...]] = {
    "state_compensation": (
        A("国家赔偿", "申请人{a}因涉嫌盗窃被羁押{n}个月，后检察机关作出不起诉决定。{a}认为其人身自由受到侵害，拟向赔偿义务机关申请国家赔偿。",
          "请求赔偿义务机关支付侵犯人身自由的赔偿金及精神损害抚慰金。", "plaintiff", "other", min_age=25, max_age=60),
    ),
    "social_benefits": (
        A("社会保险待遇纠纷", "申请人{a}在{org}工作{n}年，单位未为其缴纳养老保险，现{a}已达退休年龄，无法领取养老金。",
          "请求{org}补缴社会保险费或赔偿养老保险待遇损失。", "plaintiff", "arbitration", min_age=58, max_age=66, org="factory", occupation="企业职工"),
        A("社会救助纠纷", "申请人{a}家庭困难，申请最低生活保障被镇人民政府审核认定不符合条件，{a}认为符合条件，拟申请行政复议。",
          "请求依法享受最低生活保障待遇。", "plaintiff", "other", min_age=40),
    ),
    "pension_bereaved": (
        A("抚恤金纠纷", "申请人{a}的丈夫{b}生前系{org}职工，因病去世后单位未按规定发放丧葬补助金和供养亲属抚恤金。",
          "请求{org}支付丧葬补助金和供养亲属抚恤金。", "plaintiff", "arbitration", sex="female", min_age=50, max_age=75, other_sex="male", org="factory"),
    ),
    "maintenance": (
        A("赡养纠纷", "申请人{a}现年{age}岁，丧偶独居，患有{illness}，无固定收入。其子{b}等{n}名子女均不履行赡养义务，经村委会调解无果。",
          "请求判令被告每月支付赡养费并分担医疗费用。", "plaintiff", "first_instance", min_age=65, max_age=86, groups=("elderly",), other_sex="male", kin_surname=True),
        A("抚养纠纷", "申请人{a}与{b}于{year0}年离婚，婚生女随{a}生活，{b}已{m}个月未支付抚养费。",
          "请求判令被告支付拖欠的抚养费并按月给付。", "plaintiff", "first_instance", min_age=28, max_age=45),
        A("扶养纠纷", "申请人{a}因病丧失劳动能力，其配偶{b}长期外出不归，拒不承担扶养义务。",
          "请求判令被告履行扶养义务，每月支付扶养费。", "plaintiff", "first_instance", min_age=45, max_age=70),
    ),
    "wages": (
        A("追索劳动报酬纠纷", "申请人{a}等{n}人在{org}承包的工地从事钢筋工作，工程结束后被拖欠工资共计{amt}，多次讨要无果，已向劳动监察部门投诉。",
          "请求{org}支付拖欠的劳动报酬{amt}。", "plaintiff", "arbitration", sex="male", min_age=25, max_age=58, groups=("migrant_worker",), org="builder", occupation="建筑工人"),
        A("确认劳动关系纠纷", "申请人{a}在{org}工作{n}年，未签订劳动合同，工作中受伤后公司否认存在劳动关系，{a}无法申请工伤认定。",
          "请求确认与{org}存在劳动关系。", "plaintiff", "arbitration", min_age=22, max_age=58, org="factory", occupation="企业职工"),
    ),
    "civil_capacity": (
        A("申请宣告公民无民事行为能力", "申请人{a}的儿子{b}患精神疾病多年，无法辨认自己的行为，为办理财产和医疗事务，需申请宣告其为无民事行为能力人并指定监护人。",
          "请求宣告{b}为无民事行为能力人，并指定申请人为监护人。", "plaintiff", "first_instance", min_age=50, max_age=78, other_sex="male", kin_surname=True),
    ),
    "environment": (
        A("环境污染责任纠纷", "申请人{a}承包的鱼塘因上游{org}排放养殖污水，鱼类大量死亡，损失约{amt}，多次交涉未果。",
          "请求{org}停止侵害并赔偿损失{amt}。", "plaintiff", "first_instance", org="farm_coop"),
    ),
    "personal_injury": (
        A("工伤保险待遇纠纷", "申请人{a}在{org}工作时被机器轧伤右手，经认定为工伤、鉴定为九级伤残，单位拒绝支付工伤保险待遇。",
          "请求{org}支付一次性伤残补助金等工伤保险待遇。", "plaintiff", "arbitration", min_age=22, max_age=58, org="factory", occupation="企业职工"),
        A("机动车交通事故责任纠纷", "申请人{a}骑电动车被{b}驾驶的轿车撞伤，交警认定对方负全部责任，对方拒不赔偿，{a}已花费医疗费{amt}。",
          "请求赔偿医疗费、误工费、残疾赔偿金等共计{amt}。", "plaintiff", "first_instance"),
        A("医疗损害责任纠纷", "申请人{a}在区医院手术后出现并发症，认为医院存在过错，造成其身体损害。",
          "请求医院赔偿医疗损害各项损失。", "plaintiff", "first_instance"),
    ),
    "hero_honour": (
        A("英雄烈士保护纠纷", "申请人{a}系烈士{b}的近亲属，发现有人在网络上发布歪曲、丑化烈士事迹的言论，严重损害烈士名誉。",
          "请求侵权人停止侵害、消除影响、赔礼道歉。", "plaintiff", "first_instance", min_age=40),
    ),
    "bravery": (
        A("见义勇为人员受益纠纷", "申请人{a}在{road}附近河边救助落水儿童时受伤，住院花费{amt}，受益人家属拒绝给予适当补偿。",
          "请求受益人给予适当补偿。", "plaintiff", "first_instance", min_age=20, max_age=60),
    ),
    "retrial_compensation": (
        A("刑事赔偿", "申请人{a}原被判处有期徒刑，经再审改判无罪，现拟向赔偿义务机关申请国家赔偿。",
          "请求赔偿侵犯人身自由的赔偿金及精神损害抚慰金。", "plaintiff", "other", min_age=30),
    ),
    "abuse_victim": (
        A("离婚纠纷", "申请人{a}婚后长期遭受丈夫{b}殴打，有报警记录和伤情鉴定，拟起诉离婚并主张损害赔偿。",
          "请求判决离婚并赔偿损失。", "plaintiff", "first_instance", sex="female", min_age=22, max_age=60, groups=("dv_victim",), other_sex="male"),
        A("人身安全保护令", "申请人{a}长期遭受丈夫{b}的辱骂和殴打，多次报警，现急需申请人身安全保护令。",
          "请求法院发出人身安全保护令。", "plaintiff", "first_instance", sex="female", min_age=22, max_age=65, groups=("dv_victim",), other_sex="male"),
    ),
    "criminal": (
        A("刑事辩护", "申请人{a}涉嫌故意伤害被刑事拘留，现羁押于海港区看守所，家庭经济困难，无力委托辩护律师，由其{agent_rel}代为申请。",
          "请求指派律师担任辩护人。", "suspect", "investigation", sex="male", min_age=20, max_age=55, agent="kin"),
        A("刑事附带民事诉讼", "申请人{a}被{b}故意伤害致轻伤，案件已起诉至人民法院，{a}拟提起刑事附带民事诉讼，经济困难无力委托代理人。",
          "请求指派律师代理刑事附带民事诉讼。", "victim", "first_instance"),
    ),
    "other": (
        A("民间借贷纠纷", "申请人{a}系低保户，出借给{b}的{amt}到期未还，无力聘请律师起诉。",
          "请求判令{b}偿还借款{amt}。", "plaintiff", "first_instance", groups=("social_assistance",)),
        A("民间借贷纠纷", "申请人{a}被{b}起诉要求偿还借款{amt}，{a}称借款已大部分归还，但无力聘请律师应诉。",
          "请求指派律师代理应诉。", "defendant", "first_instance"),
        A("继承纠纷", "申请人{a}系残疾人，与兄弟姐妹因父母遗产继承发生纠纷，无力委托律师。",
          "请求依法分割遗产。", "plaintiff", "first_instance", groups=("disabled",)),
    ),
}
del A

# --- citizens' ratings (migration 0019_ratings) ---------------------------------------------

#: How citizens rate, by who rates: their own word is less rosy than an operator's tick
#: (工作人员代录) or what they tell the mediator who visits them (回访).
RATING_VALUES: dict[str, tuple[tuple[str, float], ...]] = {
    "citizen": (("satisfied", 71), ("fairly", 21), ("dissatisfied", 8)),
    "visit": (("satisfied", 78), ("fairly", 18), ("dissatisfied", 4)),
    "staff": (("satisfied", 86), ("fairly", 13), ("dissatisfied", 1)),
}
#: How a consultation ends up rated: on the rating screen, by a slip brought back days later,
#: ticked by the operator, or not at all.
CONSULTATION_RATING = (("screen", 58), ("slip", 9), ("entered", 15), ("none", 18))
#: Share of aid applications the applicant rates on the screen.
AID_RATED = 0.45
#: Share of concluded mediation cases the parties rate on the screen.
CASE_RATED = 0.4
#: Reviews of a 不满意: why, what was done, how the citizen was contacted.
REVIEWS: tuple[tuple[str, str, str], ...] = (
    ("群众反映排队等候时间较长，接待时工作人员同时在接电话。",
     "已调整值班安排，来访高峰时段安排两名工作人员接待；向群众当面说明情况并致歉。", "当面"),
    ("群众认为解答过于简单，没有说清楚下一步该去哪里办理。",
     "已重新约见群众，书面列明办理机关、地址和所需材料，并电话确认已办理。", "电话"),
    ("群众对调解结果不满意，认为对方履行不到位。",
     "已联系对方当事人督促履行，并告知群众可申请司法确认或向法院起诉。", "入户"),
    ("群众反映工作人员说话语气生硬。",
     "已对相关工作人员进行提醒谈话，站内开展一次接待礼仪学习；电话回访群众表示理解。", "电话"),
    ("群众认为援助申请材料要求多、往返次数多。",
     "已告知可由村委会代为出具证明，并帮助群众补齐材料后当日转交。", "电话"),
)
