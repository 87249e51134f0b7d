import pytest

from yc_desktop.store.auth import (
    LOCK_SECONDS,
    PASSWORD_KEY,
    PasswordLocked,
    has_assessor_password,
    set_assessor_password,
    verify_assessor_password,
)
from yc_desktop.store.errors import ValidationError
from yc_desktop.store.service import Store


def test_password_is_stored_only_as_salted_hash(store: Store) -> None:
    assert not has_assessor_password(store)
    set_assessor_password(store, "考核2014密码")
    stored = store.setting(PASSWORD_KEY)
    assert stored.startswith("scrypt$") and "考核2014密码" not in stored
    assert verify_assessor_password(store, "考核2014密码")
    assert not verify_assessor_password(store, "wrong-one")
    set_assessor_password(store, "考核2014密码", old_password="考核2014密码")  # same password → a new salt
    store_two = store.setting(PASSWORD_KEY)
    assert store_two != stored


def test_short_password_and_wrong_old_password_refused(store: Store) -> None:
    with pytest.raises(ValidationError):
        set_assessor_password(store, "12345")
    set_assessor_password(store, "123456")
    with pytest.raises(ValidationError, match="原密码"):
        set_assessor_password(store, "abcdefg", old_password="000000")
    set_assessor_password(store, "abcdefg", old_password="123456")
    assert verify_assessor_password(store, "abcdefg")


def test_five_wrong_tries_lock_for_a_while(store: Store) -> None:
    set_assessor_password(store, "right-password")
    start = 1_000_000.0
    for attempt in range(5):
        assert not verify_assessor_password(store, f"wrong{attempt}", now=start + attempt)
    with pytest.raises(PasswordLocked) as info:
        verify_assessor_password(store, "right-password", now=start + 10)
    assert "锁定" in info.value.message_zh
    assert verify_assessor_password(store, "right-password", now=start + 5 + LOCK_SECONDS)
    assert any(entry.action == "考核员密码锁定" for entry in store.audit_entries())


def test_success_resets_the_failure_count(store: Store) -> None:
    set_assessor_password(store, "right-password")
    for _ in range(4):
        verify_assessor_password(store, "wrong", now=0)
    assert verify_assessor_password(store, "right-password", now=0)
    for _ in range(4):
        assert not verify_assessor_password(store, "wrong", now=1)
    assert verify_assessor_password(store, "right-password", now=2)  # not locked: the count was reset
