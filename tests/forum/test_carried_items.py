"""An action item a later edition carried over is followed up there: last year's plan refuses an organizer's change of
its status or owner with a message naming the edition it went to (and a link to it there for those who may open it),
and starting the next edition twice carries each open item once."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ActionItem, FollowUp, SteeringSignup, Translated
from tests.conftest import USE_POSTGRES, member_client
from tests.forum.test_resend import form_data
from tests.forum.test_series import demo, start_edition  # noqa: F401 (the fixture)
from tests.html import parse, text_of


def carried_pair(app, demo_id: int, edition: int) -> tuple[int, int]:
    """Last year's item and the item carrying it over in ``edition``."""
    with app.app_context():
        carried = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == edition)
                                     .order_by(ActionItem.position)).first()
        return carried.carried_from_id, carried.id


@pytest.mark.parametrize("lang, said, link", [
    ("en", "This item was carried over to Forum 2020: change its status or owner there", "Open the item in Forum 2020"),
    ("fr", "Cette action a été reportée à Forum 2020 : changez son état ou son responsable là-bas",
     "Ouvrir l'action dans Forum 2020")])
def test_an_organizer_cannot_change_the_status_of_an_item_carried_over_in_last_year_s_plan(client, app, demo, lang,
                                                                                          said, link):
    edition = start_edition(client, demo)
    original, carried = carried_pair(app, demo, edition)
    path = f"/forums/{demo}/actions/{original}"
    page = client.get(f"{path}?lang={lang}")
    with app.app_context():
        status = db.session.get(ActionItem, original).status
        follow_ups = db.session.scalar(select(func.count(FollowUp.id)).where(FollowUp.action_item_id == original))
    other = "done" if status != "done" else "dropped"
    refused = client.post(f"{path}?lang={lang}", data=form_data(page, "", status=other))
    assert refused.status_code == 409
    box = parse(refused).select_one('[data-testid="refused-carried-over"]')
    assert said in text_of(box)
    [open_link] = [a for a in box.select("a") if a.get_text() == link]  # the English name marked on a French page
    assert open_link["href"] == f"/forums/{edition}/actions/{carried}"
    assert [span["lang"] for span in open_link.select("span[lang]")] == ([] if lang == "en" else ["en"])
    follow_up = client.post(f"/forums/{demo}/actions/{original}/follow-ups?lang={lang}",
                            data={"note": "Done after all", "status_change": other, "client_id": "fu-carried"})
    assert follow_up.status_code == 409 and said in text_of(parse(follow_up).select_one(
        '[data-testid="refused-carried-over"]'))
    with app.app_context():
        assert db.session.get(ActionItem, original).status == status
        assert db.session.scalar(select(func.count(FollowUp.id)).where(
            FollowUp.action_item_id == original)) == follow_ups
    page = parse(client.get(f"{path}?lang=en"))  # still readable; its forms say where status and owner change
    assert page.select_one("#follow-ups") and page.select_one('select[name="status_change"]') is None
    hint = "Carried over to a later edition: its status and owner are changed there."
    assert [text_of(page.select_one(f"#{name}-hint")) for name in ("status", "owner_signup_id")] == [hint, hint]
    assert page.select_one("#status")["aria-describedby"] == "status-hint"


def test_an_organizer_cannot_give_an_item_carried_over_another_owner_in_last_year_s_plan(client, app, demo):
    edition = start_edition(client, demo)
    original, _carried = carried_pair(app, demo, edition)
    with app.app_context():
        item = db.session.get(ActionItem, original)
        owner = db.session.scalars(select(SteeringSignup).where(
            SteeringSignup.forum_id == demo, SteeringSignup.consents_to_owner_role.is_(True),
            SteeringSignup.withdrawn_at.is_(None), SteeringSignup.id != (item.owner_signup_id or 0))).first()
        assert owner is not None
        owner_id, before = owner.id, item.owner_signup_id
    path = f"/forums/{demo}/actions/{original}"
    refused = client.post(path, data=form_data(client.get(path), "", owner_signup_id=str(owner_id)))
    assert refused.status_code == 409 and parse(refused).select_one('[data-testid="refused-carried-over"]')
    with app.app_context():
        assert db.session.get(ActionItem, original).owner_signup_id == before


def test_a_co_organizer_of_last_year_only_is_told_another_edition_without_a_link(client, app, demo):
    edition = start_edition(client, demo)
    original, _carried = carried_pair(app, demo, edition)
    other = member_client(app, demo, "organizer", email="last-year-only@example.org")
    path = f"/forums/{demo}/actions/{original}"
    page = other.get(path)
    refused = other.post(path, data=form_data(page, "", status="dropped"))
    assert refused.status_code == 409
    box = parse(refused).select_one('[data-testid="refused-carried-over"]')
    assert "carried over to another edition" in text_of(box) and box.select("a") == []
    assert "Forum 2020" not in refused.get_data(as_text=True)


