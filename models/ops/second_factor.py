"""The second factor of a console account: an authenticator app (TOTP, RFC 6238) and ten
one-time recovery codes for when the phone is lost. Flush only, never commit.

- The seed is 160 random bits (pyotp, from the ``secrets`` module), kept encrypted with a
  key derived from SECRET_KEY (``SeedBox``): a copy of the database alone cannot make codes.
- A code is 6 digits for a 30-second step; the step before and after are accepted for
  clock drift. A code is taken once: the account remembers the last step it accepted and
  the update that moves it forward is conditional, so the same code sent twice — even at
  the same instant to two hosts — signs in once.
- Recovery codes carry 80 random bits each, are shown once and stored as argon2id hashes
  (ASVS 5.0 6.5.2: under 112 bits needs a password hash); each works once.
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime

import pyotp
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import delete, func, select, update

from models.staff import RecoveryCode, User

#: RFC 6238 defaults, which every authenticator app supports.
STEP_SECONDS = 30
DIGITS = 6
#: Steps accepted before and after the current one (clock drift between phone and server).
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
#: 16 base32 characters: 80 bits.
RECOVERY_CODE_LENGTH = 16


class SeedBox:
    """Encrypts TOTP seeds with keys derived from SECRET_KEY (and its former values, so a
    rotated key still opens the seeds sealed before)."""

    def __init__(self, secret_keys: Sequence[str]):
        self._fernet = MultiFernet([Fernet(self.derive(key)) for key in secret_keys])

    @staticmethod
    def derive(secret_key: str) -> bytes:
        digest = hmac.new(secret_key.encode("utf-8"), b"hailong/totp-seed",
                          hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest)

    def seal(self, seed: str) -> str:
        return self._fernet.encrypt(seed.encode("ascii")).decode("ascii")

    def open(self, sealed: str | None) -> str | None:
        """Return the seed, or None when it cannot be opened (no seed, or another key)."""
        if not sealed:
            return None
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, ValueError):
            return None


def new_seed() -> str:
    """Return a fresh TOTP seed: 160 random bits in base32."""
    return pyotp.random_base32(32)


def provisioning_uri(seed: str, account: str, issuer: str) -> str:
    """Return the otpauth:// URI an authenticator app reads from the enrolment QR code."""
    return pyotp.TOTP(seed, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer)


def clean_code(typed: str) -> str:
    """Return a typed code without spaces or dashes, upper case."""
    return "".join(typed.split()).replace("-", "").upper()


def matching_step(seed: str, typed: str, now: float) -> int | None:
    """Return the time step whose code was typed (within the drift allowed), or None."""
    code = clean_code(typed)
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(seed, digits=DIGITS, interval=STEP_SECONDS)
    step = int(now // STEP_SECONDS)
    found = None
    for candidate in range(max(0, step - DRIFT_STEPS), step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            found = candidate
    return found


def claim_step(session, user_id: int, step: int) -> bool:
    """Accept the code of step once: False when it, or a later one, was accepted already."""
    result = session.execute(
        update(User).where(User.id == user_id)
        .where((User.totp_last_step.is_(None)) | (User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def start_enrolment(session, user: User, sealed_seed: str) -> None:
    """Give the account a new seed that is not in use until confirmed; flush only."""
    user.totp_secret = sealed_seed
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.flush()


def confirm_enrolment(session, user: User, step: int, now: datetime) -> None:
    """Turn the second factor on with the step of the code that proved the app works."""
    user.totp_enabled_at = now
    user.totp_last_step = step
    session.flush()


def new_recovery_codes(session, user: User, hash_code: Callable[[str], str],
                       now: datetime) -> list[str]:
    """Replace the account's recovery codes; return the new ones (shown once)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_code(code), created_at=now)
                    for code in codes)
    session.flush()
    return [format_recovery_code(code) for code in codes]


def _recovery_code() -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(secrets.choice(alphabet) for _ in range(RECOVERY_CODE_LENGTH))


def format_recovery_code(code: str) -> str:
    """Return a code as shown: four groups of four."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def use_recovery_code(session, user_id: int, typed: str,
                      code_matches: Callable[[str, str], bool], now: datetime) -> bool:
    """Spend a recovery code: True once per code, False for any other text."""
    code = clean_code(typed)
    if len(code) != RECOVERY_CODE_LENGTH:
        return False
    unused = session.execute(select(RecoveryCode.id, RecoveryCode.code_hash).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))).all()
    for code_id, code_hash in unused:
        if code_matches(code_hash, code):
            spent = session.execute(update(RecoveryCode).where(
                RecoveryCode.id == code_id, RecoveryCode.used_at.is_(None)
            ).values(used_at=now))
            return spent.rowcount == 1
    return False


def recovery_codes_left(session, user_id: int) -> int:
    """Return how many recovery codes the account has not used."""
    return session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))) or 0


def reset_second_factor(session, user: User) -> None:
    """Remove the account's authenticator and recovery codes; flush only."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.flush()
