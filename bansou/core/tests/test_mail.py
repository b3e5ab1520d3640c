"""The demo's e-mail backend prints a Japanese message readable, and the deploy check refuses it."""

import io

from django.core.checks import Error
from django.core.mail import EmailMessage

from bansou.core.mail import BACKEND, ConsoleBackend, check_console_backend


def test_the_console_backend_prints_the_message_decoded():
    stream = io.StringIO()
    message = EmailMessage(
        "【bansou】12/08 のフォローアップと予定",
        "経営指導員 青木 健 さん\n\n■ 期限超過のフォローアップ (1)\n・令和6年12月8日 新井旅館",
        "bansou@example.jp",
        ["advisor@example.jp"],
    )
    message.attach("ご報告のお願い.pdf", b"%PDF-1.7", "application/pdf")
    ConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: 【bansou】12/08 のフォローアップと予定" in printed
    assert "To: advisor@example.jp" in printed
    assert "■ 期限超過のフォローアップ (1)\n・令和6年12月8日 新井旅館" in printed
    assert "[添付: ご報告のお願い.pdf]" in printed
    assert "base64" not in printed


def test_the_deploy_check_refuses_it(settings):
    settings.MAILERS = {"default": {"BACKEND": BACKEND}}
    assert [e.id for e in check_console_backend(None)] == ["bansou.E001"]
    assert isinstance(check_console_backend(None)[0], Error)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    assert check_console_backend(None) == []
