from __future__ import annotations

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from reintegra.core.management.commands.daily import DAILY_JOBS


def test_every_daily_job_is_a_real_command():
    assert set(DAILY_JOBS) <= set(get_commands())


@pytest.mark.django_db
def test_daily_runs_every_job(capsys):
    call_command("daily")
    out = capsys.readouterr().out
    for job in DAILY_JOBS:
        assert f"{job}:" in out


@pytest.mark.django_db
def test_one_failing_job_does_not_stop_the_others(monkeypatch, capsys):
    from reintegra.core.management.commands import daily

    real = daily.call_command

    def flaky(name, **kwargs):
        if name == DAILY_JOBS[0]:
            raise RuntimeError("database unavailable")
        return real(name, **kwargs)

    monkeypatch.setattr(daily, "call_command", flaky)
    with pytest.raises(CommandError, match="1 daily job"):
        call_command("daily")
    captured = capsys.readouterr()
    assert "database unavailable" in captured.err
    assert all(f"{job}:" in captured.out for job in DAILY_JOBS[1:])
