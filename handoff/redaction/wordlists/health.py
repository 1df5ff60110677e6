"""Health conditions (GDPR Art. 9 special categories), English and German, with their inflections
and the word parts of German compounds. Plain data, no logic beyond expanding inflections.
"""
from __future__ import annotations

from typing import Iterable, List

# --- health conditions (GDPR Art. 9) -----------------------------------------------------------


def expand(stems: Iterable[str], endings: Iterable[str]) -> List[str]:
    """Every stem with every ending (``expand(["krank"], ["", "e"])`` -> ``krank``, ``kranke``)."""
    return [stem + ending for stem in stems for ending in endings]


_ADJ_DE = ("", "e", "er", "es", "en", "em")
_NOUN_DE_EN = ("", "en")  # Depression, Depressionen

HEALTH_TERMS_EN = [
    # metabolic, cardiovascular, respiratory
    "diabetes", "diabetic", "diabetics", "type 1 diabetes", "type 2 diabetes", "prediabetes",
    "insulin", "insulin-dependent", "hypertension", "high blood pressure", "heart attack",
    "heart attacks", "heart disease", "heart failure", "heart condition", "cardiac arrest", "stroke",
    "strokes", "arrhythmia", "angina", "asthma", "asthmatic", "copd", "cystic fibrosis",
    "tuberculosis", "pneumonia", "long covid", "covid infection", "obesity", "thyroid disease",
    "hypothyroidism", "hyperthyroidism",
    # cancer and its treatment
    "cancer", "cancers", "breast cancer", "lung cancer", "prostate cancer", "skin cancer",
    "colon cancer", "tumour", "tumours", "tumor", "tumors", "brain tumour", "brain tumor",
    "leukaemia", "leukemia", "lymphoma", "melanoma", "carcinoma", "sarcoma", "metastases",
    "chemotherapy", "chemo", "radiotherapy", "radiation therapy", "oncologist", "oncology",
    # infections
    "hiv", "hiv-positive", "hiv positive", "hepatitis", "hepatitis b", "hepatitis c", "syphilis",
    "chlamydia", "gonorrhoea", "gonorrhea", "herpes",
    # neurological
    "epilepsy", "epileptic", "epileptic seizure", "seizures", "multiple sclerosis", "parkinson's",
    "parkinsons", "parkinson's disease", "alzheimer's", "alzheimers", "alzheimer's disease",
    "dementia", "migraine", "migraines", "brain injury", "huntington's disease",
    # mental health
    "depression", "depressions", "depressed", "clinical depression", "postnatal depression",
    "postpartum depression", "anxiety disorder", "anxiety disorders", "panic disorder",
    "panic attacks", "bipolar", "bipolar disorder", "schizophrenia", "schizophrenic", "psychosis",
    "ptsd", "post-traumatic stress disorder", "ocd", "adhd", "autism", "autistic", "asperger's",
    "eating disorder", "anorexia", "bulimia", "burnout", "burn-out", "borderline personality disorder",
    "self-harm", "suicidal", "suicide attempt", "antidepressants", "antidepressant",
    "psychiatric treatment", "psychiatrist", "psychotherapy", "rehab", "addiction", "alcoholism",
    "alcoholic", "drug addiction", "substance abuse",
    # reproductive
    "pregnant", "pregnancy", "pregnancies", "miscarriage", "miscarriages", "abortion", "abortions",
    "ivf", "infertility", "infertile", "fertility treatment", "stillbirth",
    # chronic, autoimmune, other
    "arthritis", "rheumatoid arthritis", "rheumatism", "crohn's", "crohn's disease", "crohns",
    "colitis", "ulcerative colitis", "coeliac disease", "celiac disease", "lupus", "psoriasis",
    "fibromyalgia", "chronic pain", "chronic fatigue syndrome", "kidney failure", "kidney disease",
    "dialysis", "liver cirrhosis", "cirrhosis", "organ transplant", "disability",
    "wheelchair user", "hearing loss", "down syndrome", "dyslexia",
    "sickle cell", "haemophilia", "hemophilia", "osteoporosis", "sleep apnea", "sleep apnoea",
    "glaucoma", "cataract", "allergy to penicillin", "terminal illness", "terminally ill",
    "anxiety", "anxiety attacks", "depressive", "depressive episode", "depressive episodes", "insomnia",
    "tourette's", "tourette syndrome", "eczema", "allergy", "allergies", "allergic", "lactose intolerance",
    "gluten intolerance", "hpv", "sexually transmitted infection", "sexually transmitted disease",
    "biopsy", "surgery", "heart surgery", "bypass", "pacemaker", "hip replacement", "hearing aid",
    "hearing aids", "wheelchair", "blood thinners", "methadone", "metformin", "antiretroviral",
    "antiretrovirals", "prep", "ritalin", "prozac", "sertraline", "insulin pump", "high cholesterol",
    "cholesterol", "kidney stones", "gout", "anaemia", "anemia", "pcos", "menopause", "tinnitus",
    "coronavirus infection", "sick leave", "sick note", "on sick leave",
    "hospitalised", "hospitalized", "hospital stay", "in hospital", "in therapy", "therapist",
    "psychologist", "counselling", "counseling", "mental illness", "mental health condition",
    "mental health issues", "mental health problems", "stroke patient", "cancer patient",
    "cancer treatment", "hiv medication", "hiv treatment", "seizure disorder", "heart problems",
    "heart condition", "lung disease", "liver disease", "thyroid", "asthma attack", "nut allergy",
    "intellectual disability", "learning disability", "cerebral palsy", "spina bifida",
    "muscular dystrophy", "adhd medication", "rheumatoid", "dyspraxia", "stammer", "stutter",
    "coeliac", "celiac", "visual impairment", "overdose", "trauma therapy", "sepsis", "meningitis",
    "ibs", "cataracts", "prosthesis", "amputee", "amputation", "paraplegic", "quadriplegic",
    "concussion", "thalassemia", "thalassaemia", "pre-eclampsia", "erectile dysfunction", "vasectomy",
    "gender dysphoria", "anorexic", "bulimic", "narcolepsy", "vertigo", "mrsa", "shingles", "measles",
    "c-section", "caesarean", "cesarean", "heart defect", "stent", "insulin injections", "anorexia nervosa",
]

