from tests.bulletins.factories import make_bulletin
from tests.permission_table import Case

SECTION = "Network bulletins"


def _a_bulletin(network, actor):
    return make_bulletin(network, title="Table bulletin", subject="Table bulletin")


def _a_commission_page(network, actor):
    from tests.commissions.factories import commission_page
    from tests.networks import factories

    return commission_page(factories.make_commission())


def _coordinators_page(coordinator: bool):
    """The North West coordinators' list; the actor coordinates a constituency there when `coordinator`."""

    def make(network, actor):
        from bulletins.models import CoordinatorBulletinsPage
        from tests.home.factories import site_tree
        from tests.networks.factories import make_constituency, make_coordinator, make_region

        region = make_region("North West")
        page = CoordinatorBulletinsPage.objects.filter(region=region).first()
        if page is None:
            home, _ = site_tree()
            page = home.add_child(instance=CoordinatorBulletinsPage(title="Coordinators: North West", slug="coordinators-nw", region=region))
        if coordinator and actor.is_authenticated:
            make_coordinator(actor, make_constituency("Table Constituency", region=region))
        return page

    return make


#                          anon  non  pend  mem  mod  edit host comm staff
CASES = [
    Case("write_bulletin", "a network", "-----Y--Y"),
    Case("write_bulletin", "a bulletin in a members-only network", "-----Y--Y", members_only=True, make=_a_bulletin),
    Case("send_bulletin", "a network", "-----Y--Y"),
    Case("send_bulletin", "a bulletin", "-----Y--Y", make=_a_bulletin),
    Case("see_delivery_report", "a bulletin", "-----Y--Y", make=_a_bulletin),
    Case("write_bulletin", "a policy commission's page", "--------Y", make=_a_commission_page),
    Case("send_bulletin", "a policy commission's page", "--------Y", make=_a_commission_page),
    Case("read_coordinator_bulletins", "a region's coordinators' updates, the actor a coordinator there", "-YYYYYYYY", make=_coordinators_page(True)),
    Case("read_coordinator_bulletins", "a region's coordinators' updates, the actor not a coordinator (its office also may)", "--------Y", make=_coordinators_page(False)),
    Case("write_bulletin", "a coordinators' list", "--------Y", make=_coordinators_page(True)),
    Case("send_bulletin", "a coordinators' list", "--------Y", make=_coordinators_page(True)),
]
