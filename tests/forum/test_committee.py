"""The steering committee's own page through a personal link: what a member can do, what the
organizer then sees, and every way in that must be refused."""
from __future__ import annotations

import datetime

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ActionItem, FollowUp, Forum, MailOptOut, SteeringSignup, Translated, new_uuid
from forum.services.committee import committee_token
from tests.conftest import PASSWORD, add_committee_member, add_organizer, csrf_token_from
from tests.forum.test_access import snapshot
from tests.forum.test_resend import form_data
from tests.html import parse, text_of


@pytest.fixture
def plan(app, organizer, make_forum):
    """A forum of the logged-in organizer: Amina (owner, with a link) owns one item, Ben owns another."""
    forum_id = make_forum(organizer)
    with app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1)
        ben = add_committee_member(forum_id, "Ben Owner", "ben@example.org", "b")
        mine = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=amina.id, position=1)
        theirs = ActionItem(forum_id=forum_id, title=Translated("Employer toolkit"), owner_signup_id=ben.id, position=2)
        db.session.add_all([mine, theirs])
        db.session.commit()
        return {"forum_id": forum_id, "amina": amina.id, "ben": ben.id, "mine": mine.id, "theirs": theirs.id,
                "token": committee_token(amina)}


def test_a_member_updates_their_item_logs_a_follow_up_and_proposes_and_the_organizer_sees_who(client, app, plan):
    token = plan["token"]
    page = client.get(f"/c/{token}?lang=fr")
    assert page.status_code == 200 and page.headers["X-Robots-Tag"] == "noindex"
    html = parse(page.get_data(as_text=True))
    assert [text_of(h) for h in html.select("[data-testid=my-item] h3")] == ["Mentoring pilot"]
    assert len(html.select("[data-testid=plan-item]")) == 2 and "Employer toolkit" in text_of(html)
    assert "Échéance : — · État : Pas commencée" in text_of(html.select_one("[data-testid=my-item]"))
    assert "Responsable : vous · Échéance : —" in text_of(html.select_one("[data-testid=plan-item]"))
    assert "amina@example.org" not in page.get_data(as_text=True)
    mine = plan["mine"]
    assert client.post(f"/c/{token}/items/{mine}/status", data={f"item{mine}-status": "in_progress"}).status_code == 302
    assert client.post(f"/c/{token}/items/{mine}/follow-ups",
                       data={f"item{mine}-note": "Rencontré trois employeurs",
                             f"item{mine}-client_id": "follow-up-1"}).status_code == 302
    assert client.post(f"/c/{token}/proposals", data={"title": "Job fair", "description": "In May",
                                                      "client_id": "proposal-1"}).status_code == 302
    with app.app_context():
        item = db.session.get(ActionItem, mine)
        assert item.status == "in_progress"
        assert [(f.note, f.author, f.author_signup_id) for f in item.follow_ups] == [
            ("Rencontré trois employeurs", "Amina Owner", plan["amina"])]
        assert [(c.kind, c.author_signup_id) for c in item.changes] == [("status", plan["amina"]),
                                                                         ("follow_up", plan["amina"])]
        proposal = db.session.scalar(select(ActionItem).where(ActionItem.title_fr == "Job fair"))  # on the French page
        assert proposal.proposal == "pending" and proposal.owner_signup_id == plan["amina"]
        proposal_id = proposal.id
    # The proposal is not in the plan until an organizer accepts it.
    listing = parse(client.get(f"/forums/{plan['forum_id']}/actions").get_data(as_text=True))
    assert len(listing.select("[data-testid=action-row]")) == 2
    assert "Job fair" in text_of(listing.select_one("[data-testid=proposal]"))
    assert client.post(f"/forums/{plan['forum_id']}/actions/{proposal_id}/accept").status_code == 302
    assert client.post(f"/forums/{plan['forum_id']}/actions/{proposal_id}/decline").status_code == 409
    listing = parse(client.get(f"/forums/{plan['forum_id']}/actions").get_data(as_text=True))
    assert len(listing.select("[data-testid=action-row]")) == 3 and not listing.select("[data-testid=proposal]")
    history = parse(client.get(f"/forums/{plan['forum_id']}/actions/{mine}?lang=en").get_data(as_text=True))
    lines = [text_of(li) for li in history.select("[data-testid=change]")]
    assert "Logged a follow-up" in lines[0] and "Amina Owner (committee member)" in lines[0]
    assert "Changed the status to in progress" in lines[1]
    french = parse(client.get(f"/forums/{plan['forum_id']}/actions/{mine}?lang=fr").get_data(as_text=True))
    assert "A mis l'état à « en cours »" in text_of(french.select("[data-testid=change]")[1])
    client.post(f"/forums/{plan['forum_id']}/actions/{mine}",
                data={"title-en": "Mentoring pilot, 20 ITPs", "status": "done", "theme_id": 0, "lead_group_id": 0,
                      "owner_signup_id": plan["amina"]})
    history = parse(client.get(f"/forums/{plan['forum_id']}/actions/{mine}?lang=en").get_data(as_text=True))
    lines = [text_of(li) for li in history.select("[data-testid=change]")]
    assert any("Changed the title" in line and "Olive Organizer (organizer)" in line for line in lines)
    assert any("Changed the status to done" in line and "(organizer)" in line for line in lines)


def test_an_items_priority_from_an_earlier_analysis_is_shown_on_its_form_kept_and_can_be_taken_off(client, app, plan):
    """An item carried over or drafted from an earlier analysis has a priority that is no theme of the latest one: its
    form showed "—" for it (while the plan, the report and the progress page named it), and choosing "—" left it."""
    forum_id, mine = plan["forum_id"], plan["mine"]
    with app.app_context():
        db.session.get(ActionItem, mine).priority_label = Translated("Mentoring", "Mentorat")
        db.session.commit()
    edit_url = f"/forums/{forum_id}/actions/{mine}"

    def chosen(lang):
        return text_of(parse(client.get(f"{edit_url}?lang={lang}")).select_one("#theme_id option[selected]"))

    def priority():
        with app.app_context():
            return db.session.get(ActionItem, mine).priority_label

    assert chosen("fr") == "Mentorat (d'une analyse ou d'une édition précédente)"
    assert chosen("en") == "Mentoring (from an earlier analysis or edition)"
    assert client.post(edit_url, data=form_data(client.get(edit_url), "", due_date="2030-06-30")).status_code == 302
    assert priority() == Translated("Mentoring", "Mentorat")
    assert client.post(edit_url, data=form_data(client.get(edit_url), "", theme_id="0")).status_code == 302
    assert not priority() and chosen("en") == "—"
    row = parse(client.get(f"/forums/{forum_id}/actions?lang=en")).select_one("[data-testid=action-row]")
    assert text_of(row.select_one("th")) == "Mentoring pilot" and text_of(row.select("td")[0]) == "—"  # its priority
    history = [text_of(line) for line in parse(client.get(f"{edit_url}?lang=en")).select("[data-testid=change]")]
    assert history[0].startswith("Changed the priority or theme") and history[1].startswith("Changed the due date")


