"""Round trips, validation, roles, workflow and the audit trail of the store service."""

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from tests.store.conftest import ASSESSOR, LIAISON, RAW, SYSTEM, as_role
from yc_desktop.core.figures import Figures
from yc_desktop.store.errors import ValidationError, WorkflowError
from yc_desktop.store.service import DRAFT, FINAL, REVIEWED, SUBMITTED, Store


def unit_id(store: Store, name: str = "区民政局") -> int:
    unit = store.unit_by_name(name)
    assert unit is not None
    return unit.id


def test_figures_round_trip_across_reopen(store: Store, db_path: Path) -> None:
    store.save_figures(unit_id(store), 2014, "self", RAW, note="按系统统计")
    store.close()
    with Store(db_path) as reopened:
        assert reopened.figures(unit_id(reopened), 2014, "self") == Figures(**RAW)
        assert reopened.figure_note(unit_id(reopened), 2014, "self") == "按系统统计"
        assert reopened.figures(unit_id(reopened), 2014, "assessor") is None
        view = reopened.unit_view(unit_id(reopened), 2014)
        assert view.self_score is not None
        assert view.self_score.total == Decimal("99.64")
        assert view.assessor_score is None


def test_invalid_figures_never_replace_good_ones(store: Store) -> None:
    uid = unit_id(store)
    store.save_figures(uid, 2014, "self", RAW)
    audit_before = len(store.audit_entries())
    for bad in (
        {**RAW, "cases_online_accepted": 1001},
        {**RAW, "complaints": -1},
        {**RAW, "sms_satisfied": 2.5},
        {k: v for k, v in RAW.items() if k != "complaints"},
    ):
        with pytest.raises(ValidationError) as info:
            store.save_figures(uid, 2014, "self", bad)
        assert "区民政局" in info.value.message_zh
    assert store.figures(uid, 2014, "self") == Figures(**RAW)
    assert len(store.audit_entries()) == audit_before


def test_every_change_is_audited_with_before_and_after(store: Store) -> None:
    uid = unit_id(store)
    as_role(store, LIAISON, "李联络")
    store.save_figures(uid, 2014, "self", RAW)
    store.save_figures(uid, 2014, "self", {**RAW, "complaints": 7}, note="更正投诉数")
    entries = store.audit_entries(unit="区民政局")
    complaint = [e for e in entries if e.field == "complaints"]
    assert [(e.before, e.after) for e in complaint] == [("3", "7"), ("", "3")]  # newest first
    assert all(e.actor == "李联络" and e.role == LIAISON for e in complaint)
    assert any(e.field == "note" and e.after == "更正投诉数" for e in entries)
    # Unchanged fields are not logged a second time.
    assert len([e for e in entries if e.field == "cases_total"]) == 1


def test_audit_log_is_append_only(store: Store) -> None:
    entry = store.audit_entries(limit=1)[0]
    entry.after = "篡改"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete_instance()


def test_workflow_happy_path_and_snapshot(store: Store) -> None:
    uid = unit_id(store)
    as_role(store, LIAISON)
    with pytest.raises(WorkflowError):
        store.submit(uid, 2014)  # no self figures yet
    store.save_figures(uid, 2014, "self", RAW)
    assert store.submit(uid, 2014) == SUBMITTED
    with pytest.raises(WorkflowError):
        store.review(uid, 2014)  # a liaison cannot review
    as_role(store, ASSESSOR)
    with pytest.raises(WorkflowError):
        store.review(uid, 2014)  # no assessor figures yet
    store.save_figures(uid, 2014, "assessor", {**RAW, "cases_online_accepted": 740})
    assert store.review(uid, 2014) == REVIEWED
    assert store.finalise(uid, 2014) == FINAL
    snapshot = store.snapshot(uid, 2014)
    assert snapshot is not None
    assert snapshot["self"]["total"] == "99.64"
    assert snapshot["assessor"]["scores"]["acceptance"] == "35.00"
    assert snapshot["rule_set"] == "2014暂行"
    states = [(e.before, e.after) for e in store.audit_entries(unit="区民政局") if e.field == "state"]
    assert states == [(REVIEWED, FINAL), (SUBMITTED, REVIEWED), (DRAFT, SUBMITTED)]