@pytest.mark.parametrize("lang, said, left", [
    ("en", "3 action items of this plan were already carried over to Forum 2020: they are followed up there and are "
           "not carried again.", "0 open action items not carried over yet"),
    ("fr", "3 actions de ce plan ont déjà été reportées à Forum 2020 : elles y sont suivies et ne sont pas "
           "reportées de nouveau.", "0 action ouverte pas encore reportée")])
def test_starting_a_second_next_edition_does_not_carry_the_items_again(client, app, demo, lang, said, left):
    first = start_edition(client, demo)
    with app.app_context():
        carried = set(db.session.scalars(select(ActionItem.carried_from_id).where(ActionItem.forum_id == first)))
    assert len(carried) == 3
    page = parse(client.get(f"/forums/{demo}/next-edition?lang={lang}"))
    notes = page.select('[data-testid="carried-already"]')
    assert [text_of(note).startswith(said) for note in notes] == [True]
    assert notes[0].select_one("a")["href"] == f"/forums/{first}/actions"
    assert text_of(page.select_one('[data-testid="items-to-carry"]')).startswith(left)
    second = start_edition(client, demo, **{"name-en": "Forum 2020 bis", "date": "2020-12-04", "again": "y"})
    with app.app_context():
        assert db.session.scalar(select(func.count(ActionItem.id)).where(ActionItem.forum_id == second)) == 0
        db.session.add(ActionItem(forum_id=demo, title=Translated("Late idea"), position=99))
        db.session.commit()
    page = parse(client.get(f"/forums/{demo}/next-edition?lang=en"))
    assert text_of(page.select_one('[data-testid="items-to-carry"]')).startswith("1 open action item not carried over yet")
    third = start_edition(client, demo, **{"name-en": "Forum 2021", "date": "2021-11-05", "again": "y"})
    with app.app_context():
        assert [item.title.en for item in db.session.scalars(select(ActionItem).where(ActionItem.forum_id == third))] \
            == ["Late idea"]


@pytest.mark.skipif(not USE_POSTGRES, reason="row locks: SQLite's writers take turns (BEGIN IMMEDIATE)")
@pytest.mark.parametrize("change", ["edit", "follow_up"])
def test_a_change_of_status_waits_for_the_next_edition_being_started_and_is_refused_once_it_carried_the_item(
        app, demo, change):
    """Before, the organizer's change checked for a later edition before its write, without waiting for the
    edition another organizer was starting at that moment (which locks the forum's row while it carries the items
    over): the change went through, into last year's plan, unseen."""
    from dataclasses import replace

    from sqlalchemy.orm import Session

    from forum.models import Forum, User
    from forum.services import action_plan as plan
    from forum.services.forums import create_forum

    with app.app_context():
        item = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == demo, ActionItem.status != "done")
                                  .order_by(ActionItem.position)).first()
        item_id, status, owner_id = item.id, item.status, db.session.get(Forum, demo).owner_id
        later = create_forum(db.session.get(User, owner_id), name="Forum 2020", table_count=1)
        db.session.commit()
        later_id = later.id
        engine = db.engine
    other = "done" if status != "done" else "dropped"
    starting = engine.connect()  # the next edition being started: the forum's row locked, its item carried over
    starting.begin()
    starting.execute(select(Forum.id).where(Forum.id == demo).with_for_update())
    with Session(bind=starting) as session:
        session.add(ActionItem(forum_id=later_id, title=Translated("Carried"), carried_from_id=item_id,
                               status=status))
        session.flush()
        outcome = []

        def organizer_changes_status():
            with app.test_request_context():
                item = db.session.get(ActionItem, item_id)
                by = db.session.get(User, owner_id)
                try:
                    if change == "edit":
                        fields = plan.ItemFields(title=item.title, description=item.description,
                                                 theme_id=item.theme_id, lead_group_id=item.lead_group_id,
                                                 owner_signup_id=item.owner_signup_id, due_date=item.due_date,
                                                 status=item.status)
                        plan.update_item(item, replace(fields, status=other), by)
                    else:
                        plan.log_follow_up(item, "Done", None, other, by, "fu-race")
                    outcome.append("changed")
                except plan.CarriedOver:
                    outcome.append("refused")
                finally:
                    db.session.remove()

        thread = threading.Thread(target=organizer_changes_status)
        thread.start()
        time.sleep(1)
        waited = thread.is_alive()
        starting.commit()
        thread.join(10)
    starting.close()
    assert waited and outcome == ["refused"]
    with app.app_context():
        assert db.session.get(ActionItem, item_id).status == status
