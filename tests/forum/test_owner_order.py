"""Lists of people's names sort as a reader sorts them, in French as in English: accents and case aside, "Élodie"
and "bruno" in their place rather than after "Zoé" (the action plan's owner choices, the shared contacts)."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Forum, SteeringSignup
from forum.services.action_plan import owners


def test_owners_are_listed_accents_and_case_aside(app, organizer, make_forum):
    forum_id = make_forum(organizer)
    with app.app_context():
        db.session.add_all([SteeringSignup(forum_id=forum_id, client_id=f"s{n}", name=name,
                                           email=f"s{n}@example.org", consents_to_owner_role=True)
                            for n, name in enumerate(["Zoé Martin", "Élodie Roy", "bruno Tremblay", "Awa Diallo",
                                                      "Emile Gagnon"])])
        db.session.commit()
        names = [signup.name for signup in owners(db.session.get(Forum, forum_id))]
    assert names == ["Awa Diallo", "bruno Tremblay", "Élodie Roy", "Emile Gagnon", "Zoé Martin"]


def test_the_shared_contacts_list_sorts_names_accents_and_case_aside(app, organizer, make_forum):
    from forum.models import Participant
    from forum.services.registrations import attendees

    forum_id = make_forum(organizer)
    with app.app_context():
        db.session.add_all([Participant(forum_id=forum_id, name=name, email=f"p{n}@example.org", shares_contact=True)
                            for n, name in enumerate(["Zoé Martin", "Élodie Roy", "Emile Gagnon", "Awa Diallo"])])
        db.session.commit()
        names = [row["name"] for row in attendees(forum_id)]
    assert names == ["Awa Diallo", "Élodie Roy", "Emile Gagnon", "Zoé Martin"]
