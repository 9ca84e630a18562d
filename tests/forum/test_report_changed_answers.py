"""A participant who changes their evaluation after the analysis is counted once, and the report quotes
the answer as they now wrote it, not the one the analysis grouped."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Forum
from forum.participate.answers import AnswerValue
from forum.services.analysis_runs import run_analysis
from forum.services.evaluation_setup import open_evaluation
from forum.services.participation import save_response

FIRST, CHANGED = "The networking was useful", "The report-outs were too long"


def test_a_changed_answer_is_quoted_as_it_now_reads_and_counted_once(app, client, analysed):
    forum_id, _ = analysed
    with app.app_context():
        open_evaluation(forum_id)
        forum = db.session.get(Forum, forum_id)
        questions = {question.key: question.id for question in forum.questions}

        def answer(device: str, rating: int, takeaway: str) -> None:
            save_response(forum_id, device, f"{device}-{rating}", {questions["rating"]: AnswerValue(number=rating),
                                                                 questions["takeaway"]: AnswerValue(text=takeaway)})

        answer("phone-1", 5, FIRST)
        answer("phone-2", 4, "Meeting employers")
        assert run_analysis(forum).status == "done"
        answer("phone-1", 3, CHANGED)  # the same phone changes its mind after the analysis
    for lang, responses in (("en", "- **2** evaluation responses"), ("fr", "- **2** réponses à l'évaluation")):
        report = client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}").get_data(as_text=True)
        assert CHANGED in report and FIRST not in report, lang
        assert responses in report.splitlines(), lang
