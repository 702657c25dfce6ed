from tests.bulletins.factories import make_bulletin
from tests.permission_table import Case

SECTION = "Network bulletins"


def _a_bulletin(network, actor):
    return make_bulletin(network, title="Table bulletin", subject="Table bulletin")


def _a_commission_page(network, actor):
    from tests.commissions.factories import commission_page
    from tests.networks import factories

    return commission_page(factories.make_commission())


#                          anon  non  pend  mem  mod  edit host comm staff
CASES = [
    Case("write_bulletin", "a network", "-----Y--Y"),
    Case("write_bulletin", "a bulletin in a members-only network", "-----Y--Y", members_only=True, make=_a_bulletin),
    Case("send_bulletin", "a network", "-----Y--Y"),
    Case("send_bulletin", "a bulletin", "-----Y--Y", make=_a_bulletin),
    Case("see_delivery_report", "a bulletin", "-----Y--Y", make=_a_bulletin),
    Case("write_bulletin", "a policy commission's page", "--------Y", make=_a_commission_page),
    Case("send_bulletin", "a policy commission's page", "--------Y", make=_a_commission_page),
]
