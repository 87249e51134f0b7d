"""The assessor password: set on first use, kept only as a salted scrypt hash, locked after repeated failures.

It guards the 考核员 role of a database file, so it lives in that file (the Setting table), not on the machine.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from yc_desktop.store.errors import StoreError, ValidationError
from yc_desktop.store.service import Store

PASSWORD_KEY = "assessor_password"
FAILURES_KEY = "assessor_password_failures"
LOCKED_UNTIL_KEY = "assessor_password_locked_until"
MAX_FAILURES = 5
LOCK_SECONDS = 300
MIN_LENGTH = 6
# scrypt cost: ~50 ms on an office PC; enough to make guessing a stolen file slow.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class PasswordLocked(StoreError):
    def __init__(self, seconds_left: int) -> None:
        minutes = max(1, (seconds_left + 59) // 60)
        super().__init__(f"密码连续输错 {MAX_FAILURES} 次,已锁定,请约 {minutes} 分钟后再试。")
        self.seconds_left = seconds_left


def _hash(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def has_assessor_password(store: Store) -> bool:
    return bool(store.setting(PASSWORD_KEY))


def set_assessor_password(store: Store, new_password: str, old_password: str | None = None) -> None:
    """Set the password (first use), or change it given the old one."""
    if has_assessor_password(store) and (old_password is None or not verify_assessor_password(store, old_password)):
        raise ValidationError("原密码不正确", "old_password")
    if len(new_password) < MIN_LENGTH:
        raise ValidationError(f"密码至少需要 {MIN_LENGTH} 个字符", "password")
    salt = secrets.token_bytes(16)
    digest = _hash(new_password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    store.set_setting(PASSWORD_KEY, f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}")
    store.record("设置考核员密码" if old_password is None else "修改考核员密码")


def verify_assessor_password(store: Store, attempt: str, now: float | None = None) -> bool:
    """Whether `attempt` is the password; raises PasswordLocked while locked after repeated failures."""
    moment = time.time() if now is None else now
    locked_until = float(store.setting(LOCKED_UNTIL_KEY, "0") or 0)
    if moment < locked_until:
        raise PasswordLocked(int(locked_until - moment))
    stored = store.setting(PASSWORD_KEY)
    if not stored:
        return False
    _, n, r, p, salt, expected = stored.split("$")
    ok = hmac.compare_digest(_hash(attempt, bytes.fromhex(salt), int(n), int(r), int(p)), bytes.fromhex(expected))
    if ok:
        store.set_setting(FAILURES_KEY, "0")
        return True
    failures = int(store.setting(FAILURES_KEY, "0") or 0) + 1
    if failures >= MAX_FAILURES:
        store.set_setting(LOCKED_UNTIL_KEY, str(moment + LOCK_SECONDS))
        store.set_setting(FAILURES_KEY, "0")
        store.record("考核员密码锁定", reason=f"连续输错 {MAX_FAILURES} 次")
    else:
        store.set_setting(FAILURES_KEY, str(failures))
    return False