def test_an_items_theme_of_an_earlier_analysis_run_is_kept_by_its_form_not_refused_nor_taken_off(client, app, plan):
    """An item drafted from an earlier analysis run points at that run's theme, which the latest run does not have:
    its form offers it as it is ("… (from an earlier analysis or edition)"), chosen; saving the form (another field
    changed), or a form opened before the latest run that still sends the old theme, keeps it: neither "Not a valid
    choice" nor the priority silently taken off."""
    from forum.models import AnalysisRun, Theme, utcnow

    forum_id, mine = plan["forum_id"], plan["mine"]
    with app.app_context():
        runs = [AnalysisRun(forum_id=forum_id, status="done", idea_count=1, results={}, finished_at=utcnow())
                for _ in range(2)]
        earlier = Theme(run=runs[0], forum_id=forum_id, key="t01", label=Translated("Mentoring", "Mentorat"), size=1)
        latest = Theme(run=runs[1], forum_id=forum_id, key="t01", label=Translated("Hiring", "Embauche"), size=1)
        db.session.add_all([*runs, earlier, latest])
        db.session.flush()
        item = db.session.get(ActionItem, mine)
        item.theme_id, item.priority_label = earlier.id, Translated("Mentoring", "Mentorat")
        db.session.commit()
        earlier_id, latest_id = earlier.id, latest.id
    edit_url = f"/forums/{forum_id}/actions/{mine}"

    def options(lang):
        return {text_of(option): option.has_attr("selected")
                for option in parse(client.get(f"{edit_url}?lang={lang}")).select("#theme_id option")}

    def theme():
        with app.app_context():
            return db.session.get(ActionItem, mine).theme_id

    assert options("en") == {"—": False, "Mentoring (from an earlier analysis or edition)": True, "Hiring": False}
    assert options("fr")["Mentorat (d'une analyse ou d'une édition précédente)"] is True
    saved = client.post(f"{edit_url}?lang=en", data=form_data(client.get(edit_url), "", due_date="2030-06-30"))
    assert saved.status_code == 302 and theme() == earlier_id
    # a form that sends the earlier run's theme (as one opened before the latest run does)
    again = client.post(f"{edit_url}?lang=en", data=form_data(client.get(f"{edit_url}?lang=en"), "",
                                                              theme_id=str(earlier_id), due_date="2030-05-31"))
    assert again.status_code == 302 and "Not a valid choice" not in again.get_data(as_text=True)
    assert theme() == earlier_id
    history = [text_of(line) for line in parse(client.get(f"{edit_url}?lang=en")).select("[data-testid=change]")]
    assert not any("priority" in line for line in history)  # only the due date changed
    assert client.post(edit_url, data=form_data(client.get(edit_url), "", theme_id=str(latest_id))).status_code == 302
    assert theme() == latest_id and options("en")["Hiring"] is True


def test_a_member_saving_the_status_of_an_item_no_longer_theirs_is_told_why_on_their_page(client, app, plan):
    """Their page was left open while the organizers gave the item to Ben, or while it was given back from another
    tab: the status is refused (403) on their page, which says why, not on a bare error page."""
    forum_id, mine, token = plan["forum_id"], plan["mine"], plan["token"]
    member = app.test_client()
    status_form = form_data(member.get(f"/c/{token}?lang=en"), f"/c/{token}/items/{mine}/status",
                            **{f"item{mine}-status": "done"})
    edit_url = f"/forums/{forum_id}/actions/{mine}?lang=en"
    client.post(edit_url, data=form_data(client.get(edit_url), "", owner_signup_id=str(plan["ben"])))
    refused = member.post(f"/c/{token}/items/{mine}/status?lang=en", data=status_form)
    assert refused.status_code == 403
    page = parse(refused)
    assert text_of(page.select_one("[data-testid=unsaved-status] [role=alert]")) == (
        "“Mentoring pilot” is no longer yours: the organizers gave it to another owner, who keeps its status up to "
        "date now. Your status was not saved.")
    assert not page.select("[data-testid=my-item]")
    with app.app_context():
        assert db.session.get(ActionItem, mine).status == "not_started"
        ben = db.session.get(SteeringSignup, plan["ben"])
        ben.committee_link_version = 1
        db.session.commit()
        ben_token = committee_token(ben)
    # Ben gives his item back from one tab, then saves its status from another
    theirs, ben_page = plan["theirs"], f"/c/{ben_token}?lang=fr"
    status_form = form_data(member.get(ben_page), f"/c/{ben_token}/items/{theirs}/status",
                            **{f"item{theirs}-status": "done"})
    give_back = form_data(member.get(ben_page), f"/c/{ben_token}/items/{theirs}/give-back",
                          **{f"item{theirs}-reason": "Trop de travail"})
    assert member.post(f"/c/{ben_token}/items/{theirs}/give-back", data=give_back).status_code == 302
    refused = member.post(f"/c/{ben_token}/items/{theirs}/status", data=status_form)
    assert refused.status_code == 403
    assert text_of(parse(refused).select_one("[data-testid=unsaved-status] [role=alert]")) == (
        "« Employer toolkit » n'est plus à vous : cette action a été rendue aux organisateurs, qui lui cherchent "
        "un nouveau responsable. L'état choisi n'a pas été enregistré.")


def test_the_history_and_the_committees_digest_name_what_an_organizer_changed(client, app, plan):
    """An item given to another owner with a new due date reads so in its history and in the weekly digest (which
    the new owner reads as the news that it is theirs), not as a bare "Edited the item"."""
    forum_id, mine = plan["forum_id"], plan["mine"]
    edit_url = f"/forums/{forum_id}/actions/{mine}?lang=en"
    assert client.post(edit_url, data=form_data(client.get(edit_url), "", owner_signup_id=str(plan["ben"]),
                                                due_date="2030-06-30")).status_code == 302

    def history(lang):
        page = parse(client.get(f"/forums/{forum_id}/actions/{mine}?lang={lang}"))
        return [text_of(line) for line in page.select("[data-testid=change]")]

    assert history("en")[0].startswith("Changed the owner and the due date")
    assert history("fr")[0].startswith("A modifié le responsable et l'échéance")
    from forum.services.reminders import planned_mail
    with app.test_request_context(base_url="http://localhost"):
        [digest] = [m for m in planned_mail() if m.recipient.email == "ben@example.org" and m.topic == "digest"]
    assert " · Olive Organizer changed the owner and the due date of “Mentoring pilot”\n" in digest.body


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_organizers_form_opened_before_a_member_changed_the_status_does_not_undo_it(client, app, plan, lang):
    forum_id, mine, token = plan["forum_id"], plan["mine"], plan["token"]
    edit_url = f"/forums/{forum_id}/actions/{mine}?lang={lang}"
    form = form_data(client.get(edit_url), "")
    assert form["status"] == "not_started"
    member = app.test_client()
    assert member.post(f"/c/{token}/items/{mine}/status", data={f"item{mine}-status": "done"}).status_code == 302
    assert client.post(edit_url, data={**form, "due_date": "2030-06-30"}).status_code == 302
    with app.app_context():
        item = db.session.get(ActionItem, mine)
        assert (item.status, item.due_date) == ("done", datetime.date(2030, 6, 30))
        assert [(c.kind, c.author_signup_id) for c in item.changes] == [("status", plan["amina"]), ("edited", None)]
    # A status the organizer did choose is saved.
    assert client.post(edit_url, data=form_data(client.get(edit_url), "", status="in_progress")).status_code == 302
    with app.app_context():
        assert db.session.get(ActionItem, mine).status == "in_progress"


def test_a_status_the_organizer_sets_is_worded_in_each_readers_language_not_the_organizers(client, app, plan):
    forum_id, mine, token = plan["forum_id"], plan["mine"], plan["token"]
    assert client.post(f"/c/{token}/items/{mine}/follow-ups?lang=fr",
                       data={f"item{mine}-note": "Rencontré trois employeurs",
                             f"item{mine}-client_id": "follow-up-1"}).status_code == 302
    edit_url = f"/forums/{forum_id}/actions/{mine}?lang=en"
    assert client.post(edit_url, data=form_data(client.get(edit_url), "", status="done")).status_code == 302
    member_page = parse(client.get(f"/c/{token}?lang=fr")).select_one("[data-testid=my-item]")
    assert "Dernier suivi : Rencontré trois employeurs" in text_of(member_page)
    log = parse(client.get(f"/forums/{forum_id}/actions/{mine}?lang=fr")).select("#follow-ups li")
    assert [text_of(entry.select_one(".idea-text")) for entry in log] == ["Rencontré trois employeurs",
                                                                          "État modifié."]
    assert "état : Terminée" in text_of(log[1])


