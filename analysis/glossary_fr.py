"""A small French -> English glossary of workforce-integration vocabulary.

The stakeholder model ships English training cards; for a French card, words found here are
read as their English counterpart (compared by Snowball stems on both sides), so "mentorat",
"stages" and "financement" meet "mentoring", "internships" and "funding". General domain
vocabulary only (hiring, training, funding, credentials, support), not any forum's wording.
Group names themselves are handled by ``analysis.group_lexicon``.
"""
from __future__ import annotations

FR_EN = {
    # hiring and work
    "embauche": "hire", "embaucher": "hire", "recrutement": "recruitment", "recruter": "recruit",
    "emploi": "job", "emplois": "jobs", "travail": "work", "poste": "position", "postes": "positions",
    "candidat": "candidate", "candidate": "candidate", "entrevue": "interview", "entretien": "interview",
    "stage": "internship", "stagiaire": "intern", "apprentissage": "apprenticeship", "salaire": "pay",
    "employe": "employee", "employes": "employees", "personnel": "staff", "equipe": "team",
    "milieu": "workplace", "lieu": "workplace", "embauches": "hires", "retention": "retention",
    "maintien": "retention", "integration": "integration", "accueil": "onboarding", "promotion": "promotion",
    "avancement": "advancement", "carriere": "career", "progression": "advancement", "leadership": "leadership",
    # support and programs
    "mentorat": "mentoring", "mentor": "mentor", "parrainage": "sponsorship", "jumelage": "matching",
    "accompagnement": "support", "soutien": "support", "appui": "support", "aide": "help",
    "encadrement": "coaching", "coaching": "coaching", "formation": "training", "former": "train",
    "atelier": "workshop", "programme": "program", "passerelle": "bridging", "relais": "bridging",
    "conseiller": "counsellor", "conseillere": "counsellor", "orientation": "orientation",
    "preparation": "preparation", "pre-arrivee": "pre-arrival", "prearrivee": "pre-arrival", "arrivee": "arrival",
    "ressources": "resources", "outils": "tools", "information": "information", "services": "services",
    "suivi": "follow-up", "reseautage": "networking", "reseau": "network", "contacts": "connections",
    "client": "client", "clients": "clients", "clientele": "clients", "membre": "member", "membres": "members",
    "etudiant": "student", "etudiants": "students", "diplomes": "graduates", "anciens": "alumni",
    "benevole": "volunteer", "benevoles": "volunteers", "visite": "visit", "visites": "visits",
    # skills and language
    "competences": "skills", "competence": "skill", "habiletes": "skills", "aptitudes": "skills",
    "savoir-etre": "soft-skills", "langue": "language", "langues": "languages", "anglais": "english",
    "francais": "french", "communication": "communication", "culture": "culture", "culturel": "cultural",
    "culturelles": "cultural", "experience": "experience", "canadienne": "canadian", "canadien": "canadian",
    # credentials and regulation
    "diplome": "credential", "titres": "credentials", "reconnaissance": "recognition", "permis": "licence",
    "licence": "licence", "agrement": "licensing", "accreditation": "accreditation", "evaluation": "assessment",
    "evaluer": "assess", "examen": "exam", "reglementation": "regulation", "reglemente": "regulated",
    "reglementee": "regulated", "reglementees": "regulated", "profession": "profession", "metier": "trade",
    # funding and policy
    "financement": "funding", "financer": "fund", "subvention": "subsidy", "subventions": "subsidies",
    "fonds": "funds", "incitatifs": "incentives", "incitatif": "incentive", "credit": "credit",
    "politique": "policy", "politiques": "policies", "cibles": "targets", "couts": "costs", "cout": "cost",
    # collaboration, barriers, attitudes
    "partenariat": "partnership", "partenariats": "partnerships", "partenaire": "partner",
    "collaboration": "collaboration", "collaborer": "collaborate", "concertation": "collaboration",
    "defi": "challenge", "defis": "challenges", "obstacle": "barrier", "obstacles": "barriers",
    "barriere": "barrier", "barrieres": "barriers", "besoin": "need", "besoins": "needs",
    "diversite": "diversity", "inclusion": "inclusion", "equite": "equity", "biais": "bias",
    "prejuges": "bias", "discrimination": "discrimination", "attentes": "expectations", "objectifs": "goals",
    "succes": "success", "reussite": "success", "histoires": "stories", "temoignages": "stories",
    "confiance": "confidence", "patience": "patience", "flexibilite": "flexibility",
}