def test_finalised_is_read_only_until_reopened_with_reason(store: Store) -> None:
    uid = unit_id(store)
    store.save_figures(uid, 2014, "assessor", RAW)
    store.review(uid, 2014)
    store.finalise(uid, 2014)
    as_role(store, ASSESSOR)
    with pytest.raises(WorkflowError, match="已定稿"):
        store.save_figures(uid, 2014, "assessor", {**RAW, "complaints": 0})
    with pytest.raises(WorkflowError):
        store.set_target_override(uid, 2014, "acceptance", 60)
    with pytest.raises(WorkflowError):
        store.set_year_targets(2014, {"acceptance": 60})
    with pytest.raises(WorkflowError, match="原因"):
        store.reopen(uid, 2014, "  ")
    assert store.reopen(uid, 2014, "统计口径更正") == REVIEWED
    assert store.snapshot(uid, 2014) is None
    reopen = next(e for e in store.audit_entries(unit="区民政局") if e.action == "重新打开")
    assert reopen.reason == "统计口径更正"
    store.save_figures(uid, 2014, "assessor", {**RAW, "complaints": 0})


def test_invalid_transitions(store: Store) -> None:
    uid = unit_id(store)
    with pytest.raises(WorkflowError):
        store.finalise(uid, 2014)  # 草稿 → 已定稿 skips review
    with pytest.raises(WorkflowError):
        store.reopen(uid, 2014, "原因")  # not final
    with pytest.raises(WorkflowError):
        store.return_to_draft(uid, 2014, "原因")  # not submitted
    store.save_figures(uid, 2014, "self", RAW)
    store.submit(uid, 2014)
    with pytest.raises(WorkflowError):
        store.submit(uid, 2014)
    assert store.return_to_draft(uid, 2014, "请补充佐证") == DRAFT


def test_roles_restrict_sides(store: Store) -> None:
    uid = unit_id(store)
    as_role(store, LIAISON)
    with pytest.raises(WorkflowError):
        store.save_figures(uid, 2014, "assessor", RAW)
    with pytest.raises(WorkflowError):
        store.set_year_targets(2014, {"acceptance": 60})
    with pytest.raises(WorkflowError):
        store.add_unit("新单位", "镇街")
    as_role(store, ASSESSOR)
    with pytest.raises(WorkflowError, match="自评"):
        store.save_figures(uid, 2014, "self", RAW)  # typed by an assessor: refused
    store.save_figures(uid, 2014, "self", RAW, source="自评文件")  # from the liaison's file: allowed
    assert store.figures(uid, 2014, "self") == Figures(**RAW)


def test_self_figures_fixed_after_review(store: Store) -> None:
    uid = unit_id(store)
    store.save_figures(uid, 2014, "self", RAW)
    store.save_figures(uid, 2014, "assessor", RAW)
    store.review(uid, 2014)
    as_role(store, LIAISON)
    with pytest.raises(WorkflowError, match="已审核"):
        store.save_figures(uid, 2014, "self", {**RAW, "complaints": 0})


def test_targets_and_overrides_are_exact(store: Store) -> None:
    uid = unit_id(store)
    assert store.year_targets(2014) == store.targets_for(uid, 2014)
    store.set_year_targets(2014, {"acceptance": Decimal("72.5")})
    assert store.year_targets(2014).acceptance == Fraction(145, 2)
    store.set_target_override(uid, 2014, "completion", 25)
    assert store.targets_for(uid, 2014).completion == 25
    assert store.targets_for(unit_id(store, "源西街道"), 2014).completion == 30
    for bad in (101, -1, "七十", 70.0, Fraction(1, 3)):
        with pytest.raises(ValidationError):
            store.set_year_targets(2014, {"acceptance": bad})
    store.set_target_override(uid, 2014, "completion", None)
    assert store.targets_for(uid, 2014).completion == 30
    fields = [(e.field, e.before, e.after) for e in store.audit_entries() if "目标" in e.action]
    assert ("acceptance", "70", "72.5") in fields


def test_new_year_gets_rule_set_defaults(store: Store) -> None:
    store.ensure_year(2016)
    targets = store.year_targets(2016)
    assert (targets.onboarding, targets.acceptance, targets.completion) == (90, 90, 50)
    assert store.years() == [2014, 2016]


def test_units_add_rename_reorder_deactivate_delete(store: Store) -> None:
    with pytest.raises(ValidationError):
        store.add_unit("区民政局", "区直部门")
    with pytest.raises(ValidationError):
        store.add_unit("  ", "镇街")
    with pytest.raises(ValidationError):
        store.add_unit("新单位", "乡镇")
    extra = store.add_unit("埔前镇", "镇街")
    store.move_unit(extra.id, 0)
    assert [u.name for u in store.units()] == ["埔前镇", "区民政局", "源西街道"]
    store.rename_unit(extra.id, "埔前镇人民政府")
    store.set_unit_active(extra.id, False)
    assert [u.name for u in store.units()] == ["区民政局", "源西街道"]
    assert len(store.units(include_inactive=True)) == 3
    uid = unit_id(store)
    store.save_figures(uid, 2014, "self", RAW)
    with pytest.raises(WorkflowError, match="停用"):
        store.delete_unit(uid)
    store.delete_unit(extra.id)  # no data: may go
    assert store.unit_by_name("埔前镇人民政府") is None
    assert any(e.action == "删除单位" for e in store.audit_entries())


