"""Confirming, as their owners would, the addresses given for a forum's news (forum.services.news_confirm): for tests
whose participants ask for the news and then get it."""
from __future__ import annotations

import re

NEWS_CONFIRM_LINK = re.compile(r"http://localhost(/news-mail/\S+)")


def confirm_links(mailbox) -> list[str]:
    return [link for message in mailbox.messages for link in NEWS_CONFIRM_LINK.findall(message.get_content())]


def confirm_news_addresses(app) -> int:
    """Open each confirmation link in the mailbox and tap its button, then empty the mailbox; how many there were."""
    links = confirm_links(app.mailbox)
    client = app.test_client()
    for link in links:
        assert client.post(link).status_code == 200
    app.mailbox.messages.clear()
    return len(links)