def test_the_organizer_creates_copies_replaces_and_switches_off_a_link(client, app, plan):
    forum_id, ben = plan["forum_id"], plan["ben"]
    steering = parse(client.get(f"/forums/{forum_id}/steering").get_data(as_text=True))
    assert steering.select_one("[data-testid=committee-link] input[type=text]")  # Amina's link, ready to copy
    assert client.post(f"/forums/{forum_id}/steering/{ben}/link/issue").status_code == 302
    steering = parse(client.get(f"/forums/{forum_id}/steering").get_data(as_text=True))
    links = [field["value"] for field in steering.select("[data-testid=committee-link] input[type=text]")]
    assert len(links) == 2
    ben_link = next(link for link in links if plan["token"] not in link)
    path = "/" + ben_link.split("/", 3)[3]
    assert "Employer toolkit" in text_of(parse(client.get(path).get_data(as_text=True)).select_one(
        "[data-testid=my-item]"))
    asked = client.post(f"/forums/{forum_id}/steering/{ben}/link/issue")  # a replacement asks first
    assert asked.status_code == 200 and "Their current link stops working at once" in asked.text
    assert client.get(path).status_code == 200
    client.post(f"/forums/{forum_id}/steering/{ben}/link/issue", data={"confirmed": "yes"})
    assert client.get(path).status_code == 403  # replaced: the old link stops working
    asked = parse(client.post(f"/forums/{forum_id}/steering/{plan['amina']}/link/revoke?lang=fr").get_data(as_text=True))
    assert text_of(asked.h1) == "Désactiver le lien de comité de Amina Owner ?"  # switching off asks first
    assert "ne peut pas être réactivé" in text_of(asked.select_one("main"))
    assert client.get(f"/c/{plan['token']}").status_code == 200
    client.post(f"/forums/{forum_id}/steering/{plan['amina']}/link/revoke", data={"confirmed": "yes"})
    assert client.get(f"/c/{plan['token']}").status_code == 403


def test_only_members_who_agreed_to_own_actions_get_a_link(client, app, plan, count):
    with app.app_context():
        helper = SteeringSignup(forum_id=plan["forum_id"], client_id="h", name="Helper", email="h@example.org")
        db.session.add(helper)
        db.session.commit()
        helper_id = helper.id
    assert client.post(f"/forums/{plan['forum_id']}/steering/{helper_id}/link/issue").status_code == 400
    assert count(SteeringSignup, SteeringSignup.committee_link_version > 0) == 1


def committee_requests(plan, token):
    mine, theirs = plan["mine"], plan["theirs"]
    yield "GET", f"/c/{token}", None
    yield "POST", f"/c/{token}/items/{mine}/status", {f"item{mine}-status": "done"}
    yield "POST", f"/c/{token}/items/{mine}/follow-ups", {f"item{mine}-note": "Taken over"}
    yield "POST", f"/c/{token}/items/{theirs}/status", {f"item{theirs}-status": "done"}
    yield "POST", f"/c/{token}/proposals", {"title": "Taken over"}
    yield "POST", f"/c/{token}/mail", {}  # both kinds of mail off


@pytest.mark.parametrize("how", ["wrong token", "tampered version", "revoked", "replaced", "withdrawn"])
def test_a_bad_link_is_refused_and_changes_nothing(client, app, plan, how):
    token = plan["token"]
    expected = 403
    with app.app_context():
        amina = db.session.get(SteeringSignup, plan["amina"])
        if how == "wrong token":
            token, expected = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"), 404
        elif how == "tampered version":
            token, expected = token.split(".")[0][:-2] + "Mn0." + token.split(".")[1], 404
        elif how == "revoked":
            from forum.models import utcnow
            amina.committee_link_revoked_at = utcnow()
        elif how == "replaced":
            amina.committee_link_version = 2
        else:
            from forum.models import utcnow
            amina.withdrawn_at = utcnow()
        db.session.commit()
    before = snapshot(app)
    for method, url, data in committee_requests(plan, token):
        response = client.open(url, method=method, data=data)
        assert response.status_code == expected, (how, url)
        assert "Mentoring pilot" not in response.get_data(as_text=True)
    assert snapshot(app) == before


@pytest.mark.parametrize("lang, said, hint", [
    ("en", "You withdrew from this forum's steering committee, so this link no longer works.",
     "To sign up again, open the forum's page on your phone and choose “Join the steering committee”."),
    ("fr", "Vous vous êtes retiré·e du comité directeur de ce forum : ce lien ne fonctionne donc plus.",
     "Pour vous réinscrire, ouvrez la page du forum sur votre téléphone et choisissez « Rejoindre le comité "
     "directeur ».")])
def test_a_member_who_withdrew_is_told_so_not_to_ask_for_a_link_the_organizers_cannot_make(client, app, plan,
                                                                                            lang, said, hint):
    """The page says where to sign up again (the button of the forum's page on their phone), not only that they
    may."""
    from forum.models import utcnow

    with app.app_context():
        db.session.get(SteeringSignup, plan["amina"]).withdrawn_at = utcnow()
        db.session.commit()
    page = client.get(f"/c/{plan['token']}?lang={lang}")
    assert page.status_code == 403 and said in text_of(parse(page).select_one("main"))
    assert text_of(parse(page).select_one("[data-testid=error-hint]")) == hint


def test_only_an_item_still_to_do_can_be_given_back_and_the_whole_plan_says_which_are_the_member_s(client, app,
                                                                                                   plan):
    """An item done is no work to hand over: it has no "I can't do it" (its status can still be changed); in the
    whole plan, the member's own items say "Owner: you"."""
    with app.app_context():
        amina_id = plan["amina"]
        db.session.add(ActionItem(forum_id=plan["forum_id"], title=Translated("Job fair"), owner_signup_id=amina_id,
                                  status="done", position=3))
        db.session.commit()
    page = parse(client.get(f"/c/{plan['token']}?lang=en"))
    assert {text_of(item.select_one("h3")): bool(item.select("[data-testid=give-back]"))
            for item in page.select("[data-testid=my-item]")} == {"Mentoring pilot": True, "Job fair": False}
    assert [text_of(item).split(" · ")[0] for item in page.select("[data-testid=plan-item]")] == [
        "Mentoring pilot Owner: you", "Employer toolkit Owner: Ben Owner", "Job fair Owner: you"]


@pytest.mark.parametrize("lang, said", [
    ("en", "“Mentoring pilot” is no longer yours: the organizers gave it to another owner."),
    ("fr", "« Mentoring pilot » n'est plus à vous : les organisateurs l'ont confiée à un autre responsable.")])
def test_a_follow_up_on_an_item_given_to_someone_else_meanwhile_is_refused_and_shown_back(client, app, plan,
                                                                                         lang, said):
    mine, token = plan["mine"], plan["token"]
    typed = form_data(client.get(f"/c/{token}"), f"/c/{token}/items/{mine}/follow-ups",
                      **{f"item{mine}-note": "Met three employers,\nand a fourth",
                         f"item{mine}-client_id": "late-note"})
    with app.app_context():  # given to Ben while the member's page was open
        db.session.get(ActionItem, plan["mine"]).owner_signup_id = plan["ben"]
        db.session.commit()
    page = client.post(f"/c/{token}/items/{mine}/follow-ups?lang={lang}", data=typed)
    assert page.status_code == 403
    kept = parse(page).select_one("[data-testid=unsent-note]")
    assert said in text_of(kept)
    assert kept.select_one("textarea").get_text() == "Met three employers,\nand a fourth"
    with app.app_context():
        assert db.session.get(ActionItem, mine).follow_ups == []


def test_a_form_made_by_hand_for_an_item_never_theirs_is_refused_without_naming_it(client, app, plan):
    """Amina never owned Ben's item: a status or follow-up she posts for it by hand (or with the mark her page gave
    her own item's forms) is refused as any item not hers (403), not with "it is no longer yours: the organizers gave
    it to another owner", which was untrue and named Ben's item."""
    token, mine, theirs = plan["token"], plan["mine"], plan["theirs"]
    page = client.get(f"/c/{token}?lang=en")
    own_status = form_data(page, f"/c/{token}/items/{mine}/status")
    own_follow_up = form_data(page, f"/c/{token}/items/{mine}/follow-ups")
    before = snapshot(app)
    for path, data in (("status", {f"item{theirs}-status": "done"}),
                       ("follow-ups", {f"item{theirs}-note": "Met them", f"item{theirs}-client_id": "by-hand-1"}),
                       ("status", {f"item{theirs}-status": "done",
                                   f"item{theirs}-owned": own_status[f"item{mine}-owned"]}),
                       ("follow-ups", {f"item{theirs}-note": "Met them", f"item{theirs}-client_id": "by-hand-2",
                                       f"item{theirs}-owned": own_follow_up[f"item{mine}-owned"]})):
        refused = client.post(f"/c/{token}/items/{theirs}/{path}?lang=en", data=data)
        assert refused.status_code == 403
        said = text_of(parse(refused).select_one("main"))
        assert "Only the owner of an action item can change it here." in said
        assert "Employer toolkit" not in refused.get_data(as_text=True) and "no longer yours" not in said
    assert snapshot(app) == before


