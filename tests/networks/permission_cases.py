from tests.networks import factories
from tests.permission_table import Case, about_nothing

SECTION = "Networks and membership"

#                          anon  non  pend  mem  mod  edit host comm staff
CASES = [
    Case("view_network", "a public network", "YYYYYYYYY"),
    Case("view_network", "a members-only network", "---YYYYYY", members_only=True),
    Case("join_network", "a public network", "-Y-----YY"),
    Case("join_network", "a members-only network", "-Y-----YY", members_only=True, unverified="-------YY"),
    Case("leave_network", "a network", "--YYYYY--"),
    Case("take_part", "a public network", "---YYYYYY"),
    Case("take_part", "a members-only network", "---YYYYYY", members_only=True, unverified="------YYY"),
    Case("approve_membership", "a members-only network", "----YY--Y", members_only=True),
    Case("manage_members", "a network", "-----Y--Y"),
    Case("assign_editor", "a network", "--------Y"),
    Case("edit_network_pages", "a network", "-----Y--Y"),
    Case("administer_memberships", "all networks, in the Wagtail admin", "--------Y"),
    Case("act_as_party_member", "what rests on a verified membership (staff and commission members are exempt)", "-YYYYYYYY", make=about_nothing, unverified="-------YY"),
    Case("administer_membership_list", "the party's membership list, in the Wagtail admin", "--------Y", make=about_nothing),
    Case("verify_membership", "their own account (once)", "---------", make=about_nothing, unverified="-YYYYYYYY"),
]


def a_document(network, actor):
    return factories.make_document(network)


def a_site_document(network, actor):
    return factories.make_document(None)


def an_image(network, actor):
    return factories.make_image(network)


def a_site_image(network, actor):
    return factories.make_image(None)


#                          anon  non  pend  mem  mod  edit host comm staff
CASES += [
    Case("view_document", "a document in a public network's collection", "YYYYYYYYY", make=a_document),
    Case("view_document", "a document in a members-only network's collection", "---YYYYYY", members_only=True, make=a_document),
    Case("view_document", "a document in the site's own collection", "YYYYYYYYY", members_only=True, make=a_site_document),
    Case("view_image", "an image in a public network's collection", "YYYYYYYYY", make=an_image),
    Case("view_image", "an image in a members-only network's collection", "---YYYYYY", members_only=True, make=an_image),
    Case("view_image", "an image in the site's own collection", "YYYYYYYYY", members_only=True, make=a_site_image),
]


def an_ordinary_account(network, actor):
    return factories.make_user(name="Sam Suspendable")


def a_staff_account(network, actor):
    from django.contrib.auth import get_user_model

    user = factories.make_user(name="Pat Staff")
    get_user_model().objects.filter(pk=user.pk).update(is_staff=True)
    user.is_staff = True
    return user


def their_own_account(network, actor):
    return actor


#                          anon  non  pend  mem  mod  edit host comm staff
CASES += [
    Case("suspend_member", "a member's account, site-wide", "--------Y", make=an_ordinary_account),
    Case("suspend_member", "a staff account (the table's staff are superusers)", "--------Y", make=a_staff_account),
    Case("suspend_member", "their own account", "---------", make=their_own_account),
    Case("manage_suspensions", "the suspensions and the moderators' requests", "--------Y", make=about_nothing),
    Case("request_suspension", "a network (asked from its flag queue)", "----YY--Y"),
]
