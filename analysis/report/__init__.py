"""The post-forum report: plain analysis results in, a document out, rendered in every format.

``inputs.ReportInput`` (plain values handed over by the app or a test) → ``build.build_report`` /
``build.build_brief`` → a ``document.Document`` of sections and blocks → ``html``, ``docx``,
``pdf`` and ``markdown`` render it. The report's fixed text is in the gettext domain ``report``
(``wording``). This package reads results only: it never imports the text models.
"""