def test_a_member_cannot_change_another_members_or_another_forums_item(client, app, plan, make_organizer,
                                                                         make_forum, auth):
    token, theirs = plan["token"], plan["theirs"]
    other_forum = make_forum(make_organizer("other@example.org"), name="Other forum")
    with app.app_context():
        elsewhere = ActionItem(forum_id=other_forum, title=Translated("Elsewhere"))
        db.session.add(elsewhere)
        db.session.commit()
        elsewhere_id = elsewhere.id
    before = snapshot(app)
    assert client.post(f"/c/{token}/items/{theirs}/status", data={f"item{theirs}-status": "done"}).status_code == 403
    assert client.post(f"/c/{token}/items/{theirs}/follow-ups",
                       data={f"item{theirs}-note": "x"}).status_code == 403
    assert client.post(f"/c/{token}/items/{elsewhere_id}/status",
                       data={f"item{elsewhere_id}-status": "done"}).status_code == 404
    assert client.post(f"/c/{token}/items/999999/follow-ups", data={"item999999-note": "x"}).status_code == 404
    mine = plan["mine"]
    assert client.post(f"/c/{token}/items/{mine}/status", data={f"item{mine}-status": "nonsense"}).status_code == 422
    assert client.post(f"/c/{token}/items/{mine}/follow-ups", data={f"item{mine}-note": " "}).status_code == 422
    assert client.post(f"/c/{token}/proposals", data={"title": ""}).status_code == 422
    assert snapshot(app) == before
    # Another forum's organizer can neither issue links for this forum nor decide its proposals.
    auth.logout()  # logging out ends the session token: a change of the users table
    auth.login("other@example.org", PASSWORD)
    before = snapshot(app)
    for url in (f"/forums/{plan['forum_id']}/steering/{plan['ben']}/link/issue",
                f"/forums/{plan['forum_id']}/steering/{plan['amina']}/link/revoke",
                f"/forums/{plan['forum_id']}/actions/{mine}/accept"):
        assert client.post(url).status_code == 404  # not their forum: as if it did not exist
    assert snapshot(app) == before


def test_the_french_page_spaces_its_colons(client, plan):
    """French puts a space before a colon: "Échéance : —", never "Échéance: —"."""
    page = parse(client.get(f"/c/{plan['token']}?lang=fr"))
    mine = text_of(page.select_one("[data-testid=my-item] .muted"))
    assert "Échéance : —" in mine and "État : Pas commencée" in mine
    assert "Responsable : Ben Owner" in text_of(page.select("[data-testid=plan-item]")[1])
    assert ": " not in text_of(page.main).replace(" : ", "")


def test_a_logged_follow_up_is_quoted_the_french_way_in_the_items_history(client, plan):
    mine = plan["mine"]
    client.post(f"/c/{plan['token']}/items/{mine}/follow-ups",
                data={f"item{mine}-note": "Rencontré trois employeurs", f"item{mine}-client_id": "follow-up-1"})
    history = parse(client.get(f"/forums/{plan['forum_id']}/actions/{mine}?lang=fr")).select("[data-testid=change] p")
    assert text_of(history[0]) == "A consigné un suivi : « Rencontré trois employeurs »"
    english = parse(client.get(f"/forums/{plan['forum_id']}/actions/{mine}?lang=en")).select("[data-testid=change] p")
    assert text_of(english[0]) == "Logged a follow-up: “Rencontré trois employeurs”"


def test_the_steering_pages_mail_counts_space_their_colons_in_french(client, app, plan):
    app.config["MAIL_SERVER"] = "127.0.0.1"  # only read: the page shows what was sent, and sends nothing
    sent = parse(client.get(f"/forums/{plan['forum_id']}/steering?lang=fr")).select("[data-testid=reminders] li")
    assert [text_of(li) for li in sent] == ["Rappels envoyés : aucun pour l'instant",
                                            "Résumés envoyés : aucun pour l'instant"]


def language_link(page) -> str:
    return page.select_one(".lang-switch a[hreflang]")["href"]


def test_after_a_refused_form_the_language_link_opens_the_members_page_not_a_405(client, app, plan):
    """The form's answer has the form's address, which takes only POST; the page sends no Referer."""
    token, mine = plan["token"], plan["mine"]
    for url, data in ((f"/c/{token}/items/{mine}/follow-ups", {f"item{mine}-client_id": "follow-up-1"}),
                      (f"/c/{token}/proposals", {"client_id": "proposal-1"})):
        refused = client.post(url, data=data)
        assert refused.status_code == 422
        link = language_link(parse(refused))
        assert link in (f"/c/{token}?lang=fr", f"/c/{token}?lang=en")  # the page's other language
        assert client.get(link).status_code == 200


def test_after_a_refused_organizer_form_the_language_link_opens_the_page_it_was_sent_from(client, plan):
    forum_id, mine = plan["forum_id"], plan["mine"]
    item_page = f"http://localhost/forums/{forum_id}/actions/{mine}"
    refused = client.post(f"/forums/{forum_id}/actions/{mine}/follow-ups", data={"client_id": "f-1"},
                          headers={"Referer": item_page + "?lang=en"})
    assert refused.status_code == 422  # in English: its language link is to French
    assert language_link(parse(refused)) == f"/forums/{forum_id}/actions/{mine}?lang=fr"
    # Another site's address is never linked to: the form's own address is kept then.
    elsewhere = client.post(f"/forums/{forum_id}/actions/{mine}/follow-ups", data={"client_id": "f-1"},
                            headers={"Referer": f"http://example.com/forums/{forum_id}/actions/{mine}"})
    assert language_link(parse(elsewhere)).startswith(f"/forums/{forum_id}/actions/{mine}/follow-ups?")
    # A path a browser would read as another site's ("/\\evil.example" is "//evil.example" to it): kept too.
    for path in ("/\\evil.example/x", "/\\\\evil.example/x"):
        odd = client.post(f"/forums/{forum_id}/actions/{mine}/follow-ups", data={"client_id": "f-1"},
                          headers={"Referer": f"http://localhost{path}"})
        assert language_link(parse(odd)).startswith(f"/forums/{forum_id}/actions/{mine}/follow-ups?")


def test_a_member_sees_which_of_their_proposals_the_organizers_declined(client, app, plan):
    token = plan["token"]
    for title, client_id in (("Job fair", "proposal-1"), ("Newsletter", "proposal-2")):
        assert client.post(f"/c/{token}/proposals", data={"title": title, "client_id": client_id}).status_code == 302
    with app.app_context():
        job_fair = db.session.scalar(select(ActionItem.id).where(ActionItem.client_id == "proposal-1"))
    assert client.post(f"/forums/{plan['forum_id']}/actions/{job_fair}/decline",
                       data={"confirmed": "yes"}).status_code == 302
    page = parse(client.get(f"/c/{token}?lang=fr"))
    assert text_of(page.select_one("[data-testid=proposals-declined]")) == "Job fair"
    assert text_of(page.select_one("[data-testid=proposals-pending]")) == "Newsletter"
    assert "Non retenues dans le plan par les organisateurs :" in text_of(page.select_one("#propose"))


def test_the_french_page_names_the_progress_page_as_the_page_and_the_digest_do(client, plan):
    """"Avancement", never "page de suivi": "suivi" is what a member logs on this same page."""
    page = parse(client.get(f"/c/{plan['token']}?lang=fr"))
    section = text_of(page.select_one("#public-name"))
    assert "La page publique d'avancement" in section and "de suivi" not in section


def test_the_member_can_open_the_progress_page_their_name_may_appear_on(client, plan):
    def progress_links():
        page = parse(client.get(f"/c/{plan['token']}?lang=en"))
        return [a["href"] for a in page.select("#public-name a[href^='/progress/']")]

    assert progress_links() == []  # not shared
    client.post(f"/forums/{plan['forum_id']}/progress-page/share")
    [link] = progress_links()
    assert client.get(link).status_code == 200


