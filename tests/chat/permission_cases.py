from tests.permission_table import Case

SECTION = "Live chats"


def _chat(network, actor):
    from tests.chat.factories import make_chat

    return make_chat(network, title="Table chat")


def _chat_naming_them(network, actor):
    """A chat that names the actor as co-host and as extra moderator (anonymous visitors cannot be named)."""
    from tests.chat.factories import make_chat

    named = [actor] if actor.is_authenticated else []
    return make_chat(network, title="Table chat naming them", hosts=named, moderators=named)


def _chat_muting_them(network, actor):
    from chat.models import ChatMute
    from tests.chat.factories import make_chat

    chat = make_chat(network, title="Table chat muting them")
    if actor.is_authenticated:
        ChatMute.objects.create(chat=chat, user=actor)
    return chat


#                          anon  non  pend  mem  mod  edit host comm staff
CASES = [
    Case("view_chat", "a chat in a public network", "YYYYYYYYY", make=_chat),
    Case("view_chat", "a chat in a members-only network", "---YYYYYY", members_only=True, make=_chat),
    Case("take_part_in_chat", "a chat in a public network", "---YYYYYY", make=_chat),
    Case("take_part_in_chat", "a chat in a members-only network", "---YYYYYY", members_only=True, make=_chat, unverified="----YYYYY"),
    Case("take_part_in_chat", "a chat that muted them", "---------", make=_chat_muting_them),
    Case("moderate_chat", "a chat in their network", "----YY--Y", make=_chat),
    Case("moderate_chat", "a chat naming them as moderator", "-YYYYYYYY", make=_chat_naming_them),
    Case("answer_in_chat", "a chat in their network", "------Y--", make=_chat),
    Case("answer_in_chat", "a chat naming them as co-host", "-YYYYYYYY", make=_chat_naming_them),
    Case("run_chat", "a chat in their network", "----YYY-Y", make=_chat),
    Case("post_without_rate_limit", "a chat in their network", "----YYY-Y", make=_chat),
    Case("post_without_rate_limit", "a chat naming them as co-host and moderator", "-YYYYYYYY", make=_chat_naming_them),
    Case("be_muted_in_chat", "a chat in their network (asked of the member to be muted)", "-YYY---Y-", make=_chat),
    Case("be_muted_in_chat", "a chat naming them as co-host and moderator", "---------", make=_chat_naming_them),
    Case("run_chat_poll", "a chat in their network", "----YYY-Y", make=_chat),
    Case("run_chat_poll", "a chat naming them as co-host and moderator", "-YYYYYYYY", make=_chat_naming_them),
    Case("answer_chat_poll", "a chat in a public network", "---YYYYYY", make=_chat),
    Case("answer_chat_poll", "a chat in a members-only network", "---YYYYYY", members_only=True, make=_chat, unverified="----YYYYY"),
    Case("answer_chat_poll", "a chat that muted them", "---------", make=_chat_muting_them),
    Case("choose_answering_now", "a chat in their network", "----YYY-Y", make=_chat),
    Case("choose_answering_now", "a chat naming them as co-host and moderator", "-YYYYYYYY", make=_chat_naming_them),
    Case("be_reminded_of_chat", "a chat in a public network", "-YYYYYYYY", make=_chat),
    Case("be_reminded_of_chat", "a chat in a members-only network", "---YYYYYY", members_only=True, make=_chat),
]
