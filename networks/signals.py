"""Signals the ground floor sends for what apps above it must react to.

`sessions_ended`: a member's sessions have ended other than by their own sign-out (staff
suspended the account, or signed it out everywhere). Send it after the sessions are gone:

    sessions_ended.send(sender=Suspension, user_ids=[member.pk])

Apps that hold live connections for a session hear of it here: the live chat closes the
member's open chat sockets with close code 4401 (docs/chat-protocol.md). A sign-out, a
password change and a deactivated account need no signal: the chat hears of those itself.
"""

from django.dispatch import Signal

sessions_ended = Signal()
