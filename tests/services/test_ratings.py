"""Citizens' ratings: sources, returned slips, the 不满意 review with its deadline, the
operator's password that closes the rating screen, and old satisfaction carried over."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from workstation.domain.rating import review_due
from workstation.services import ratings
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError
from workstation.services.permissions import NotPermitted
from workstation.storage.engine import Database

# A Thursday: five working days later is the next Thursday.
RATED_AT = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def test_review_due_counts_working_days() -> None:
    assert review_due(date(2026, 12, 3)) == date(2026, 12, 10)  # Thu → Thu
    assert review_due(date(2026, 12, 5)) == date(2026, 12, 11)  # Sat → Fri


def test_citizen_rating_from_the_screen(db: Database, actor: Actor, sql, make) -> None:
    cid = register_consultation(db, actor, make.consultation())
    rid = ratings.record_rating(db, actor, record_type="consultation", record_id=cid,
                                value="satisfied", source="citizen", method="screen",
                                reasons=["clear", "quick", "clear"], rated_at=RATED_AT)
    (info,) = ratings.ratings_of(db, "consultation", cid)
    assert info.id == rid
    assert (info.value_label, info.source_label, info.method_label) == (
        "满意", "群众自评", "评价屏")
    assert info.reason_labels == "讲解清楚、办理及时"
    assert sql.count("rating_review") == 0
    assert sql.count("change_log", "table_name = 'rating'") == 1
    (audit,) = sql.rows("SELECT * FROM audit_entry WHERE action = 'rating'")
    assert audit.record_id == rid and "满意（群众自评·评价屏）" in audit.detail


def test_dissatisfied_opens_a_review_for_the_admin(db: Database, actor: Actor, sql,
                                                   make) -> None:
    cid = register_consultation(db, actor, make.consultation())
    ratings.record_rating(db, actor, record_type="consultation", record_id=cid,
                          value="dissatisfied", source="citizen", method="screen",
                          reasons=["slow"], rated_at=RATED_AT)
    (review,) = ratings.reviews(db)
    assert review.due_on == date(2026, 12, 10)
    assert review.reason_labels == "等待时间长" and review.kind_label == "法律咨询"
    assert not review.overdue(date(2026, 12, 10)) and review.overdue(date(2026, 12, 11))
    assert ratings.overdue_reviews(db, date(2026, 12, 11)) == 1
    assert ratings.overdue_reviews(db, date(2026, 12, 10)) == 0

    with pytest.raises(ServiceError, match="请填写采取的措施"):
        ratings.close_review(db, actor, review.id, reason="等得太久", action_taken="",
                             contacted_on=date(2026, 12, 4), contact_method="电话",
                             today=date(2026, 12, 8))
    with pytest.raises(ServiceError, match="不能晚于今天"):
        ratings.close_review(db, actor, review.id, reason="等得太久", action_taken="调整排班",
                             contacted_on=date(2026, 12, 9), contact_method="电话",
                             today=date(2026, 12, 8))
    assert ratings.reviews(db)[0].closed_at is None  # nothing half-saved
    ratings.close_review(db, actor, review.id, reason="等得太久", action_taken="调整排班",
                         contacted_on=date(2026, 12, 4), contact_method="电话",
                         today=date(2026, 12, 8))
    assert ratings.reviews(db) == []
    (closed,) = ratings.reviews(db, open_only=False)
    assert closed.closed_by_name and closed.action_taken == "调整排班"
    assert closed.contacted_on == date(2026, 12, 4)
    assert ratings.overdue_reviews(db, date(2027, 1, 1)) == 0
    with pytest.raises(ServiceError, match="已处理完毕"):
        ratings.close_review(db, actor, review.id, reason="x", action_taken="y",
                             contacted_on=date(2026, 12, 4), contact_method="电话",
                             today=date(2026, 12, 8))


def test_only_the_admin_closes_a_review(db: Database, actor: Actor, make) -> None:
    cid = register_consultation(db, actor, make.consultation())
    ratings.record_rating(db, actor, record_type="consultation", record_id=cid,
                          value="dissatisfied", source="citizen", method="slip")
    clerk = Actor(actor.operator_id, actor.station_id, "clerk", "李四", "operator")
    (review,) = ratings.reviews(db)
    with pytest.raises(NotPermitted):
        ratings.close_review(db, clerk, review.id, reason="a", action_taken="b",
                             contacted_on=date(2026, 12, 4), contact_method="电话")


def test_returned_slip_is_the_citizens_own_rating(db: Database, actor: Actor, sql,
                                                  make) -> None:
    cid = register_consultation(db, actor, make.consultation())
    (number,) = [r.number for r in sql.rows("SELECT number FROM consultation")]
    ratings.enter_returned_slip(db, actor, number=f" {number} ", value="fairly",
                                reasons=["friendly"])
    (info,) = ratings.ratings_of(db, "consultation", cid)
    assert (info.source, info.method) == ("citizen", "slip")
    with pytest.raises(ServiceError, match="找不到编号"):
        ratings.enter_returned_slip(db, actor, number="〔2026〕海咨字第9999号", value="fairly")


def test_bad_ratings_are_refused(db: Database, actor: Actor, sql, make) -> None:
    cid = register_consultation(db, actor, make.consultation())

    def rate(**kw):
        values = {"record_type": "consultation", "record_id": cid, "value": "satisfied",
                  "source": "citizen", "method": "screen"} | kw
        return ratings.record_rating(db, actor, **values)

    with pytest.raises(ServiceError, match=r"回收评价单.*群众自评"):
        rate(source="staff", method="slip")
    with pytest.raises(ServiceError, match="请选择满意"):
        rate(value="great")
    with pytest.raises(ServiceError, match="评价理由"):
        rate(reasons=["bribe"])
    with pytest.raises(ServiceError, match="不能评价"):
        rate(record_type="person")
    with pytest.raises(ServiceError, match="找不到"):
        rate(record_id="00000000-0000-0000-0000-000000000000")
    assert sql.count("rating") == 0


def test_staff_ticked_satisfaction_is_recorded_as_staff(db: Database, actor: Actor,
                                                        make) -> None:
    cid = register_consultation(db, actor, make.consultation(satisfaction="satisfied"))
    (info,) = ratings.ratings_of(db, "consultation", cid)
    assert (info.source_label, info.method_label) == ("工作人员代录", "登记时录入")


def test_screen_closes_only_with_the_operators_password(db: Database, actor: Actor, sql,
                                                       make) -> None:
    with pytest.raises(ratings.ScreenReleaseFailed, match="密码错误"):
        ratings.release_screen(db, actor, "wrong-password", "consultation", "x")
    ratings.release_screen(db, actor, make.password, "consultation", "x")
    actions = [r.action for r in sql.rows(
        "SELECT action FROM audit_entry WHERE action LIKE 'rating.%' ORDER BY seq")]
    assert actions == ["rating.screen_close_failed", "rating.screen_closed"]


def test_reviews_on_the_admins_workbench(db: Database, actor: Actor, make) -> None:
    from workstation.services.dashboard import load_dashboard

    cid = register_consultation(db, actor, make.consultation())
    ratings.record_rating(db, actor, record_type="consultation", record_id=cid,
                          value="dissatisfied", source="citizen", method="screen",
                          reasons=["attitude"], rated_at=RATED_AT)

    def review_items(who: Actor, today: date) -> list:
        return [i for i in load_dashboard(db, who, today).deadlines
                if i.kind == "rating_review"]

    assert review_items(actor, date(2026, 12, 1)) == []  # due 12-10: beyond the horizon
    (item,) = review_items(actor, date(2026, 12, 11))
    assert item.overdue and (item.record_type, item.record_id) == ("consultation", cid)
    assert item.kind_label == "不满意评价待核查"
    assert item.title == "法律咨询：群众自评不满意（态度不好）"
    clerk = Actor(actor.operator_id, actor.station_id, "clerk", "李四", "operator")
    assert review_items(clerk, date(2026, 12, 11)) == []  # the admin's task
    (review,) = ratings.reviews(db)
    ratings.close_review(db, actor, review.id, reason="说话急躁", action_taken="提醒谈话",
                         contacted_on=date(2026, 12, 4), contact_method="电话",
                         today=date(2026, 12, 8))
    assert review_items(actor, date(2026, 12, 11)) == []


def test_a_corrected_tick_moves_the_staff_rating_not_the_citizens(db: Database, actor: Actor,
                                                                  make, sql) -> None:
    from dataclasses import replace

    from workstation.services.corrections import correct_consultation

    data = make.consultation(satisfaction="satisfied")
    cid = register_consultation(db, actor, data)
    ratings.record_rating(db, actor, record_type="consultation", record_id=cid,
                          value="satisfied", source="citizen", method="screen")
    correct_consultation(db, actor, cid, replace(data, satisfaction="dissatisfied"), "勾错了")
    by_source = {r.source: r.value for r in ratings.ratings_of(db, "consultation", cid)}
    assert by_source == {"staff": "dissatisfied", "citizen": "satisfied"}
    (changed,) = sql.rows("SELECT * FROM change_log WHERE table_name = 'rating' AND op = 'U'")
    assert changed.version == 2  # the new version travels in the next bundle
    assert len(ratings.reviews(db)) == 1  # the corrected 不满意 is reviewed like any other
    with pytest.raises(ServiceError, match="不能清除"):
        correct_consultation(db, actor, cid, replace(data, satisfaction=None), "清除")
    assert {r.source: r.value for r in ratings.ratings_of(db, "consultation", cid)} == by_source