def test_a_member_is_told_their_follow_up_is_public_while_the_progress_page_is_shared(client, plan):
    """The latest follow-up is on the public page: a member about to type one, and the message after, say so
    (and only while the page is shared: otherwise the organizers alone read it)."""
    mine, token = plan["mine"], plan["token"]

    def hint(lang):
        page = parse(client.get(f"/c/{token}?lang={lang}"))
        note = page.select_one(f"#item{mine}-note")
        # its description also names its item (its title): the hint is the part ending in -hint
        hints = [id_ for id_ in (note.get("aria-describedby") or "").split() if id_.endswith("-hint")]
        return text_of(page.select_one(f"#{hints[0]}")) if hints else None

    def logged(client_id, lang):
        client.post(f"/c/{token}/items/{mine}/follow-ups?lang={lang}",
                    data={f"item{mine}-note": "Met three employers", f"item{mine}-client_id": client_id})
        return text_of(parse(client.get(f"/c/{token}?lang={lang}")).select_one(".flash"))

    assert hint("en") is None
    assert logged("follow-up-private", "en") == "Follow-up logged. The organizers see it in the action plan."
    client.post(f"/forums/{plan['forum_id']}/progress-page/share")
    assert hint("en") == "The public progress page shows each item's latest follow-up to anyone with its link."
    assert hint("fr") == ("La page publique d'avancement montre le dernier suivi de chaque action à toute personne "
                          "qui a son lien.")
    assert logged("follow-up-public", "fr") == (
        "Suivi consigné. Les organisateurs le voient dans le plan d'action, et la page publique d'avancement "
        "l'affiche comme dernier suivi de l'action.")


def test_a_member_is_told_who_sees_the_status_they_saved(client, plan):
    """As after a follow-up: the status is the organizers' to read in the plan, and, while the progress page is
    shared, anyone's with its link (it shows each item's status)."""
    mine, token = plan["mine"], plan["token"]

    def saved(status, lang):
        client.post(f"/c/{token}/items/{mine}/status?lang={lang}", data={f"item{mine}-status": status})
        return text_of(parse(client.get(f"/c/{token}?lang={lang}")).select_one(".flash"))

    assert saved("in_progress", "en") == "Status saved: In progress. The organizers see it in the action plan."
    client.post(f"/forums/{plan['forum_id']}/progress-page/share", follow_redirects=True)  # its own message shown
    assert saved("done", "fr") == ("État enregistré : Terminée. Les organisateurs le voient dans le plan d'action, "
                                   "et la page publique d'avancement l'affiche.")


# ---- the member's e-mails -----------------------------------------------------------------------

def planned_for(app, email: str) -> set[str]:
    """The kinds of mail ``flask send-reminders`` would send ``email`` today."""
    from forum.services.reminders import planned_mail

    with app.test_request_context(base_url="http://localhost"):
        return {m.topic for m in planned_mail() if m.recipient.email == email}


def mail_choices(client, token: str, lang: str) -> dict[str, bool]:
    section = parse(client.get(f"/c/{token}?lang={lang}")).select_one("#mail")
    return {box["name"]: box.has_attr("checked") for box in section.select("input[type=checkbox]")}


@pytest.fixture
def overdue_plan(app, plan):
    """Amina's item is overdue: she is due a reminder and, like Ben, the weekly digest."""
    with app.app_context():
        db.session.get(ActionItem, plan["mine"]).due_date = datetime.date(2020, 1, 6)
        db.session.commit()
    return plan


@pytest.mark.parametrize("lang, saved", [
    ("en", ["Saved: you get the weekly digest, not the reminders.",
            "Saved: you get neither the reminders nor the weekly digest.",
            "Saved: you get the reminders, not the weekly digest.",
            "Saved: you get the reminders and the weekly digest."]),
    ("fr", ["Enregistré : vous recevez le résumé hebdomadaire, mais pas les rappels.",
            "Enregistré : vous ne recevez ni les rappels ni le résumé hebdomadaire.",
            "Enregistré : vous recevez les rappels, mais pas le résumé hebdomadaire.",
            "Enregistré : vous recevez les rappels et le résumé hebdomadaire."])])
def test_a_member_switches_their_reminders_and_digest_off_and_on_again(client, app, overdue_plan, count, lang, saved):
    token, amina = overdue_plan["token"], "amina@example.org"
    assert mail_choices(client, token, lang) == {"reminders": True, "digest": True}
    assert planned_for(app, amina) == {"reminders", "digest"}
    for choice, message in zip([{"digest": "y"}, {}, {"reminders": "y"}, {"reminders": "y", "digest": "y"}], saved):
        sent = client.post(f"/c/{token}/mail?lang={lang}", data=choice)
        assert sent.status_code == 302 and sent.location.endswith("#mail")
        page = client.get(f"/c/{token}?lang={lang}")
        assert [text_of(p) for p in parse(page).select(".flash-success")] == [message]
        wanted = {topic: topic in choice for topic in ("reminders", "digest")}
        assert mail_choices(client, token, lang) == wanted
        with app.app_context():  # the record the unsubscribe links keep, and no other
            assert set(db.session.scalars(select(MailOptOut.topic).where(MailOptOut.email == amina))) == {
                topic for topic, on in wanted.items() if not on}
        assert planned_for(app, amina) == {topic for topic, on in wanted.items() if on}
        assert planned_for(app, "ben@example.org") == {"digest"}  # only hers changed
    assert count(MailOptOut) == 0


def test_a_choice_sent_twice_is_saved_once(client, app, overdue_plan, count):
    for _ in range(2):
        assert client.post(f"/c/{overdue_plan['token']}/mail", data={"digest": "y"}).status_code == 302
    assert count(MailOptOut) == 1 and planned_for(app, "amina@example.org") == {"digest"}


def test_the_page_shows_an_unsubscribe_links_choice(client, app, overdue_plan):
    from forum.services.mailing import unsubscribe, unsubscription_of

    with app.app_context():
        unsubscribe(unsubscription_of(db.session.get(SteeringSignup, overdue_plan["amina"]), "digest"))
    assert mail_choices(client, overdue_plan["token"], "en") == {"reminders": True, "digest": False}


@pytest.mark.parametrize("lang, label, saved", [
    ("en", "E-mail me my committee link when the organizers send it",
     "You will get your committee link by e-mail when the organizers send it."),
    ("fr", "M'envoyer par courriel mon lien du comité quand les organisateurs l'envoient",
     "Vous recevrez votre lien du comité par courriel quand les organisateurs l'enverront.")])
def test_a_member_who_unsubscribed_from_their_link_mail_switches_it_back_on_from_their_page(
        client, app, overdue_plan, count, lang, label, saved):
    from forum.services.link_mail import check_mailable
    from forum.services.mailing import unsubscribe, unsubscription_of

    token = overdue_plan["token"]
    assert "link" not in mail_choices(client, token, lang)  # nothing to switch back on
    with app.app_context():
        unsubscribe(unsubscription_of(db.session.get(SteeringSignup, overdue_plan["amina"]), "link"))
    assert mail_choices(client, token, lang) == {"reminders": True, "digest": True, "link": False}
    assert label in text_of(parse(client.get(f"/c/{token}?lang={lang}")).select_one("#mail"))
    sent = client.post(f"/c/{token}/mail?lang={lang}", data={"reminders": "y", "digest": "y", "link": "y"})
    assert sent.status_code == 302 and sent.location.endswith("#mail")
    assert saved in text_of(parse(client.get(f"/c/{token}?lang={lang}")).select_one(".flash-success"))
    assert count(MailOptOut) == 0
    with app.app_context():
        check_mailable(db.session.get(SteeringSignup, overdue_plan["amina"]))  # the organizers can mail it again


@pytest.mark.parametrize("lang, label, saved_off, saved_on", [
    ("en", "E-mail me news of what becomes of the ideas (at most a few times a year)",
     "You will not get e-mails with news of what becomes of the ideas.",
     "You will get e-mails with news of what becomes of the ideas."),
    ("fr", "M'envoyer par courriel des nouvelles de ce que deviennent les idées (quelques fois par an au plus)",
     "Vous ne recevrez pas de courriels de nouvelles de ce que deviennent les idées.",
     "Vous recevrez des courriels de nouvelles de ce que deviennent les idées.")])
