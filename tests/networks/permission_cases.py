from tests.permission_table import Case

SECTION = "Networks and membership"

#                          anon  non  pend  mem  mod  edit host comm staff
CASES = [
    Case("view_network", "a public network", "YYYYYYYYY"),
    Case("view_network", "a members-only network", "---YYYYYY", members_only=True),
    Case("join_network", "a public network", "-Y-----YY"),
    Case("join_network", "a members-only network", "-Y-----YY", members_only=True),
    Case("leave_network", "a network", "--YYYYY--"),
    Case("take_part", "a public network", "---YYYYYY"),
    Case("take_part", "a members-only network", "---YYYYYY", members_only=True),
    Case("approve_membership", "a members-only network", "----YY--Y", members_only=True),
    Case("manage_members", "a network", "-----Y--Y"),
    Case("assign_editor", "a network", "--------Y"),
    Case("edit_network_pages", "a network", "-----Y--Y"),
    Case("administer_memberships", "all networks, in the Wagtail admin", "--------Y"),
]