_DE_NOUNS_EN = [  # plural with -en
    "Depression", "Angststörung", "Panikstörung", "Essstörung", "Zwangsstörung", "Schlafstörung",
    "Persönlichkeitsstörung", "Krebserkrankung", "Herzerkrankung", "Nierenerkrankung",
    "Lebererkrankung", "Lungenerkrankung", "Autoimmunerkrankung", "Psychose",
    "Fehlgeburt", "Totgeburt", "Schwerbehinderung", "Lähmung", "Querschnittslähmung",
    "Darmentzündung", "Hirnverletzung", "Suchterkrankung", "Herzrhythmusstörung",
    "HIV-Infektion", "Corona-Infektion", "Covid-Infektion", "Transplantation",
    "Organtransplantation", "Chemotherapie", "Strahlentherapie", "Psychotherapie", "Bestrahlung",
    "Schwangerschaft", "Abtreibung", "Schwangerschaftsabbruch", "Schwangerschaftsabbrüche",
    "Kinderwunschbehandlung", "Suchttherapie", "Metastase", "Krebsdiagnose",
    "Migräne", "Allergie", "Zuckerkrankheit", "Parkinson-Krankheit", "Alzheimer-Krankheit",
    "Erbkrankheit", "Geschlechtskrankheit", "Herzkrankheit", "Nierenkrankheit",
    "Lungenkrankheit", "Hauterkrankung", "Epilepsie", "Demenz", "Demenzerkrankung",
    "Herzinsuffizienz", "Niereninsuffizienz", "Hepatitis", "Leberzirrhose", "Arthrose",
]
_DE_NOUNS_PLAIN = [  # no plural, or the plural adds -s / -e
    "Diabetes", "Diabetes Typ 1", "Diabetes Typ 2", "Typ-1-Diabetes", "Typ-2-Diabetes", "Krebs",
    "Brustkrebs", "Lungenkrebs", "Darmkrebs", "Hautkrebs", "Prostatakrebs", "Blutkrebs",
    "Gebärmutterhalskrebs", "Bauchspeicheldrüsenkrebs", "Magenkrebs", "Tumor", "Tumore", "Tumoren",
    "Hirntumor", "Hirntumore", "Leukämie", "Lymphom", "Lymphome", "Melanom", "Karzinom", "Karzinome",
    "Chemo", "HIV", "HIV-positiv", "Syphilis", "Chlamydien", "Herpes", "Tuberkulose",
    "Lungenentzündung", "Long Covid", "Post-Covid", "Multiple Sklerose", "Multipler Sklerose",
    "Parkinson", "Morbus Parkinson", "Alzheimer", "Burnout", "Burn-out", "Burn-out-Syndrom",
    "Burnout-Syndrom", "Schizophrenie", "PTBS", "posttraumatische Belastungsstörung", "ADHS", "ADS",
    "Autismus", "Asperger", "Asperger-Syndrom", "Magersucht", "Bulimie", "Anorexie", "Alkoholsucht",
    "Alkoholismus", "Drogensucht", "Spielsucht", "Medikamentenabhängigkeit", "Schlaganfall",
    "Schlaganfälle", "Herzinfarkt", "Herzinfarkte", "Bluthochdruck", "Asthma", "COPD",
    "Mukoviszidose", "Rheuma", "Arthritis", "rheumatoide Arthritis", "Morbus Crohn", "Colitis ulcerosa",
    "Zöliakie", "Lupus", "Schuppenflechte", "Psoriasis", "Neurodermitis", "Fibromyalgie",
    "Nierenversagen", "Dialyse", "Osteoporose", "Schlafapnoe", "Grüner Star", "Grauer Star",
    "Glaukom", "Down-Syndrom", "Trisomie 21", "Legasthenie", "Hämophilie", "Bluterkrankheit",
    "Insulin", "Antidepressiva", "Antidepressivum", "Unfruchtbarkeit", "künstliche Befruchtung",
    "künstlichen Befruchtung", "IVF", "Krebsbehandlung", "Dialysepatient", "Dialysepatientin",
    "Krebspatient", "Krebspatientin", "Diabetiker", "Diabetikerin", "Diabetikerinnen",
    "Epileptiker", "Epileptikerin", "Asthmatiker", "Asthmatikerin", "Alkoholiker", "Alkoholikerin",
    "Schwerbehindertenausweis", "Pflegegrad", "Pflegestufe", "Reha", "Entzugsklinik",
    "Psychiatrie", "Psychiater", "Psychiaterin", "Onkologe", "Onkologin", "Onkologie",
    "Hörverlust", "Gehörlosigkeit", "Selbstverletzung", "Suizidversuch",
    "Suizidgedanken", "Selbstmordgedanken", "Herzschwäche", "Schilddrüsenunterfunktion",
    "Schilddrüsenüberfunktion", "Hashimoto", "Epilepsien", "Krebses",
    "Hörgerät", "Hörgeräte", "Rollstuhl", "Rollstuhlfahrer", "Rollstuhlfahrerin", "Blutverdünner",
    "Herzschrittmacher", "Bandscheibenvorfall", "Laktoseintoleranz", "Glutenunverträglichkeit",
    "Tinnitus", "Panikattacke", "Panikattacken", "Angstzustände", "Angstzuständen", "krankgeschrieben",
    "Krankschreibung", "Arbeitsunfähigkeit", "AU-Bescheinigung", "Krankenhausaufenthalt",
    "im Krankenhaus", "Klinikaufenthalt", "stationär behandelt", "Herz-OP",
    "Bypass", "Biopsie", "Methadon", "Ritalin", "Insulinpumpe", "Cholesterin", "Gicht", "Nierensteine",
    "Blutarmut", "Anämie", "Wechseljahre", "Corona-Erkrankung",
    "psychische Probleme", "psychischen Problemen", "psychische Erkrankung", "psychischen Erkrankung",
    "Therapeut", "Therapeutin", "Psychologe", "Psychologin", "Psychotherapeut", "Psychotherapeutin",
    "Stottern", "Lernbehinderung", "geistige Behinderung", "Sehbehinderung", "Gehbehinderung",
    "Krebspatienten", "Thrombose", "Arthrose", "Psychose", "Neurose", "Skoliose", "Fibrose",
    "Endometriose", "Osteoporose", "Borreliose", "Zirrhose", "Sklerose", "Tuberkulose",
    "Anfallsleiden", "Krampfanfälle", "epileptischer Anfall", "epileptische Anfälle",
    "Hörsturz", "Sehbehinderung", "Überdosis", "Traumatherapie", "Sepsis", "Blutvergiftung",
    "Herzfehler", "Reizdarm", "Prothese", "Amputation", "Gehirnerschütterung", "Zyste", "Stent",
    "Präeklampsie", "Kaiserschnitt", "Impotenz", "Erektionsstörung", "Erektionsstörungen",
    "Sterilisation", "Geschlechtsdysphorie", "Narkolepsie", "MRSA", "Gürtelrose", "Masern",
    "Hirnblutung", "Lungenembolie", "Embolie", "Leistenbruch", "Bandscheibe", "Inkontinenz",
    "Autist", "Autistin", "Legastheniker", "Legasthenikerin", "Bluter", "Transplantation",
]
_DE_ADJECTIVES = [  # inflected with -e, -er, -es, -en, -em
    "schwanger", "depressiv", "manisch-depressiv", "bipolar", "schizophren", "epileptisch",
    "diabetisch", "krebskrank", "zuckerkrank", "herzkrank", "nierenkrank", "psychisch krank",
    "unheilbar krank", "todkrank", "chronisch krank", "dement", "autistisch", "magersüchtig",
    "alkoholabhängig", "drogenabhängig", "süchtig", "suizidal", "unfruchtbar", "schwerbehindert",
    "gehörlos", "HIV-infiziert", "HIV-positiv", "traumatisiert", "pflegebedürftig", "asthmatisch",
    "querschnittsgelähmt", "gelähmt", "psychotherapeutisch", "psychiatrisch", "onkologisch",
    "dialysepflichtig", "insulinpflichtig", "chronisch krank",
]