def test_a_member_whose_sign_up_asked_for_the_progress_updates_switches_them_from_their_page(
        client, app, overdue_plan, count, lang, label, saved_off, saved_on):
    """Their page and their mail settings answered 500: the form had no box for the progress updates."""
    from forum.models import utcnow

    token = overdue_plan["token"]
    with app.app_context():
        db.session.get(SteeringSignup, overdue_plan["amina"]).progress_consent_at = utcnow()
        db.session.commit()
    page = client.get(f"/c/{token}?lang={lang}")
    assert page.status_code == 200
    assert label in text_of(parse(page).select_one("#mail"))
    assert mail_choices(client, token, lang) == {"reminders": True, "digest": True, "progress": True}
    for choice, saved in [({"reminders": "y", "digest": "y"}, saved_off),
                          ({"reminders": "y", "digest": "y", "progress": "y"}, saved_on)]:
        sent = client.post(f"/c/{token}/mail?lang={lang}", data=choice)
        assert sent.status_code == 302 and sent.location.endswith("#mail")
        shown = text_of(parse(client.get(f"/c/{token}?lang={lang}")).select_one(".flash-success"))
        assert saved in shown
        assert mail_choices(client, token, lang)["progress"] is ("progress" in choice)
        with app.app_context():
            assert set(db.session.scalars(select(MailOptOut.topic))) == (set() if "progress" in choice
                                                                           else {"progress"})


def test_with_reminders_off_forum_wide_a_member_who_switched_off_both_gets_their_link_mailed_once_ticked(
        client, app, plan):
    """What the page says on ticking the link's box holds: the reminders' opt-out, which the member cannot
    switch back on while the organizers have reminders off, does not keep their link from being mailed."""
    from forum.services.link_mail import check_mailable

    token = plan["token"]
    with app.app_context():
        db.session.get(Forum, plan["forum_id"]).reminders_on = False
        db.session.add_all([MailOptOut(forum_id=plan["forum_id"], email="amina@example.org", topic=topic)
                            for topic in ("reminders", "link")])
        db.session.commit()
    assert mail_choices(client, token, "en") == {"link": False}
    sent = client.post(f"/c/{token}/mail?lang=en", data={"link": "y"}, follow_redirects=True)
    assert "You will get your committee link by e-mail when the organizers send it." in text_of(
        parse(sent).select_one(".flash-success"))
    with app.app_context():
        check_mailable(db.session.get(SteeringSignup, plan["amina"]))  # as the page said


@pytest.mark.parametrize("lang, said", [
    ("en", "The organizers have switched reminders and the weekly digest off for this forum: nobody gets them "
           "for now."),
    ("fr", "Les organisateurs ont désactivé les rappels et le résumé hebdomadaire pour ce forum : personne ne "
           "les reçoit pour l'instant.")])
def test_when_the_organizers_switched_reminders_off_the_page_says_so_and_offers_no_switch(client, app, plan, count,
                                                                                          lang, said):
    with app.app_context():
        db.session.get(Forum, plan["forum_id"]).reminders_on = False
        db.session.commit()
    section = parse(client.get(f"/c/{plan['token']}?lang={lang}")).select_one("#mail")
    assert text_of(section.select_one("[data-testid=mail-off]")) == said and not section.select("form")
    refused = client.post(f"/c/{plan['token']}/mail?lang={lang}", data={})  # a page opened before
    assert refused.status_code == 409 and count(MailOptOut) == 0


def test_the_mail_choice_needs_the_pages_csrf_token(csrf_app):
    from forum.models import User
    from forum.services.forums import create_forum

    def opt_outs() -> int:
        with csrf_app.app_context():
            return len(db.session.scalars(select(MailOptOut)).all())

    with csrf_app.app_context():
        forum = create_forum(db.session.get(User, add_organizer(csrf_app)), name="Spring forum")
        db.session.flush()
        amina = add_committee_member(forum.id, committee_link_version=1)
        db.session.commit()
        token = committee_token(amina)
    client = csrf_app.test_client()
    page = client.get(f"/c/{token}")
    assert client.post(f"/c/{token}/mail", data={}).status_code == 400 and opt_outs() == 0
    assert client.post(f"/c/{token}/mail", data={"csrf_token": csrf_token_from(page.text)}).status_code == 302
    assert opt_outs() == 2


@pytest.mark.parametrize("lang, both, digest", [
    ("en", "E-mails switched off: reminders, weekly digest", "E-mails switched off: weekly digest"),
    ("fr", "Courriels désactivés : rappels, résumé hebdomadaire", "Courriels désactivés : résumé hebdomadaire")])
def test_the_organizer_sees_which_mail_each_member_switched_off_and_cannot_switch_it_back(client, app, plan,
                                                                                         lang, both, digest):
    from forum.services.mailing import unsubscribe, unsubscription_of

    assert client.post(f"/c/{plan['token']}/mail", data={}).status_code == 302  # Amina: both off, on her page
    with app.app_context():  # Ben: the digest, through a message's link (his address written in capitals)
        ben = db.session.get(SteeringSignup, plan["ben"])
        ben.email = "Ben@Example.org"
        db.session.commit()
        unsubscribe(unsubscription_of(ben, "digest"))
    html = parse(client.get(f"/forums/{plan['forum_id']}/steering?lang={lang}"))
    rows = html.select("section[aria-labelledby=roster-h] tbody tr")
    assert {text_of(row.th): text_of(row.select_one("[data-testid=mail-switched-off]")) for row in rows} == {
        "Amina Owner": both, "Ben Owner": digest}
    assert not html.select("form[action*='/mail']")  # seen, not changed: only the member switches it


def told_of_the_report(app, forum_id: int) -> set[str]:
    """The addresses the report's news would go to now."""
    from forum.services.report_news import pending_recipients

    with app.app_context():
        return {r.email for r in pending_recipients(db.session.get(Forum, forum_id))}


@pytest.fixture
def news_plan(app, plan):
    """Amina asked, when she signed up, to hear when the report is published, and confirmed her address."""
    with app.app_context():
        amina = db.session.get(SteeringSignup, plan["amina"])
        amina.news_consent_at = amina.email_confirmed_at = datetime.datetime(2026, 11, 20)
        db.session.commit()
    return plan


@pytest.mark.parametrize("lang, off, on", [
    ("en", "Saved: you get the reminders and the weekly digest. You will not get an e-mail when the report is "
           "published.",
     "Saved: you get the reminders and the weekly digest. You will get an e-mail when the report is published."),
    ("fr", "Enregistré : vous recevez les rappels et le résumé hebdomadaire. Vous ne recevrez pas de courriel "
           "quand le rapport sera publié.",
     "Enregistré : vous recevez les rappels et le résumé hebdomadaire. Vous recevrez un courriel quand le "
     "rapport sera publié.")])
def test_a_member_who_asked_for_the_reports_news_switches_it_off_and_on_again(client, app, news_plan, lang, off, on):
    token, forum_id = news_plan["token"], news_plan["forum_id"]
    assert mail_choices(client, token, lang) == {"reminders": True, "digest": True, "news": True}
    assert told_of_the_report(app, forum_id) == {"amina@example.org"}
    for choice, wanted, message in [({"reminders": "y", "digest": "y"}, False, off),
                                    ({"reminders": "y", "digest": "y", "news": "y"}, True, on)]:
        assert client.post(f"/c/{token}/mail?lang={lang}", data=choice).location.endswith("#mail")
        assert [text_of(p) for p in parse(client.get(f"/c/{token}?lang={lang}")).select(".flash-success")] == [
            message]
        assert mail_choices(client, token, lang) == {"reminders": True, "digest": True, "news": wanted}
        assert told_of_the_report(app, forum_id) == ({"amina@example.org"} if wanted else set())
    ben = parse(client.get(f"/c/{committee_token_of(app, news_plan['ben'])}")).select_one("#mail")
    assert not ben.select("input[name=news]")  # he did not ask for it


def committee_token_of(app, signup_id: int) -> str:
    with app.app_context():
        signup = db.session.get(SteeringSignup, signup_id)
        signup.committee_link_version = 1
        db.session.commit()
        return committee_token(signup)


def test_with_reminders_off_a_member_who_asked_for_the_reports_news_can_still_stop_it(client, app, news_plan):
    with app.app_context():
        db.session.get(Forum, news_plan["forum_id"]).reminders_on = False
        db.session.commit()
    token = news_plan["token"]
    section = parse(client.get(f"/c/{token}")).select_one("#mail")
    assert section.select_one("[data-testid=mail-off]") and mail_choices(client, token, "en") == {"news": True}
    assert client.post(f"/c/{token}/mail", data={}).status_code == 302
    assert [text_of(p) for p in parse(client.get(f"/c/{token}")).select(".flash-success")] == [
        "You will not get an e-mail when the report is published."]
    with app.app_context():  # the reminders and digest are left as they were
        assert set(db.session.scalars(select(MailOptOut.topic))) == {"news"}


