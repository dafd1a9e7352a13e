"""Wording the regulator sets. DISP 1 Annex 3R: what a final response or summary resolution
communication says about the ombudsman's time limits, in the firm's chosen case. The
English is the Handbook's; the Spanish is our translation of it, checked the same way."""

ANNEX_3R = {
    ("no", "en"): (
        "You have the right to refer your complaint to the Financial Ombudsman Service, free "
        "of charge – but you must do so within six months of the date of this letter. If you "
        "do not refer your complaint in time, the Ombudsman will not have our permission to "
        "consider your complaint and so will only be able to do so in very limited "
        "circumstances. For example, if the Ombudsman believes that the delay was as a result "
        "of exceptional circumstances."
    ),
    ("no", "es"): (
        "Tiene derecho a remitir su reclamación al Financial Ombudsman Service, de forma "
        "gratuita, pero debe hacerlo en un plazo de seis meses desde la fecha de esta carta. "
        "Si no remite su reclamación a tiempo, el Ombudsman no tendrá nuestro permiso para "
        "examinarla y solo podrá hacerlo en circunstancias muy limitadas; por ejemplo, si "
        "considera que el retraso se debió a circunstancias excepcionales."
    ),
    ("yes", "en"): (
        "You have the right to refer your complaint to the Financial Ombudsman Service, free "
        "of charge – but you must do so within six months of the date of this letter. We do "
        "not object to the Ombudsman considering your complaint if you refer it outside the "
        "time limits: we consent to waive them."
    ),
    ("yes", "es"): (
        "Tiene derecho a remitir su reclamación al Financial Ombudsman Service, de forma "
        "gratuita, pero debe hacerlo en un plazo de seis meses desde la fecha de esta carta. "
        "No nos oponemos a que el Ombudsman examine su reclamación si la remite fuera de los "
        "plazos: consentimos en renunciar a ellos."
    ),
}


def annex_3r(consent: str, language: str) -> str:
    return ANNEX_3R.get((consent, language[:2])) or ANNEX_3R[(consent, "en")]
