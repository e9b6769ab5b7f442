"""API tokens: made by the CLI, stored only as a hash, revocable, used and recorded."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from advisor.enums import Role
from advisor.extensions import db
from advisor.models import ApiToken
from advisor.models.columns import utcnow
from advisor.services import api_tokens
from advisor.services.users import set_active


def _call_with(client, secret: str):  # type: ignore[no-untyped-def]
    return client.get("/api/v1/plugins", headers={"Authorization": f"Bearer {secret}"})


def test_the_cli_prints_a_token_once_that_works_as_the_account(runner, client, make_user):
    make_user(Role.ADVISOR, "ada@office.test")
    result = runner.invoke(args=["tokens", "create", "ADA@office.test", "--name", "SIS sync"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("ma_") and len(secret) > 40
    assert "not shown again" in result.stderr
    assert _call_with(client, secret).status_code == 200
    token = db.session.scalar(sa.select(ApiToken))
    assert (token.user.email, token.name) == ("ada@office.test", "SIS sync")


def test_the_cli_names_the_problem_and_creates_nothing(runner, make_user):
    result = runner.invoke(args=["tokens", "create", "nobody@office.test"])
    assert result.exit_code == 1
    assert "email: no account for nobody@office.test" in result.stderr
    user = make_user(Role.VIEWER, "gone@office.test")
    set_active(user, False)
    db.session.commit()
    result = runner.invoke(args=["tokens", "create", "gone@office.test"])
    assert result.exit_code == 1 and "disabled" in result.stderr
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_only_a_hash_of_the_token_is_stored(app, make_user):
    new = api_tokens.create_token(make_user(Role.ADMIN), "backup script")
    db.session.commit()
    row = db.session.execute(sa.select(ApiToken.__table__)).one()
    stored = " ".join(str(value) for value in row)
    assert new.secret not in stored
    assert new.secret[len(new.token.prefix):] not in stored  # not even the hidden part
    assert row.token_hash == hashlib.sha256(new.secret.encode()).hexdigest()
    assert new.secret.startswith(row.prefix)


def test_two_tokens_never_share_a_secret(app, make_user):
    user = make_user(Role.ADMIN)
    secrets = {api_tokens.create_token(user, f"t{i}").secret for i in range(20)}
    assert len(secrets) == 20


def test_list_shows_prefixes_not_secrets_and_revoke_by_prefix_ends_the_token(runner, client,
                                                                                make_user):
    new = api_tokens.create_token(make_user(Role.ADVISOR), "nightly export")
    db.session.commit()
    listing = runner.invoke(args=["tokens", "list"])
    assert f"{new.token.prefix}…" in listing.output and "nightly export" in listing.output
    assert new.secret not in listing.output and "[live]" in listing.output

    revoked = runner.invoke(args=["tokens", "revoke", new.token.prefix])
    assert revoked.exit_code == 0, revoked.output
    assert _call_with(client, new.secret).status_code == 401
    assert "revoked" in runner.invoke(args=["tokens", "list"]).output
    again = runner.invoke(args=["tokens", "revoke", new.token.prefix + "…"])
    assert "already revoked" in again.output


def test_revoking_an_unknown_prefix_fails(runner):
    result = runner.invoke(args=["tokens", "revoke", "ma_nothing"])
    assert result.exit_code == 1 and "no token starts with" in result.stderr


def test_use_is_recorded_at_most_once_a_minute(app, make_user):
    new = api_tokens.create_token(make_user(Role.VIEWER), "poller")
    db.session.commit()
    assert new.token.last_used_at is None
    start = utcnow()
    assert api_tokens.authenticate(new.secret, now=start) is new.token
    assert new.token.last_used_at == start
    api_tokens.authenticate(new.secret, now=start + timedelta(seconds=30))
    assert new.token.last_used_at == start
    later = start + timedelta(minutes=2)
    api_tokens.authenticate(new.secret, now=later)
    db.session.expire_all()
    assert db.session.get(ApiToken, new.token.id).last_used_at == later


def test_a_request_records_when_the_token_was_last_used(client, make_user):
    new = api_tokens.create_token(make_user(Role.VIEWER), "poller")
    db.session.commit()
    before = utcnow()
    assert _call_with(client, new.secret).status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, new.token.id).last_used_at >= before


def test_refusals_say_why(app, make_user):
    user = make_user(Role.VIEWER)
    new = api_tokens.create_token(user, "t")
    db.session.commit()
    assert api_tokens.authenticate("ma_" + "x" * 43) is api_tokens.Refusal.UNKNOWN
    assert api_tokens.authenticate("not-even-ours") is api_tokens.Refusal.UNKNOWN
    assert api_tokens.authenticate("ma_" + "x" * 500) is api_tokens.Refusal.UNKNOWN
    set_active(user, False)
    assert api_tokens.authenticate(new.secret) is api_tokens.Refusal.ACCOUNT_DISABLED
    set_active(user, True)
    api_tokens.revoke_token(new.token)
    assert api_tokens.authenticate(new.secret) is api_tokens.Refusal.REVOKED


@pytest.mark.parametrize("name, problem", [
    ("  ", "name: must not be blank"),
    ("x" * 101, "name: is longer than 100 characters"),
    ("tab\there", "name: contains a control character"),
])
def test_a_name_is_required_and_bounded(app, make_user, name, problem):
    with pytest.raises(api_tokens.TokenError) as refused:
        api_tokens.create_token(make_user(Role.VIEWER), name)
    assert str(refused.value) == problem
