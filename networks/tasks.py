"""Background work: email leaves the request through django-tasks."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from networks.email_headers import header_text


@task()
def send_email(
    to: list[str], subject: str, text: str, html: str = "", headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> int:
    # Headers are made single-line here too, so a task queued before a name was cleaned still sends.
    message = EmailMultiAlternatives(
        subject=header_text(subject),
        body=text,
        to=to,
        headers={name: header_text(value) for name, value in (headers or {}).items()},
        from_email=header_text(from_email) if from_email else None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