def test_last_years_item_carried_over_is_updated_in_the_next_edition_only(client, app, plan):
    """Once the next edition carries the item over, last year's link shows it without its forms and
    refuses an update (it would stay in last year's plan, unseen this year); the others are as before."""
    from forum.services.editions import new_edition

    with app.app_context():
        forum = db.session.get(Forum, plan["forum_id"])
        new_edition(forum, forum.owner, name="Next year")
        db.session.get(ActionItem, plan["theirs"]).status = "done"  # not carried over
        db.session.commit()
    token, mine = plan["token"], plan["mine"]
    item = parse(client.get(f"/c/{token}?lang=fr")).select_one("[data-testid=my-item]")
    assert "Cette action est reportée à la prochaine édition du forum" in text_of(item.select_one(
        "[data-testid=carried-on]"))
    assert item.select("form") == []
    refused = client.post(f"/c/{token}/items/{mine}/status?lang=fr", data={f"item{mine}-status": "done"})
    assert refused.status_code == 409 and "reportée à la prochaine édition" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ActionItem, mine).status == "not_started"


@pytest.mark.parametrize("lang, plan_lines", [
    ("en", ["Mentoring pilot Owner: you · Due: — · Not started · Carried over to the forum's next edition",
            "Employer toolkit Owner: Ben Owner · Due: — · Done"]),
    ("fr", ["Mentoring pilot Responsable : vous · Échéance : — · Pas commencée · Reportée à la prochaine "
            "édition du forum", "Employer toolkit Responsable : Ben Owner · Échéance : — · Terminée"]),
])
def test_last_years_whole_plan_marks_the_items_carried_over(client, app, plan, lang, plan_lines):
    """A member reading last year's whole plan saw a carried item's status as it was when carried over ("Not
    started"), as if nobody had touched it since: each item the next edition carried over says so."""
    from forum.services.editions import new_edition

    with app.app_context():
        forum = db.session.get(Forum, plan["forum_id"])
        db.session.get(ActionItem, plan["theirs"]).status = "done"  # not carried over
        new_edition(forum, forum.owner, name="Next year")
        db.session.commit()
    page = parse(client.get(f"/c/{plan['token']}?lang={lang}"))
    assert [text_of(item) for item in page.select("[data-testid=plan-item]")] == plan_lines


@pytest.mark.parametrize("lang, said", [
    ("en", "This forum's action plan goes on in its next edition: propose items there, through the link the "
           "organizers send you for it."),
    ("fr", "Le plan d'action de ce forum se poursuit dans sa prochaine édition : proposez-y vos actions, avec le lien "
           "que les organisateurs vous enverront pour celle-ci."),
])
def test_last_years_page_sends_proposals_to_the_next_edition(client, app, plan, lang, said):
    """Once the next edition is started, a proposal sent through last year's link waited in last year's plan, which
    the organizers no longer keep (the next edition takes only the items in the plan): last year's page says where to
    propose instead, links to the member's page there once they have a link there, and refuses one sent anyway."""
    from forum.services.committee import issue_link
    from forum.services.editions import new_edition

    token = plan["token"]
    assert parse(client.get(f"/c/{token}")).select("#propose form")
    with app.app_context():
        forum = db.session.get(Forum, plan["forum_id"])
        next_year = new_edition(forum, forum.owner, name="Next year")
        db.session.commit()
        amina_there = db.session.scalar(select(SteeringSignup).where(
            SteeringSignup.forum_id == next_year.id, SteeringSignup.email == "amina@example.org")).id
    section = parse(client.get(f"/c/{token}?lang={lang}")).select_one("#propose")
    assert not section.select("form") and text_of(section.select_one("[data-testid=plan-goes-on]")) == said
    refused = client.post(f"/c/{token}/proposals?lang={lang}", data={"title": "Job fair", "client_id": new_uuid()})
    assert refused.status_code == 409 and said in text_of(parse(refused).select_one("main"))
    with app.app_context():
        assert db.session.scalar(select(func.count(ActionItem.id)).where(ActionItem.proposal.is_not(None))) == 0
        issue_link(db.session.get(SteeringSignup, amina_there))
        token_there = committee_token(db.session.get(SteeringSignup, amina_there))
    link = parse(client.get(f"/c/{token}")).select_one("[data-testid=plan-goes-on] a")
    assert link["href"] == f"/c/{token_there}"
    assert parse(client.get(link["href"])).select("#propose form")  # the next edition's page takes proposals


@pytest.mark.parametrize("lang, wording", [("en", "Open your committee page of the next edition"),
                                           ("fr", "Ouvrir votre page du comité de la prochaine édition")])
def test_last_years_page_links_a_carried_over_item_to_the_members_page_of_the_next_edition(client, app, plan, lang,
                                                                                          wording):
    from forum.services.committee import issue_link
    from forum.services.editions import new_edition

    with app.app_context():
        forum = db.session.get(Forum, plan["forum_id"])
        next_year = new_edition(forum, forum.owner, name="Next year")
        db.session.commit()
        amina_there = db.session.scalar(select(SteeringSignup).where(
            SteeringSignup.forum_id == next_year.id, SteeringSignup.email == "amina@example.org"))
    last_years = f"/c/{plan['token']}?lang={lang}"
    assert not parse(client.get(last_years)).select("[data-testid=carried-on] a")  # no link there yet
    with app.app_context():
        amina_there = db.session.get(SteeringSignup, amina_there.id)
        issue_link(amina_there)
        token_there = committee_token(amina_there)
    link = parse(client.get(last_years)).select_one("[data-testid=carried-on] a")
    assert text_of(link) == wording and link["href"] == f"/c/{token_there}"
    page = client.get(link["href"])
    assert page.status_code == 200 and "Next year" in page.text and "Mentoring pilot" in page.text


# ---- the organizer removes a member ---------------------------------------------------------------

@pytest.mark.parametrize("lang, flashed, said", [
    ("en", "Their open item needs a new owner", "You are no longer on this forum's steering committee"),
    ("fr", "Son action en cours doit trouver un nouveau responsable",
     "Vous ne faites plus partie du comité directeur de ce forum")])
def test_the_organizer_removes_a_member_whose_open_items_then_need_an_owner(client, app, overdue_plan, lang,
                                                                            flashed, said):
    plan = overdue_plan
    forum_id, amina = plan["forum_id"], plan["amina"]
    assert planned_for(app, "amina@example.org") == {"reminders", "digest"}
    client.get(f"/forums/{forum_id}?lang={lang}")  # the organizer's language, chosen before: the account's
    before = snapshot(app)
    asked = client.post(f"/forums/{forum_id}/steering/{amina}/remove?lang={lang}")
    assert asked.status_code == 200 and snapshot(app) == before  # the confirmation page changes nothing
    done = client.post(f"/forums/{forum_id}/steering/{amina}/remove?lang={lang}", data={"confirmed": "yes"},
                       follow_redirects=True)
    html = parse(done)
    assert flashed in text_of(html.select_one(".flash"))
    rows = {text_of(row.select_one("a")): row for row in html.select("[data-testid=action-row]")}
    assert rows["Mentoring pilot"].select_one("[data-testid=needs-owner]")
    assert not rows["Employer toolkit"].select_one("[data-testid=needs-owner]")
    with app.app_context():
        assert db.session.get(ActionItem, plan["mine"]).owner_signup_id is None
    assert planned_for(app, "amina@example.org") == set()
    assert planned_for(app, "ben@example.org") == {"digest"}
    page = client.get(f"/c/{plan['token']}?lang={lang}")
    assert page.status_code == 403 and said in text_of(parse(page).select_one("main"))
    again = client.post(f"/forums/{forum_id}/steering/{amina}/remove", data={"confirmed": "yes"})
    assert again.status_code == 409


def test_a_member_who_signs_up_again_without_agreeing_to_own_items_loses_their_owners_link(client, app, plan):
    from forum.services.participation import join, save_signup

    with app.app_context():
        db.session.get(SteeringSignup, plan["amina"]).device_token = "amina-phone"
        db.session.commit()
        join(plan["forum_id"], "amina-phone", None)  # her phone joined the forum
        save_signup(plan["forum_id"], "amina-phone", "a", name="Amina Owner", organization=None,
                    email="amina@example.org", group_id=None, consents_to_owner_role=False)
    page = client.get(f"/c/{plan['token']}")
    assert page.status_code == 403
    assert "without agreeing to own action items" in text_of(parse(page).select_one("main"))
    steering = parse(client.get(f"/forums/{plan['forum_id']}/steering"))
    assert not steering.select("[data-testid=committee-link] input[type=text]")