HEALTH_TERMS_DE = (
    expand(_DE_NOUNS_EN, _NOUN_DE_EN)
    + _DE_NOUNS_PLAIN
    + expand(_DE_ADJECTIVES, _ADJ_DE)
)

# Compound nouns are too many to list ("Lungenkrebs", "Hautkrebsvorsorge"): these parts make a
# word a health word wherever they stand in it. Each was checked against everyday words
# ("krebs" does not occur inside a common German word; "tumor" not either).
HEALTH_WORD_PARTS = ("krebs", "tumor", "tumoren", "diabet", "epilep", "leukäm", "chemotherap", "metasta",
                     "karzinom", "schizophren", "demenz", "sklerose", "migräne", "asthma", "allergi",
                     "depressi", "psychiatr", "psychotherap", "onkolog", "dialyse", "schwanger")

HEALTH_TERMS_EN += [
    "broken leg", "broken arm", "broken hip", "fracture", "fractured", "psychiatric", "psychiatric clinic",
    "mental hospital", "me/cfs", "genetic disorder", "chronic illness", "long-term illness",
]
HEALTH_TERMS_DE += [
    "Beinbruch", "Armbruch", "Knochenbruch", "Hüftbruch", "Gendefekt", "Kaufsucht", "Internetsucht",
    "Nikotinsucht", "Tablettensucht", "Essstörungen", "ME/CFS", "Psychiatrieaufenthalt",
    "psychiatrische Klinik", "psychiatrischen Klinik", "Nervenzusammenbruch", "Krankengeld",
]


def _with_variants(terms: Iterable[str]) -> List[str]:
    """The terms in lower case, plus hyphenated and apostrophe variants ("long-covid", "crohn’s")."""
    out = set()
    for term in terms:
        term = term.lower()
        out.add(term)
        if " " in term:
            out.add(term.replace(" ", "-"))
        if "'" in term:
            out.add(term.replace("'", "’"))
            out.add(term.replace("'", ""))
    return sorted(out, key=lambda t: (-len(t), t))


HEALTH_TERMS = _with_variants(HEALTH_TERMS_EN + HEALTH_TERMS_DE)
