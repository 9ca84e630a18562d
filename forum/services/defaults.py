"""What a new forum starts with: the example forum's rounds, groups and evaluation questions."""
from __future__ import annotations

# key, English title, French title, English question, French question
DEFAULT_ROUNDS = (
    ("best_practices", "Best practices", "Pratiques exemplaires",
     "What works? Share best practices you have seen or used.",
     "Qu'est-ce qui fonctionne\u00a0? Partagez les pratiques exemplaires que vous avez vues ou utilisées."),
    ("challenges", "Challenges", "Défis",
     "What gets in the way? Name the challenges and barriers.",
     "Qu'est-ce qui fait obstacle\u00a0? Nommez les défis et les barrières."),
    ("collaboration", "Collaboration ideas", "Idées de collaboration",
     "How could we work together to do better?",
     "Comment pourrions-nous travailler ensemble pour faire mieux\u00a0?"),
    ("priorities", "Priorities", "Priorités",
     "What should we do first?",
     "Par quoi devrions-nous commencer\u00a0?"),
)

# key, English name, French name
DEFAULT_GROUPS = (
    ("employers", "Employers", "Employeurs"),
    ("service_providers", "Service providers", "Fournisseurs de services"),
    ("itps", "Internationally trained professionals", "Professionnels formés à l'étranger"),
    ("professional_associations", "Professional associations", "Associations professionnelles"),
    ("colleges", "Colleges", "Collèges"),
    ("government", "Government", "Gouvernement"),
    ("regulatory_bodies", "Regulatory bodies", "Organismes de réglementation"),
    ("multi_sector", "Multi-sector", "Multisectoriel"),
)

# value, English label, French label
ANNUAL_CHOICES = (
    ("yes", "Yes, every year", "Oui, chaque année"),
    ("more_often", "More often", "Plus souvent"),
    ("maybe", "Maybe", "Peut-être"),
    ("no", "No", "Non"),
)

# key, kind, English prompt, French prompt, choices. The keys match the sample CSV's columns.
DEFAULT_QUESTIONS = (
    ("rating", "rating", "Overall, how would you rate this forum?",
     "Dans l'ensemble, comment évaluez-vous ce forum\u00a0?", None),
    ("takeaway", "text", "What is one take-away from today?",
     "Quelle est une chose que vous retenez d'aujourd'hui\u00a0?", None),
    ("liked_most", "text", "What did you like most?", "Qu'avez-vous le plus apprécié\u00a0?", None),
    ("liked_least", "text", "What did you like least?", "Qu'avez-vous le moins apprécié\u00a0?", None),
    ("annual", "choice", "Should this become an annual event?",
     "Cet événement devrait-il devenir annuel\u00a0?", ANNUAL_CHOICES),
    ("suggestions", "text", "Any other suggestions?", "Avez-vous d'autres suggestions\u00a0?", None),
    ("wants_involvement", "yes_no", "I want to help implement the outcomes of this forum.",
     "Je veux aider à mettre en œuvre les résultats de ce forum.", None),
)