# ---- the owner gives an item back -------------------------------------------------------------------

@pytest.mark.parametrize("lang, flashed, logged", [
    ("en", "You gave “Mentoring pilot” back to the organizers",
     "Gave the item back to the organizers, who look for a new owner: “I changed jobs.”"),
    ("fr", "Vous avez rendu « Mentoring pilot » aux organisateurs",
     "A rendu l'action aux organisateurs, qui cherchent un nouveau responsable : « I changed jobs. »")])
def test_the_owner_gives_an_item_back_and_the_organizers_see_it_needs_an_owner(client, app, overdue_plan, lang,
                                                                               flashed, logged):
    from forum.services.reminders import planned_mail

    plan = overdue_plan
    token, mine = plan["token"], plan["mine"]
    sent = {f"item{mine}-reason": "I changed jobs.\n", f"item{mine}-client_id": "give-back-1"}
    done = client.post(f"/c/{token}/items/{mine}/give-back?lang={lang}", data=sent, follow_redirects=True)
    assert flashed in text_of(parse(done).select_one(".flash"))
    assert not parse(done).select("[data-testid=my-item]")
    again = client.post(f"/c/{token}/items/{mine}/give-back?lang={lang}", data=sent)  # a double tap
    assert again.status_code == 302
    with app.app_context():
        item = db.session.get(ActionItem, mine)
        assert item.owner_signup_id is None and item.status == "not_started"
        assert [(f.note, f.given_back) for f in item.follow_ups] == [("I changed jobs.", True)]
    assert planned_for(app, "amina@example.org") == {"digest"}  # no more reminders of it
    with app.test_request_context(base_url="http://localhost"):
        digest = next(m for m in planned_mail() if m.recipient.email == "ben@example.org")
    assert " · Amina Owner gave “Mentoring pilot” back to the organizers, who look for a new owner: “I changed jobs.”\n" \
        in digest.body
    plan_page = parse(client.get(f"/forums/{plan['forum_id']}/actions?lang={lang}"))
    row = next(r for r in plan_page.select("[data-testid=action-row]") if "Mentoring pilot" in text_of(r))
    assert row.select_one("[data-testid=needs-owner]") and "I changed jobs" not in text_of(row)
    history = text_of(parse(client.get(f"/forums/{plan['forum_id']}/actions/{mine}?lang={lang}")))
    assert logged in history


@pytest.mark.parametrize("lang, said", [("en", "This item was already given back to the organizers."),
                                        ("fr", "Cette action a déjà été rendue aux organisateurs.")])
def test_giving_an_item_back_again_from_a_second_tab_says_it_was_already_given_back(client, app, plan, lang, said):
    token, mine = plan["token"], plan["mine"]
    for tab in ("first-tab", "second-tab"):
        page = client.post(f"/c/{token}/items/{mine}/give-back?lang={lang}", follow_redirects=True,
                           data={f"item{mine}-reason": f"From {tab}", f"item{mine}-client_id": tab})
        assert page.status_code == 200
    assert text_of(parse(page).select_one(".flash")) == said
    with app.app_context():
        assert [f.note for f in db.session.get(ActionItem, mine).follow_ups] == ["From first-tab"]


def test_only_the_owner_gives_an_item_back_and_a_reason_is_needed(client, app, plan):
    token, mine, theirs = plan["token"], plan["mine"], plan["theirs"]
    before = snapshot(app)
    refused = client.post(f"/c/{token}/items/{theirs}/give-back",
                          data={f"item{theirs}-reason": "Not mine", f"item{theirs}-client_id": "g1"})
    assert refused.status_code == 403
    empty = client.post(f"/c/{token}/items/{mine}/give-back",
                        data={f"item{mine}-reason": " ", f"item{mine}-client_id": "g2"})
    assert empty.status_code == 422
    assert parse(empty).select_one("[data-testid=give-back][open] .error")
    assert client.post(f"/c/{token}/items/999999/give-back", data={"item999999-reason": "x"}).status_code == 404
    assert snapshot(app) == before


# ---- what a member reads --------------------------------------------------------------------------

def test_the_latest_follow_up_keeps_its_lines_and_shows_markup_as_text(client, app, plan):
    with app.app_context():
        db.session.add(FollowUp(action_item_id=plan["mine"], note="Met three employers.\n<b>Next:</b> a workshop",
                                author="Amina Owner"))
        db.session.commit()
    client.post(f"/forums/{plan['forum_id']}/progress-page/share")
    progress = parse(client.get(f"/c/{plan['token']}")).select_one("#public-name a[href^='/progress/']")["href"]
    for page in (client.get(f"/c/{plan['token']}"), client.get(progress)):
        assert "<b>Next" not in page.text
        note = parse(page).select_one("[data-testid=latest-follow-up]")
        assert "note" in note["class"]  # white-space: pre-line keeps the typed lines
        assert "Met three employers.\n<b>Next:</b> a workshop" in note.get_text()


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("how, status", [("revoked", 403), ("expired", 410), ("withdrawn", 403)])
def test_a_dead_link_names_its_forum_and_a_wrong_one_does_not(client, app, plan, how, status, lang):
    from forum.models import utcnow

    with app.app_context():
        amina = db.session.get(SteeringSignup, plan["amina"])
        if how == "revoked":
            amina.committee_link_revoked_at = utcnow()
        elif how == "expired":
            amina.committee_link_expires_on = datetime.date(2020, 1, 1)
        else:
            amina.withdrawn_at = utcnow()
        db.session.commit()
    page = client.get(f"/c/{plan['token']}?lang={lang}")
    said = text_of(parse(page).select_one("main"))
    assert page.status_code == status and "Spring forum" in said
    assert "Amina" not in said and "Mentoring pilot" not in said
    wrong = client.get(f"/c/{plan['token'][:-3]}aaa?lang={lang}")
    assert wrong.status_code == 404 and "Spring forum" not in wrong.text


@pytest.mark.parametrize("lang, wording", [("en", "Needs an owner"), ("fr", "Responsable à trouver")])
def test_the_whole_plan_says_an_item_whose_owner_left_needs_an_owner_as_the_organizers_plan_does(
        client, app, plan, lang, wording):
    with app.app_context():
        db.session.get(SteeringSignup, plan["ben"]).withdrawn_at = datetime.datetime(2026, 1, 1)
        db.session.commit()
    page = parse(client.get(f"/c/{plan['token']}?lang={lang}"))
    theirs = page.select("[data-testid=plan-item]")[1]
    assert text_of(theirs.select_one("[data-testid=needs-owner]")) == wording
    assert "—" not in text_of(theirs).split("·")[0]


def test_declining_a_members_proposal_is_asked_first(client, app, plan):
    """Decline sits beside Accept and cannot be taken back; accepting is not asked about."""
    token = plan["token"]
    for title, client_id in (("Job fair", "proposal-1"), ("Newsletter", "proposal-2")):
        client.post(f"/c/{token}/proposals", data={"title": title, "client_id": client_id})
    with app.app_context():
        job_fair, newsletter = db.session.scalars(select(ActionItem.id).where(ActionItem.proposal == "pending")
                                                  .order_by(ActionItem.client_id)).all()
    url = f"/forums/{plan['forum_id']}/actions/{job_fair}/decline"
    asked = parse(client.post(f"{url}?lang=fr"))
    assert text_of(asked.h1) == "Refuser la proposition « Job fair » ?"
    assert "ne pourra plus être acceptée" in text_of(asked.select_one(".confirm p"))
    form = asked.select_one("form.actions")
    assert {field["name"]: field["value"] for field in form.select("input[type=hidden]")
            if field["name"] != "csrf_token"} == {"confirmed": "yes"}
    assert form.select_one("a.button")["href"] == f"/forums/{plan['forum_id']}/actions#proposals"  # Cancel
    with app.app_context():
        assert db.session.get(ActionItem, job_fair).proposal == "pending"

    assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    assert client.post(f"/forums/{plan['forum_id']}/actions/{newsletter}/accept").status_code == 302
    with app.app_context():
        assert db.session.get(ActionItem, job_fair).proposal == "declined"
        assert db.session.get(ActionItem, newsletter).proposal is None