def test_overview_ranks_by_assessor_then_self(store: Store) -> None:
    town = unit_id(store, "源西街道")
    store.add_unit("空单位", "镇街")
    store.save_figures(unit_id(store), 2014, "self", RAW)
    store.save_figures(town, 2014, "self", RAW)
    store.save_figures(town, 2014, "assessor", {**RAW, "cases_online_accepted": 560})
    views = {v.unit.name: v for v in store.year_overview(2014)}
    assert views["区民政局"].rank == 1
    assert views["源西街道"].rank == 2
    assert views["源西街道"].group_rank == 1
    assert views["空单位"].rank is None


def test_evidence_notes_and_difference_reasons(store: Store) -> None:
    uid = unit_id(store)
    as_role(store, LIAISON)
    store.set_evidence_note(uid, 2014, "self", "acceptance", "附系统截图")
    as_role(store, ASSESSOR)
    store.set_difference_reason(uid, 2014, "cases_online_accepted", "20件为窗口补录")
    store.set_evidence_note(uid, 2014, "assessor", "acceptance", "抽查20件")
    assert store.evidence_notes(uid, 2014, "self") == {"acceptance": "附系统截图"}
    assert store.difference_reasons(uid, 2014) == {"cases_online_accepted": "20件为窗口补录"}
    store.set_difference_reason(uid, 2014, "cases_online_accepted", "")
    assert store.difference_reasons(uid, 2014) == {}
    with pytest.raises(ValidationError):
        store.set_evidence_note(uid, 2014, "assessor", "unknown", "x")


def test_system_role_may_do_everything(store: Store) -> None:
    assert store.role == SYSTEM
    store.save_figures(unit_id(store), 2014, "self", RAW)
    store.save_figures(unit_id(store), 2014, "assessor", RAW)


def test_save_entry_is_one_transaction(store: Store) -> None:
    uid = unit_id(store)
    as_role(store, ASSESSOR)
    store.save_entry(uid, 2014, "assessor", RAW, evidence={"acceptance": "抽查"}, reasons={"complaints": "补录"})
    assert store.evidence_notes(uid, 2014, "assessor") == {"acceptance": "抽查"}
    audit_count = len(store.audit_entries())
    with pytest.raises(ValidationError):  # a bad indicator after good figures: nothing of it may stay
        store.save_entry(uid, 2014, "assessor", {**RAW, "complaints": 0}, evidence={"bogus": "x"})
    assert store.figures(uid, 2014, "assessor") == Figures(**RAW)
    assert len(store.audit_entries()) == audit_count


def test_liaison_creates_own_unit_only_in_an_empty_file(tmp_path: Path) -> None:
    with Store(tmp_path / "联络员.db", actor="李", role=LIAISON) as own:
        own.add_unit("区民政局", "区直部门")
        with pytest.raises(WorkflowError):
            own.add_unit("另一个单位", "镇街")


def test_target_overrides_listed_even_when_equal_to_the_year(store: Store) -> None:
    uid = unit_id(store)
    store.set_target_override(uid, 2014, "acceptance", 70)  # equal to the year's target: still an override
    assert store.target_overrides(2014) == {(uid, "acceptance"): Fraction(70)}
    store.rename_unit(uid, "区民政局(新)")
    assert "区民政局" in store.audit_units() and "区民政局(新)" in store.audit_units()
    assert not store.year_has_final_units(2014)


def test_override_of_zero_is_logged_as_zero(store: Store) -> None:
    uid = unit_id(store)
    store.set_target_override(uid, 2014, "completion", 0)
    store.set_target_override(uid, 2014, "completion", 10)
    entry = next(e for e in store.audit_entries() if e.action == "单位目标调整")
    assert (entry.before, entry.after) == ("0", "10")


def test_incremental_rerank_equals_a_full_reload(store: Store) -> None:
    from yc_desktop.store.service import rerank

    town = unit_id(store, "源西街道")
    store.add_unit("埔前镇", "镇街")
    for name, accepted in (("区民政局", 760), ("源西街道", 700), ("埔前镇", 600)):
        store.save_figures(unit_id(store, name), 2014, "self", {**RAW, "cases_online_accepted": accepted})
    views = store.year_overview(2014)
    assert [v.rank for v in views] == [1, 2, 3]
    store.save_figures(town, 2014, "self", {**RAW, "cases_online_accepted": 900})  # jumps to first place
    index = next(i for i, v in enumerate(views) if v.unit.id == town)
    views[index] = store.unit_view(town, 2014)
    assert rerank(views) == store.year_overview(2014)
