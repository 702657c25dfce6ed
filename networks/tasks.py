"""Background work: email leaves the request through django-tasks."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    to: list[str], subject: str, text: str, html: str = "", headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> int:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers or {}, from_email=from_email)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
