"""Importing the party's membership list: re-runnable, all or nothing, bad rows by line, a dry run, lapses."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from networks.membership_list import ImportFailed, import_membership_list
from networks.models import MembershipImport, MembershipRecord, UnitMembership
from networks.permissions import can, forget_roles
from tests.networks import factories

pytestmark = pytest.mark.django_db
HEADER = "membership_number,first_name,last_name,postcode,email,clp,branch,status,expires_on\n"


@pytest.fixture
def units(db):
    region = factories.make_region("North West")
    clp = factories.make_unit("Warrington North CLP", region=region)
    branch = factories.make_unit("Orford Branch", region=region, kind="branch")
    other = factories.make_unit("Halton CLP", region=region)
    return clp, branch, other


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


AISHA = "L1234567,Aisha,Khan,wa2 7ne,aisha@example.org,Warrington North CLP,Orford Branch,current,2027-03-31"
TOM = "L7654321,Tom,Hughes,WA5 1AB,tom@example.org,warrington north clp,,Current,31/12/2026"


def test_import_creates_records_with_their_units_and_a_log(units):
    clp, branch, _ = units
    report = import_membership_list(_csv(AISHA, TOM), dry_run=False, file_name="march.csv")
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    aisha = MembershipRecord.objects.get(membership_number="L1234567")
    assert (aisha.postcode, aisha.clp, aisha.branch, aisha.expires_on) == ("WA2 7NE", clp, branch, datetime.date(2027, 3, 31))
    tom = MembershipRecord.objects.get(membership_number="L7654321")
    assert (tom.clp, tom.branch, tom.status, tom.expires_on) == (clp, None, "current", datetime.date(2026, 12, 31))
    assert MembershipImport.objects.get().file_name == "march.csv"


def test_reimport_updates_and_never_duplicates(units):
    import_membership_list(_csv(AISHA, TOM), dry_run=False)
    moved = AISHA.replace("wa2 7ne", "WA1 2QQ")
    report = import_membership_list(_csv(moved, TOM), dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert MembershipRecord.objects.count() == 2
    assert MembershipRecord.objects.get(membership_number="L1234567").postcode == "WA1 2QQ"
    (change,) = report.changes
    assert change.line == 2 and ("postcode", "WA2 7NE", "WA1 2QQ") in change.changes


def test_dry_run_shows_the_changes_and_writes_nothing(units):
    report = import_membership_list(_csv(AISHA, TOM), dry_run=True)
    assert report.dry_run and report.created == 2
    assert [change.membership_number for change in report.changes] == ["L1234567", "L7654321"]
    assert MembershipRecord.objects.count() == 0 and MembershipImport.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty."),
        (b"\xff\xfe\x00n\x00o", "not UTF-8"),
        (b"name,email\nAisha,a@example.org\n", "Line 1: the header lacks the column(s) membership_number, last_name, postcode, clp, status"),
        (HEADER.encode(), "a header but no members"),
        (_csv(AISHA, "L1,Tom,Hughes"), "Line 3 has 3 values, but the header has 9 columns."),
        (_csv(AISHA, TOM.replace("warrington north clp", "Warrington Nort CLP")), "Line 3: CLP: there is no CLP called “Warrington Nort CLP”"),
        (_csv(AISHA, TOM, AISHA.replace("Aisha", "A.")), "Line 4: membership number L1234567 is also on line 2"),
        (_csv(AISHA.replace("2027-03-31", "next March")), "Line 2: expiry date: “next March” is not a date"),
        (_csv(AISHA.replace("current", "gone")), "Line 2: status: “gone” is not one of current, lapsed, resigned, suspended"),
        (_csv(AISHA.replace("wa2 7ne", "W1")), "Line 2: post code: “W1” is not a UK post code"),
        (_csv(AISHA.replace("aisha@example.org", "not-an-email")), "Line 2: email: Enter a valid email address."),
        (_csv(AISHA.replace(",Khan,", ",,")), "Line 2: surname: it is missing"),
    ],
)
def test_bad_files_are_reported_by_line_and_nothing_is_imported(units, content, expected):
    with pytest.raises(ImportFailed) as failure:
        import_membership_list(content, dry_run=False)
    assert any(expected in problem for problem in failure.value.problems), failure.value.problems
    assert MembershipRecord.objects.count() == 0 and MembershipImport.objects.count() == 0


def test_one_bad_row_among_good_ones_leaves_the_existing_list_untouched(units):
    import_membership_list(_csv(AISHA), dry_run=False)
    bad = _csv(AISHA.replace("wa2 7ne", "WA1 2QQ"), TOM.replace("warrington north clp", "Nowhere CLP"))
    with pytest.raises(ImportFailed):
        import_membership_list(bad, dry_run=False)
    assert list(MembershipRecord.objects.values_list("membership_number", "postcode")) == [("L1234567", "WA2 7NE")]


def test_a_lapse_on_the_next_import_removes_the_rights_and_tells_the_member(units, private_network, django_capture_on_commit_callbacks):
    clp, branch, _ = units
    import_membership_list(_csv(AISHA), dry_run=False)
    aisha = factories.make_user("aisha@example.org", name="Aisha", verified=False)
    from networks.actions.verification import verify_membership

    verify_membership(aisha, membership_number="L1234567", surname="Khan", postcode="WA2 7NE")
    factories.make_membership(aisha, private_network)
    assert set(UnitMembership.objects.filter(user=aisha).values_list("unit", flat=True)) == {clp.pk, branch.pk}
    assert can(aisha, "take_part", private_network)

    dry = import_membership_list(_csv(AISHA.replace("current", "lapsed")), dry_run=True)
    assert dry.lapsed == 1
    assert UnitMembership.objects.filter(user=aisha).count() == 2  # a dry run lapses nobody

    with django_capture_on_commit_callbacks(execute=True):
        report = import_membership_list(_csv(AISHA.replace("current", "lapsed")), dry_run=False)
    assert report.lapsed == 1
    forget_roles(aisha)
    assert not can(aisha, "take_part", private_network)
    assert not can(aisha, "act_as_party_member")
    assert UnitMembership.objects.filter(user=aisha).count() == 0
    (email,) = mail.outbox
    assert email.to == ["aisha@example.org"] and "shows your membership as lapsed" in email.body

    with django_capture_on_commit_callbacks(execute=True):
        again = import_membership_list(_csv(AISHA.replace("current", "lapsed")), dry_run=False)
    assert again.lapsed == 0 and len(mail.outbox) == 1  # told once

    with django_capture_on_commit_callbacks(execute=True):
        renewed = import_membership_list(_csv(AISHA), dry_run=False)
    assert renewed.renewed == 1
    forget_roles(aisha)
    assert can(aisha, "take_part", private_network)
    assert UnitMembership.objects.filter(user=aisha).count() == 2
    assert "current again" in mail.outbox[-1].subject


def test_an_expiry_date_passing_lapses_the_member_through_the_daily_job(units, django_capture_on_commit_callbacks):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    aisha = factories.make_user("aisha@example.org", verified=False)
    factories.make_membership_record(user=aisha, clp=units[0], expires_on=yesterday)
    assert not can(aisha, "act_as_party_member")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("lapse_expired_memberships", stdout=open("/dev/null", "w"))
    assert "your membership expired on" in mail.outbox[0].body


def test_a_member_moving_clp_moves_their_unit_but_not_positions_staff_gave(units):
    clp, branch, other = units
    import_membership_list(_csv(AISHA), dry_run=False)
    aisha = factories.make_user("aisha@example.org", verified=False)
    from networks.actions.verification import verify_membership

    verify_membership(aisha, membership_number="l 123 4567", surname="KHAN", postcode="wa27ne")
    UnitMembership.objects.filter(user=aisha, unit=clp).update(position="Policy officer", from_membership_list=False)
    import_membership_list(_csv(AISHA.replace("Warrington North CLP", "Halton CLP")), dry_run=False)
    held = dict(UnitMembership.objects.filter(user=aisha).values_list("unit__name", "position"))
    assert held == {"Warrington North CLP": "Policy officer", "Orford Branch": "Member", "Halton CLP": "Member"}


def test_the_command_reports_problems_and_fails(units, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_bytes(_csv(AISHA, TOM.replace("warrington north clp", "Nowhere CLP")))
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_membership_list", str(path))
    assert "Line 3: CLP: there is no CLP called “Nowhere CLP”" in capsys.readouterr().err
    path.write_bytes(_csv(AISHA, TOM))
    call_command("import_membership_list", str(path), "--dry-run")
    assert "Dry run: nothing written" in capsys.readouterr().out and MembershipRecord.objects.count() == 0
    call_command("import_membership_list", str(path))
    assert "Imported: 2 rows, 2 new" in capsys.readouterr().out and MembershipRecord.objects.count() == 2


def test_staff_import_in_the_wagtail_admin_after_a_dry_run(client, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = factories.make_user(staff=True, verified=False)
    client.force_login(staff)
    url = "/admin/membership-list/import/"
    page = client.post(url, {"step": "check", "csv_file": SimpleUploadedFile("march.csv", _csv(AISHA, TOM))})
    assert page.status_code == 200 and "Check before importing march.csv" in page.content.decode()
    assert MembershipRecord.objects.count() == 0
    token = page.context["token"]
    done = client.post(url, {"step": "import", "token": token, "file_name": "march.csv"}, follow=True)
    assert "Membership list imported: 2 new" in done.content.decode()
    assert MembershipRecord.objects.count() == 2
    again = client.post(url, {"step": "import", "token": token, "file_name": "march.csv"}, follow=True)
    assert "expired or was already imported" in again.content.decode() and MembershipRecord.objects.count() == 2

    bad = client.post(url, {"step": "check", "csv_file": SimpleUploadedFile("bad.csv", b"\x00\x01binary")})
    assert bad.status_code == 200 and "not a CSV file" in bad.content.decode()


def test_only_staff_open_the_import(client, units):
    client.force_login(factories.make_user())
    response = client.get("/admin/membership-list/import/")
    assert response.status_code == 302 and "Import the membership list" not in response.content.decode()
