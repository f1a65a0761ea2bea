"""Deterministic synthetic B2B data for the customer_scoring demo.

``generate()`` writes one file per raw table (the contract in ``models/staging/_sources.yml``):
accounts, contacts, events, opportunities, product_usage, support_tickets and subscriptions, plus
two hidden-truth files (``_truth_accounts.parquet``, ``_truth_contacts.parquet``) that only the
tests read.

How the data is made
--------------------
* Every account gets a latent buy propensity ``p_a`` (sigmoid of industry, company size with a
  sweet spot around 200-5,000 employees, revenue per employee, region, cloud adoption, digital
  maturity, tech stack, growth and N(0, 0.8) noise). Every contact gets ``p_c`` = ``p_a`` times a
  role factor (seniority x department) times noise; personal-email and competitor contacts get 0.
* Prospects go through buying journeys (Poisson count rising with ``p_a``). A journey creates a
  new_business opportunity at ``t_opp`` (uniform over [as_of - 540, as_of + 180]); in the 45-60
  days before it the account's contacts (weighted towards high ``p_c``) ramp up high-intent
  activity, and during the sales cycle the deal team keeps meeting. Win probability is 18-45%
  (``p_a`` and the primary contact's ``p_c``). Won deals start a subscription.
* About a quarter of the accounts are customers at as_of. Customers have a health ``h_a``
  (correlated with ``p_a``) that drives seat utilisation, feature adoption, tickets (volume,
  severity, CSAT), engagement events, expansion (more likely when healthy and well utilised) and
  churn (more likely when unhealthy). Renewals, expansions and churn continue after as_of.
* Everybody gets heavy-tailed background activity and marketing email (about 1.25 sends a week
  to contacts on the marketing list; opens, clicks and replies follow engagement).

Time conventions
----------------
* The CRM and billing exports are taken at ``as_of + 180 days``: opportunities and subscriptions
  contain the outcomes after as_of (an opportunity closing after the export date is still open,
  with a null ``closed_at``; a cancellation recorded after it is not shown).
* Behavioural data ends with the as_of day: events and tickets are dated as_of - 365 days to
  as_of (timestamps until 23:59:59 on as_of, so the latest event date is as_of), product usage
  dates are in [as_of - 365, as_of]. No event precedes its contact's created_at.
* product_usage is one row per customer account per day up to 20,000 accounts; above that it is
  one row per account per week (Mondays, ``active_users`` = weekly active users) so the 100k
  account demo stays around a million rows instead of nine million.
* Competitor accounts use one of four fixed domains and domains are unique, so there are at most
  four of them (0.3% of the accounts, at least one).

Files and speed
---------------
Everything is vectorised numpy; categories are small integer codes written as Arrow dictionary
columns. Events are sorted by time (``event_id`` follows that order) and written in row groups of
~1.9M rows (zstd, delta-encoded id and timestamp) while the next batch is prepared. The events'
``contact_id`` is written as plain strings: a dictionary over a million contact ids is re-written
in every row group and was slower. 2,000 accounts (1M events) take about a second; 100,000
accounts (50M events) about 30 s and 3 GB of memory on two cores.

Dirt
----
``dirt="none"`` writes clean canonical data (only naturally nullable columns have nulls).
``"normal"`` adds ~1% exact duplicate events, ~5% mixed-case / padded categorical cells, aliases
(SaaS, Banking, RevOps, USA, UK ...), nulls in firmographics and roles (20% of seniority), ~2%
unknown category values and ~0.5% unknown event types. ``"high"`` also adds invalid rows (missing
keys, duplicate keys with different content, future events (ten years or more after as_of, so in
the future for any realistic run date), events before the contact existed, orphan foreign keys,
negative counts, unparseable dates and numbers); in that mode every date, timestamp and number
column is written as text.

Same arguments give identical data: all randomness comes from ``numpy.random.default_rng``
generators seeded from ``seed`` and a fixed per-component key; nothing reads the clock.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

__all__ = ["DIRT_LEVELS", "FORMATS", "HIGH_INTENT", "RAW_TABLES", "generate"]

RAW_TABLES = (
    "accounts",
    "contacts",
    "events",
    "opportunities",
    "product_usage",
    "support_tickets",
    "subscriptions",
)
FORMATS = ("parquet", "csv")
DIRT_LEVELS = ("none", "normal", "high")

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
FUTURE_US = 3650 * DAY_US  # dirt='high' future events lie at least this far after as_of
EPOCH = date(1970, 1, 1)
HISTORY_DAYS = 365  # behavioural window before as_of
OPP_LOOKBACK_DAYS = 540  # first opportunity date in the export, before as_of
# ramp-up events of a new-business journey, per (buying-group size ** 0.7)
RAMP_EVENTS = 24.0
# expected buying journeys of a prospect over the opportunity window, per unit of (0.03 + 1.1 p)
JOURNEY_RATE = 6.0
EXPORT_DAYS = 180  # the CRM/billing export is taken this long after as_of
WEEKLY_USAGE_ABOVE = 20_000  # accounts; above this product_usage is weekly
ROW_GROUP = 1 << 20
EVENT_CHUNK = 1_900_000  # events per batch and Parquet row group
COMPRESSION = "zstd"
LEGACY_SHARE = 0.25  # accounts that were customers before the opportunity export window

# --------------------------------------------------------------------------------------------
# Vocabularies and effects
# --------------------------------------------------------------------------------------------

INDUSTRIES = (
    "software",
    "financial_services",
    "healthcare",
    "manufacturing",
    "retail",
    "professional_services",
    "media",
    "education",
    "logistics",
    "energy",
    "government",
    "nonprofit",
)
IND_P = np.array([16, 10, 10, 13, 9, 11, 5, 5, 6, 4, 5, 6], dtype=float)
IND_EFFECT = np.array([0.9, 0.7, 0.2, 0.0, -0.1, 0.6, 0.1, -0.8, -0.1, -0.1, -1.0, -1.1])
IND_REV_PER_EMP = np.array(
    [250e3, 420e3, 170e3, 280e3, 210e3, 170e3, 230e3, 90e3, 240e3, 650e3, 140e3, 80e3]
)
IND_SUFFIXES = (
    ("Software", "Labs", "Systems", "Technologies", "Cloud", "Analytics"),
    ("Capital", "Financial", "Bank", "Insurance", "Payments"),
    ("Health", "Medical", "Care", "Clinics", "Pharma"),
    ("Industries", "Manufacturing", "Works", "Components", "Machinery"),
    ("Retail", "Stores", "Goods", "Outfitters", "Market"),
    ("Consulting", "Advisors", "Partners", "Group", "Legal"),
    ("Media", "Studios", "Publishing", "Broadcasting"),
    ("University", "Academy", "College", "Learning"),
    ("Logistics", "Freight", "Shipping", "Transport"),
    ("Energy", "Power", "Utilities", "Renewables"),
    ("Agency", "County", "Department", "Authority"),
    ("Foundation", "Trust", "Alliance", "Society"),
)
NAME_PREFIXES = (
    "Northwind", "Contoso", "Acme", "Globex", "Initech", "Umbrella", "Vandelay", "Hooli",
    "Soylent", "Tyrell", "Cyberdyne", "Aperture", "Bluebird", "Redwood", "Silverline", "Granite",
    "Summit", "Pioneer", "Apex", "Vertex", "Nimbus", "Quantum", "Atlas", "Orion", "Polaris",
    "Cedar", "Maple", "Harbor", "Riverside", "Lakeside", "Prairie", "Evergreen", "Ironwood",
    "Brightside", "Clearwater", "Trueline", "Northstar", "Southgate", "Eastfield", "Westbrook",
    "Coastal", "Alpine", "Sterling", "Beacon", "Keystone", "Liberty", "Pinnacle", "Horizon",
    "Meridian", "Sapphire", "Emerald", "Crimson", "Falcon", "Eagle", "Lionheart", "Foxglove",
    "Oakridge", "Stonebridge", "Bluewave", "Suncrest", "Nova", "Zenith", "Helix", "Cobalt",
)  # fmt: skip
COUNTRIES = (
    "US",
    "CA",
    "GB",
    "DE",
    "FR",
    "NL",
    "SE",
    "IN",
    "SG",
    "AU",
    "JP",
    "BR",
    "MX",
    "ZA",
    "AE",
)
COUNTRY_P = np.array([42, 6, 9, 7, 5, 4, 2, 5, 2, 4, 3, 4, 3, 2, 2], dtype=float)
COUNTRY_EFFECT = np.array(
    [0.3, 0.25, 0.25, 0.1, 0.0, 0.2, 0.15, -0.4, 0.1, 0.2, -0.5, -0.3, -0.3, -0.3, 0.0]
)
COUNTRY_TLD = (
    "com", "ca", "co.uk", "de", "fr", "nl", "se", "in", "sg", "com.au", "jp", "com.br", "com.mx",
    "co.za", "ae",
)  # fmt: skip
GROWTH_STAGES = ("startup", "growth", "mature", "decline")
STAGE_EFFECT = np.array([0.1, 0.35, 0.0, -0.45])
STAGE_P = np.array([[45, 30, 18, 7], [12, 38, 38, 12], [2, 25, 55, 18]], dtype=float)
STAGE_GROWTH = np.array([[35.0, 25.0], [20.0, 12.0], [4.0, 7.0], [-10.0, 9.0]])
CLOUD = ("cloud_native", "hybrid", "on_premise")
CLOUD_EFFECT = np.array([0.4, 0.1, -0.45])
MATURITY = ("leader", "advanced", "developing", "lagging")
MATURITY_EFFECT = np.array([0.4, 0.2, -0.1, -0.4])
TOOLS = (
    "salesforce", "hubspot", "marketo", "pardot", "snowflake", "bigquery", "redshift",
    "databricks", "aws", "azure", "gcp", "slack", "teams", "zapier", "segment", "workato", "sap",
    "oracle_ebs", "netsuite", "excel", "lotus_notes", "on_prem_crm",
)  # fmt: skip
TOOL_EFFECT = np.array(
    [0.2, 0.25, 0.15, 0.1, 0.2, 0.15, 0.1, 0.15, 0.05, 0.0, 0.05, 0.05, 0.0, 0.15, 0.2, 0.15,
     -0.1, -0.1, 0.0, -0.25, -0.4, -0.35]
)  # fmt: skip
# relative popularity of each tool for cloud_native / hybrid / on_premise companies
TOOL_WEIGHT = np.array(
    [
        [8, 7, 3, 2, 5, 4, 2, 3, 8, 3, 4, 8, 2, 5, 4, 2, 0.5, 0.3, 2, 3, 0.1, 0.2],
        [6, 4, 3, 3, 2, 2, 2, 1, 4, 6, 1, 4, 6, 2, 1, 1, 4, 2, 3, 6, 0.5, 2],
        [2, 1, 1, 1, 0.3, 0.2, 0.3, 0.1, 0.5, 3, 0.2, 1, 5, 0.5, 0.1, 0.2, 5, 4, 2, 9, 3, 7],
    ]
)
COMPETITORS = (
    ("RivalScore", "rivalscore.io"),
    ("LeadRank", "leadrank.com"),
    ("Scorely", "scorely.com"),
    ("PredictIQ", "predictiq.ai"),
)
PERSONAL_DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com")
N_OWNERS = 40

SENIORITIES = ("c_level", "vp", "director", "manager", "individual_contributor", "student")
SEN_P = np.array([[12, 8, 12, 25, 42, 1], [3, 7, 14, 25, 50, 1]], dtype=float)  # <100 emp, rest
SEN_FACTOR = np.array([1.3, 1.35, 1.25, 1.0, 0.6, 0.05])
DEPARTMENTS = (
    "marketing", "sales", "revenue_operations", "customer_success", "it", "engineering",
    "finance", "operations", "hr", "executive", "other",
)  # fmt: skip
DEPT_FACTOR = np.array([1.35, 1.25, 1.4, 0.9, 0.8, 0.7, 0.5, 0.8, 0.4, 1.3, 0.5])
DEPT_P = np.array(
    [
        [12, 10, 3, 3, 8, 10, 10, 7, 3, 32, 2],
        [18, 20, 5, 7, 7, 14, 8, 8, 5, 3, 5],
        [19, 18, 6, 8, 8, 14, 8, 8, 5, 2, 4],
        [19, 19, 7, 9, 8, 13, 7, 8, 5, 1, 4],
        [17, 24, 6, 9, 8, 17, 6, 6, 4, 1, 2],
        [25, 5, 0, 0, 0, 10, 0, 0, 0, 0, 60],
    ],
    dtype=float,
)
_DEPT_NAMES = (
    "Marketing", "Sales", "Revenue Operations", "Customer Success", "IT", "Engineering",
    "Finance", "Operations", "People", "", "",
)  # fmt: skip
_TITLES_C = (
    ("Chief Marketing Officer", "CMO"),
    ("Chief Revenue Officer", "Chief Sales Officer"),
    ("Chief Revenue Officer",),
    ("Chief Customer Officer",),
    ("Chief Information Officer", "CIO"),
    ("Chief Technology Officer", "CTO"),
    ("Chief Financial Officer", "CFO"),
    ("Chief Operating Officer", "COO"),
    ("Chief People Officer", "Chief Human Resources Officer"),
    ("Chief Executive Officer", "CEO", "Founder & CEO", "Co-Founder", "President"),
    ("Chief Data Officer", "Chief Strategy Officer"),
)
_TITLES_M = (
    ("Marketing Manager", "Demand Generation Manager", "Marketing Operations Manager",
     "Content Marketing Manager", "Product Marketing Manager"),
    ("Sales Manager", "Regional Sales Manager", "SDR Manager", "Account Manager"),
    ("Revenue Operations Manager", "Sales Operations Manager", "RevOps Manager"),
    ("Customer Success Manager", "Support Manager"),
    ("IT Manager", "Systems Manager"),
    ("Engineering Manager", "Product Manager"),
    ("Finance Manager", "Controller"),
    ("Operations Manager", "Project Manager"),
    ("HR Manager", "Talent Acquisition Manager"),
    ("Office Manager",),
    ("Program Manager", "Manager"),
)  # fmt: skip
_TITLES_IC = (
    ("Marketing Specialist", "Marketing Coordinator", "Marketing Operations Specialist",
     "Content Writer", "Growth Marketer"),
    ("Sales Development Representative", "Account Executive",
     "Business Development Representative", "Sales Representative"),
    ("Revenue Operations Analyst", "Sales Operations Analyst", "CRM Administrator",
     "Salesforce Administrator"),
    ("Customer Success Specialist", "Support Engineer", "Onboarding Specialist"),
    ("IT Specialist", "Systems Administrator", "Help Desk Technician"),
    ("Software Engineer", "Senior Software Engineer", "Data Engineer", "Data Scientist",
     "Analytics Engineer"),
    ("Accountant", "Financial Analyst"),
    ("Operations Analyst", "Operations Specialist"),
    ("Recruiter", "HR Generalist"),
    ("Executive Assistant",),
    ("Consultant", "Analyst", "Associate"),
)  # fmt: skip
_TITLES_STUDENT = {
    0: ("Marketing Intern",),
    1: ("Sales Intern",),
    5: ("Software Engineering Intern",),
    10: ("Student", "Graduate Student"),
}
LEAD_SOURCES = (
    "inbound", "referral", "partner", "event", "outbound", "paid_search", "organic_search",
    "purchased_list",
)  # fmt: skip
LEAD_P = np.array([[14, 6, 7, 10, 24, 8, 12, 19], [26, 14, 9, 11, 16, 8, 11, 5]], dtype=float)
FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Chris", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley",
    "Steven", "Emily", "Paul", "Michelle", "Andrew", "Amanda", "Joshua", "Melissa", "Kevin",
    "Laura", "Brian", "Rebecca", "Priya", "Arjun", "Wei", "Mei", "Hiroshi", "Yuki", "Lukas",
    "Anna", "Felix", "Sophie", "Lars", "Ingrid", "Pierre", "Camille", "Mateo", "Sofia", "Diego",
    "Valentina", "Thabo", "Zanele", "Omar", "Layla", "Noah", "Olivia", "Liam", "Emma", "Ethan",
    "Ava", "Lucas", "Mia", "Oliver", "Isla", "Jack", "Chloe", "Raj", "Ananya", "Kenji", "Sakura",
    "Jonas", "Lea", "Erik", "Freya", "Ravi", "Fatima", "Carlos", "Lucia", "Ben", "Grace",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Shah", "Kumar", "Singh",
    "Chen", "Wang", "Li", "Zhang", "Tanaka", "Suzuki", "Sato", "Mueller", "Schmidt", "Schneider",
    "Fischer", "Weber", "Becker", "Dubois", "Bernard", "Moreau", "Jansen", "deVries",
    "Bakker", "Johansson", "Andersson", "Nilsson", "Silva", "Santos", "Oliveira", "Costa",
    "Nkosi", "Dlamini", "Khan", "Haddad", "Rossi", "Russo", "Murphy", "Kelly", "OConnor",
    "Walsh", "Novak", "Kowalski", "Ivanov", "Popescu", "Horvat", "Larsen", "Hansen", "Berg",
)  # fmt: skip

EVENT_TYPES = (
    "page_view", "email_send", "email_open", "email_click", "email_reply", "content_download",
    "webinar_attended", "event_attended", "social_engagement", "content_share", "demo_request",
    "trial_signup", "meeting_request", "meeting_held", "proposal_request", "survey_response",
    "product_feedback", "beta_signup", "community_post",
)  # fmt: skip
EVENT_DETAILS = (
    "pricing", "product", "blog", "case_study", "comparison", "docs", "integrations", "careers",
    "home", "whitepaper", "ebook", "report", "datasheet", "newsletter", "nurture",
    "product_update", "event_invite", "linkedin", "twitter",
)  # fmt: skip
CAMPAIGNS = ("newsletter", "nurture", "product_update", "event_invite")
CAMPAIGN_P = np.array([40, 30, 15, 15], dtype=float)
# (event_type, event_detail) pairs that count as high intent (used by the tests and the docs)
HIGH_INTENT = (
    ("page_view", "pricing"),
    ("page_view", "comparison"),
    ("page_view", "case_study"),
    ("content_download", "case_study"),
    ("webinar_attended", None),
    ("demo_request", None),
    ("trial_signup", None),
    ("meeting_request", None),
    ("meeting_held", None),
    ("proposal_request", None),
)

_MIX_BG = {
    "page_view:blog": 26, "page_view:home": 14, "page_view:docs": 6, "page_view:product": 9,
    "page_view:pricing": 3, "page_view:integrations": 3, "page_view:careers": 4,
    "page_view:case_study": 2.5, "page_view:comparison": 1, "social_engagement:linkedin": 8,
    "social_engagement:twitter": 3, "content_download:ebook": 3,
    "content_download:whitepaper": 3, "content_download:report": 2,
    "content_download:datasheet": 1, "content_download:case_study": 0.8, "webinar_attended": 1.5,
    "event_attended": 1, "content_share": 2, "survey_response": 0.7, "demo_request": 0.1,
    "meeting_request": 0.1, "trial_signup": 0.15,
}  # fmt: skip
_MIX_BG_FIT = {
    **_MIX_BG, "page_view:pricing": 5, "page_view:case_study": 4, "page_view:comparison": 2,
    "page_view:product": 12, "webinar_attended": 2.5, "content_download:case_study": 1.5,
    "demo_request": 0.2, "meeting_request": 0.2, "trial_signup": 0.25,
}  # fmt: skip
_MIX_STUDENT = {
    "page_view:careers": 25, "page_view:blog": 30, "page_view:home": 10, "page_view:docs": 4,
    "content_download:ebook": 8, "content_download:report": 6, "content_download:whitepaper": 5,
    "social_engagement:linkedin": 8, "webinar_attended": 4,
}  # fmt: skip
_MIX_COMPETITOR = {
    "page_view:pricing": 18, "page_view:comparison": 12, "page_view:product": 15,
    "page_view:docs": 12, "page_view:integrations": 10, "page_view:case_study": 8,
    "page_view:blog": 8, "page_view:home": 5, "content_download:datasheet": 4,
    "content_download:case_study": 3, "webinar_attended": 5,
}  # fmt: skip
_MIX_RAMP_EARLY = {
    "page_view:product": 18, "page_view:pricing": 12, "page_view:case_study": 12,
    "page_view:comparison": 6, "page_view:integrations": 8, "page_view:docs": 5,
    "page_view:blog": 5, "content_download:case_study": 8, "content_download:whitepaper": 4,
    "content_download:datasheet": 4, "webinar_attended": 8, "social_engagement:linkedin": 2,
    "content_share": 3, "event_attended": 3,
}  # fmt: skip
_MIX_RAMP_LATE = {
    "page_view:pricing": 20, "page_view:comparison": 8, "page_view:case_study": 8,
    "page_view:product": 6, "page_view:integrations": 5, "demo_request": 12, "trial_signup": 7,
    "meeting_request": 12, "meeting_held": 10, "content_download:case_study": 4,
    "content_download:datasheet": 3, "webinar_attended": 3, "proposal_request": 2,
}  # fmt: skip
_MIX_CYCLE = {
    "meeting_held": 30, "proposal_request": 10, "page_view:pricing": 15,
    "page_view:integrations": 8, "page_view:docs": 7, "page_view:comparison": 5,
    "page_view:case_study": 5, "content_download:datasheet": 5, "content_download:case_study": 5,
    "trial_signup": 5, "meeting_request": 5,
}  # fmt: skip
_MIX_CUSTOMER = {
    "community_post": 14, "product_feedback": 10, "survey_response": 7, "beta_signup": 4,
    "webinar_attended": 12, "page_view:docs": 28, "page_view:product": 8,
    "page_view:integrations": 6, "event_attended": 4, "content_share": 4,
    "social_engagement:linkedin": 3,
}  # fmt: skip

PLANS = ("starter", "professional", "enterprise")
PLAN_PRICE = np.array([300.0, 550.0, 900.0])  # list price per seat per year
PLAN_FEATURES = np.array([12, 20, 30])
OPP_TYPES = ("new_business", "expansion", "renewal")
OPP_STAGES = ("discovery", "qualification", "proposal", "negotiation", "closed_won", "closed_lost")
SEVERITIES = ("low", "medium", "high", "urgent")
TICKET_STATUSES = ("open", "pending", "solved", "closed")

_HOUR_W = np.array(
    [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2.5, 5, 7, 8, 8, 7, 7.5, 8, 7.5, 6.5, 5, 3.5, 3, 2.8, 2.5, 2,
     1.5]
)  # fmt: skip
_HOUR_CUM = np.cumsum(_HOUR_W) / _HOUR_W.sum()
_EMAIL_HOUR_W = np.zeros(24)
_EMAIL_HOUR_W[[7, 8, 9, 10, 11, 14, 15]] = [2, 5, 6, 4, 2, 1, 1]
_EMAIL_HOUR_CUM = np.cumsum(_EMAIL_HOUR_W) / _EMAIL_HOUR_W.sum()


def _parse_mix(mix: dict[str, float]) -> dict[tuple[int, int], float]:
    out: dict[tuple[int, int], float] = {}
    for key, weight in mix.items():
        etype, _, detail = key.partition(":")
        pair = (EVENT_TYPES.index(etype), EVENT_DETAILS.index(detail) if detail else -1)
        out[pair] = out.get(pair, 0.0) + weight
    return out


def _mix_matrix(*mixes: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Probability matrix (one row per mix) over the union of actions, with their codes."""
    parsed = [_parse_mix(m) for m in mixes]
    actions = sorted({a for m in parsed for a in m})
    probs = np.array([[m.get(a, 0.0) for a in actions] for m in parsed])
    etype = np.array([a[0] for a in actions], dtype=np.int8)
    detail = np.array([a[1] for a in actions], dtype=np.int8)
    return probs / probs.sum(axis=1, keepdims=True), etype, detail


# --------------------------------------------------------------------------------------------
# Small numpy helpers
# --------------------------------------------------------------------------------------------


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


_LUT_BITS = 16


def _cat_by_group(rng: np.random.Generator, group: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Draw one category per row from the probability row ``probs[group]`` (vectorised).

    Uses a lookup table with 2**16 cells per row: probabilities are honoured to about 1e-5.
    """
    probs = np.asarray(probs, dtype=float)
    if probs.ndim == 1:
        probs = probs[None, :]
    cells = 1 << _LUT_BITS
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    edges = (np.arange(cells) + 0.5) / cells
    lut = np.stack([np.searchsorted(row, edges, side="right") for row in cum])
    lut = np.minimum(lut, probs.shape[1] - 1).astype(np.int16).ravel()
    cell = rng.integers(0, cells, np.size(group), dtype=np.uint16).astype(np.int64)
    return lut[(np.asarray(group, dtype=np.int64) << _LUT_BITS) | cell].astype(np.int64)


def _choice(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    return _cat_by_group(rng, np.zeros(n, dtype=np.int64), weights)


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row index repeated ``counts`` times, and the position within each repetition."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(counts.size), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(owner.size, dtype=np.int64) - starts[owner]


def _repeat(counts: np.ndarray) -> np.ndarray:
    """Row index (int32 when it fits) repeated ``counts`` times."""
    dtype = np.int32 if np.size(counts) < 2**31 else np.int64
    return np.repeat(np.arange(np.size(counts), dtype=dtype), np.asarray(counts, dtype=np.int64))


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(
        pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string()), width, "0"
    )
    return pc.binary_join_element_wise(prefix, digits, "")


def _take_str(vocab: Sequence[str] | pa.Array, codes: np.ndarray) -> pa.Array:
    values = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), pa.string())
    return values.take(pa.array(np.asarray(codes, dtype=np.int64)))


def _shape_times(
    rng: np.random.Generator,
    ts: np.ndarray,
    lo: np.ndarray | int,
    hi: np.ndarray | int,
    *,
    hour_cum: np.ndarray = _HOUR_CUM,
    weekend_move: float = 0.6,
) -> np.ndarray:
    """Give uniform timestamps a working-week, office-hours shape; keep them inside [lo, hi)."""
    n = ts.size
    day = ts // DAY_US
    dow = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    move = (dow >= 5) & (rng.random(n, dtype=np.float32) < weekend_move)
    # most weekend activity moves to a random weekday of the same week
    day += (rng.integers(0, 5, n, dtype=np.int8) - dow) * move
    del dow, move
    hour_lut = np.searchsorted(hour_cum, (np.arange(4096) + 0.5) / 4096, side="right")
    hour_lut = np.minimum(hour_lut, 23) * HOUR_US
    day *= DAY_US
    day += hour_lut[rng.integers(0, 4096, n, dtype=np.uint16)]
    day += rng.integers(0, HOUR_US, n)
    return np.where((day < lo) | (day >= hi), ts, day)


def _uniform_times(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return lo + (rng.random(lo.size) * (hi - lo)).astype(np.int64)


# --------------------------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    seed: int
    as_of: date
    epc: float
    cpa: float
    dirt: str
    fmt: str
    out_dir: Path

    def __post_init__(self) -> None:
        self.d = (self.as_of - EPOCH).days  # as_of as epoch day
        self.w0 = self.d - HISTORY_DAYS
        self.x = self.d + EXPORT_DAYS  # export date
        self.end_us = (self.d + 1) * DAY_US  # behavioural data runs to the end of the as_of day
        self.w0_us = self.w0 * DAY_US

    def rng(self, name: str) -> np.random.Generator:
        key = zlib.crc32(name.encode())
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(key,)))


# --------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------


@dataclass
class _Accounts:
    n: int
    ids: pa.Array
    name: pa.Array
    domain: pa.Array
    industry: np.ndarray
    employees: np.ndarray
    revenue: np.ndarray
    revenue_growth: np.ndarray
    employee_growth: np.ndarray
    country: np.ndarray
    stage: np.ndarray
    cloud: np.ndarray
    maturity: np.ndarray
    tech_stack: pa.Array
    locations: np.ndarray
    fy_month: np.ndarray  # 0 = unknown
    owner: np.ndarray
    created: np.ndarray  # epoch day
    competitor: np.ndarray
    logit: np.ndarray
    p: np.ndarray


def _make_accounts(ctx: _Ctx, n: int) -> _Accounts:
    rng = ctx.rng("accounts")
    industry = _choice(rng, n, IND_P)
    employees = np.clip(np.round(np.exp(rng.normal(np.log(120), 1.7, n))), 5, 200_000)
    employees = employees.astype(np.int64)
    log_emp = np.log10(employees)
    rev_per_emp = np.exp(rng.normal(np.log(IND_REV_PER_EMP[industry]), 0.45))
    revenue = np.round(employees * rev_per_emp, -3)
    size_bucket = np.digitize(log_emp, [1.7, 3.0])
    stage = _cat_by_group(rng, size_bucket, STAGE_P)
    rev_growth = np.round(
        np.clip(rng.normal(STAGE_GROWTH[stage, 0], STAGE_GROWTH[stage, 1]), -30, 80), 1
    )
    emp_growth = np.round(np.clip(0.6 * rev_growth + rng.normal(0, 6, n), -40, 100), 1)
    country = _choice(rng, n, COUNTRY_P)

    modern = np.isin(industry, [0, 1, 5, 6]).astype(float)
    traditional = np.isin(industry, [3, 7, 9, 10, 11]).astype(float)
    cloud_score = (
        0.9 * (industry == 0)
        + 0.3 * modern
        - 0.6 * traditional
        + 0.6 * (stage == 0)
        - 0.5 * (stage == 3)
        - 0.15 * (log_emp - 2.5)
        + rng.normal(0, 1, n)
    )
    cloud_level = np.digitize(cloud_score, [-0.6, 0.5])  # 0 on_premise .. 2 cloud_native
    cloud = 2 - cloud_level
    maturity_score = 0.8 * cloud_level + 0.3 * (stage == 1) + rng.normal(0, 0.9, n)
    maturity = 3 - np.digitize(maturity_score, [0.3, 1.1, 2.0])

    # tech stack: 1-8 tools, weighted by cloud adoption (Gumbel top-k, vectorised)
    n_tools = 1 + rng.binomial(7, np.clip(0.12 + 0.07 * (log_emp - 1), 0.08, 0.65))
    keys = np.log(TOOL_WEIGHT[cloud]) + rng.gumbel(size=(n, len(TOOLS)))
    order = np.argsort(-keys, axis=1)[:, :8]
    chosen = np.arange(8)[None, :] < n_tools[:, None]
    flat_tools = order[chosen]
    has_tool = np.zeros((n, len(TOOLS)), dtype=bool)
    has_tool[np.repeat(np.arange(n), n_tools), flat_tools] = True
    offsets = np.concatenate([[0], np.cumsum(n_tools)]).astype(np.int32)
    tool_lists = pa.ListArray.from_arrays(pa.array(offsets), _take_str(TOOLS, flat_tools))
    tech_stack = pc.binary_join(tool_lists, ";")

    locations = (1 + rng.poisson(employees**0.35 / 4)).astype(np.int64)
    fy_month = np.array([1, 4, 7, 10, 0])[_choice(rng, n, np.array([62, 12, 9, 7, 10.0]))]
    owner = rng.integers(0, N_OWNERS, n)
    created = ctx.d - rng.integers(600, 2500, n)

    # names and unique domains
    prefix = rng.integers(0, len(NAME_PREFIXES), n)
    suffix_off = np.cumsum([0] + [len(s) for s in IND_SUFFIXES])[:-1]
    suffix_cnt = np.array([len(s) for s in IND_SUFFIXES])
    suffix = suffix_off[industry] + (rng.random(n) * suffix_cnt[industry]).astype(np.int64)
    all_suffixes = [s for group in IND_SUFFIXES for s in group]
    prefix_arr = _take_str(NAME_PREFIXES, prefix)
    names = pc.binary_join_element_wise(prefix_arr, _take_str(all_suffixes, suffix), " ")
    tld = np.where(rng.random(n) < 0.5, country, 0)
    tld = np.where(industry == 11, -1, tld)  # nonprofits use .org
    tld_vocab = [*COUNTRY_TLD, "org"]
    number = rng.permutation(n) + 1
    domains = pc.binary_join_element_wise(
        pc.utf8_lower(prefix_arr),
        pc.binary_join_element_wise(
            pc.cast(pa.array(number), pa.string()),
            _take_str(tld_vocab, np.where(tld < 0, len(COUNTRY_TLD), tld)),
            ".",
        ),
        "-",
    )

    # competitors: at most one per competitor domain (domains are unique)
    competitor = np.zeros(n, dtype=bool)
    n_comp = min(len(COMPETITORS), max(1, round(0.003 * n)))
    comp_idx = np.sort(rng.choice(n, n_comp, replace=False))
    competitor[comp_idx] = True
    industry[comp_idx] = 0
    names_np = names.to_numpy(zero_copy_only=False).astype(object)
    domains_np = domains.to_numpy(zero_copy_only=False).astype(object)
    for j, i in enumerate(comp_idx):  # at most four rows
        names_np[i], domains_np[i] = COMPETITORS[j]
    names = pa.array(names_np, pa.string())
    domains = pa.array(domains_np, pa.string())

    # hidden buy propensity
    size_effect = -0.45 * np.clip(np.abs(log_emp - 3.0) - 0.35, 0, None) ** 2 * 2.0
    rev_effect = np.clip(0.35 * np.log(rev_per_emp / IND_REV_PER_EMP[industry]), -0.4, 0.4)
    tech_effect = np.clip(has_tool.astype(float) @ TOOL_EFFECT, -1.0, 1.0)
    growth_effect = STAGE_EFFECT[stage] + np.clip(rev_growth / 100, -0.3, 0.5)
    logit = (
        -2.2
        + IND_EFFECT[industry]
        + size_effect
        + rev_effect
        + COUNTRY_EFFECT[country]
        + CLOUD_EFFECT[cloud]
        + MATURITY_EFFECT[maturity]
        + tech_effect
        + growth_effect
        + rng.normal(0, 0.8, n)
    )
    p = _sigmoid(logit)
    p[competitor] = 0.0

    width = max(6, len(str(n)))
    return _Accounts(
        n=n,
        ids=_ids("A", np.arange(1, n + 1), width),
        name=names,
        domain=domains,
        industry=industry,
        employees=employees,
        revenue=revenue,
        revenue_growth=rev_growth,
        employee_growth=emp_growth,
        country=country,
        stage=stage,
        cloud=cloud,
        maturity=maturity,
        tech_stack=tech_stack,
        locations=locations,
        fy_month=fy_month,
        owner=owner,
        created=created,
        competitor=competitor,
        logit=logit,
        p=p,
    )


# --------------------------------------------------------------------------------------------
# Contacts
# --------------------------------------------------------------------------------------------


def _title_table() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Flat title list, with offset and count per (seniority, department) pair."""
    titles: list[str] = []
    off = np.zeros((len(SENIORITIES), len(DEPARTMENTS)), dtype=np.int64)
    cnt = np.zeros_like(off)
    for s in range(len(SENIORITIES)):
        for d in range(len(DEPARTMENTS)):
            name = _DEPT_NAMES[d]
            if s == 0:
                options = _TITLES_C[d]
            elif s == 1:
                options = {
                    9: ("Executive Vice President", "General Manager"),
                    10: ("VP of Strategy", "VP of Business Development"),
                    8: ("VP of People", "VP Human Resources"),
                }.get(d, (f"VP of {name}", f"Vice President, {name}", f"SVP {name}"))
            elif s == 2:
                options = {
                    9: ("Chief of Staff", "Director, Office of the CEO"),
                    10: ("Director of Strategy", "Director of Business Development"),
                    0: ("Director of Marketing", "Director of Demand Generation",
                        "Director of Growth Marketing", "Senior Director, Marketing"),
                    1: ("Director of Sales", "Director of Sales Development", "Sales Director"),
                }.get(d, (f"Director of {name}", f"Senior Director, {name}"))  # fmt: skip
            elif s == 3:
                options = _TITLES_M[d]
            elif s == 4:
                options = _TITLES_IC[d]
            else:
                options = _TITLES_STUDENT.get(d, ("Student",))
            off[s, d] = len(titles)
            cnt[s, d] = len(options)
            titles.extend(options)
    return titles, off, cnt


@dataclass
class _Contacts:
    n: int
    ids: pa.Array
    account: np.ndarray  # account index (contacts are grouped by account)
    first: np.ndarray  # index per account
    count: np.ndarray  # contacts per account
    first_name: np.ndarray
    last_name: np.ndarray
    email: pa.Array
    title: np.ndarray
    titles: list[str]
    seniority: np.ndarray
    department: np.ndarray
    lead_source: np.ndarray
    created_us: np.ndarray
    unsub_us: np.ndarray  # int64 max = never
    personal: np.ndarray
    p: np.ndarray
    engagement: np.ndarray  # heavy-tailed activity multiplier (mean 1)
    eng_rank: np.ndarray  # its percentile in [0, 1]


NEVER = np.iinfo(np.int64).max


def _make_contacts(ctx: _Ctx, acc: _Accounts) -> _Contacts:
    rng = ctx.rng("contacts")
    # heavy-tailed contacts per account, more for bigger companies
    w = acc.employees**0.45 * np.exp(rng.normal(0, 0.6, acc.n))
    cap = np.minimum(acc.employees, max(60.0, 60 * ctx.cpa)).astype(float)
    lam = max(ctx.cpa - 1.0, 0.0) * w / w.mean()
    for _ in range(3):  # correct the mean for the caps
        clipped = np.minimum(lam, cap - 1)
        if clipped.mean() <= 0:
            break
        lam = lam * (max(ctx.cpa - 1.0, 0.0) / clipped.mean())
    count = 1 + np.minimum(rng.poisson(np.minimum(lam, cap - 1)), cap - 1).astype(np.int64)
    account, _ = _expand(count)
    first = np.cumsum(count) - count
    n = int(account.size)

    size_group = (acc.employees[account] >= 100).astype(np.int64)  # rows of SEN_P
    seniority = _cat_by_group(rng, size_group, SEN_P)
    department = _cat_by_group(rng, seniority, DEPT_P)
    titles, t_off, t_cnt = _title_table()
    title = t_off[seniority, department] + (rng.random(n) * t_cnt[seniority, department]).astype(
        np.int64
    )

    competitor = acc.competitor[account]
    personal = (rng.random(n) < 0.05) & ~competitor
    p = acc.p[account] * SEN_FACTOR[seniority] * DEPT_FACTOR[department]
    p = np.clip(p * np.exp(rng.normal(0, 0.35, n)), 0, 0.99)
    p[personal | competitor] = 0.0
    high_fit = p > np.quantile(p, 0.7) if n else np.zeros(0, dtype=bool)
    lead_source = _cat_by_group(rng, high_fit.astype(np.int64), LEAD_P)

    engagement = np.exp(rng.normal(0, 1.1, n))
    engagement *= 0.6 + 0.8 * np.sqrt(np.clip(p / max(float(p.max(initial=0)), 1e-9), 0, 1))
    engagement /= max(engagement.mean(), 1e-12) if n else 1.0
    eng_rank = np.empty(n)
    eng_rank[np.argsort(engagement, kind="stable")] = (np.arange(n) + 0.5) / max(n, 1)

    # created: 65% before the behavioural window, the rest inside it
    acc_created_us = (acc.created[account] + 1) * DAY_US
    before = rng.random(n) < 0.65
    lo = np.where(before, acc_created_us, ctx.w0_us)
    hi = np.where(before, ctx.w0_us, ctx.end_us - DAY_US)
    created_us = _shape_times(rng, _uniform_times(rng, lo, hi), lo, hi)
    unsub = rng.random(n) < 0.04 * (1.6 - 1.2 * eng_rank)
    u_lo = np.maximum(created_us + HOUR_US, ctx.w0_us - 60 * DAY_US)
    unsub_us = np.where(unsub, _uniform_times(rng, u_lo, np.full(n, ctx.end_us)), NEVER)

    # names and emails (first.last@domain, de-duplicated with a number)
    first_name = rng.integers(0, len(FIRST_NAMES), n)
    last_name = rng.integers(0, len(LAST_NAMES), n)
    pdomain = rng.integers(0, len(PERSONAL_DOMAINS), n)
    pnum = np.where(personal, rng.integers(10, 100, n), 0)
    dom_key = np.where(personal, acc.n + pdomain, account).astype(np.int64)
    key = ((dom_key * len(FIRST_NAMES) + first_name) * len(LAST_NAMES) + last_name) * 100 + pnum
    order = np.argsort(key, kind="stable")
    ks = key[order]
    new_run = np.concatenate([[True], ks[1:] != ks[:-1]])
    run_start = np.maximum.accumulate(np.where(new_run, np.arange(n), 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - run_start
    number = np.where(personal, pnum + 100 * rank, np.where(rank > 0, rank + 1, 0))
    local = pc.binary_join_element_wise(
        pc.utf8_lower(_take_str(FIRST_NAMES, first_name)),
        pc.utf8_lower(_take_str(LAST_NAMES, last_name)),
        ".",
    )
    num_str = pc.if_else(
        pa.array(number == 0), pa.scalar(""), pc.cast(pa.array(number), pa.string())
    )
    domain = pc.if_else(
        pa.array(personal),
        _take_str(PERSONAL_DOMAINS, pdomain),
        acc.domain.take(pa.array(account)),
    )
    email = pc.binary_join_element_wise(local, num_str, "@", domain, "")

    width = max(7, len(str(n + 10_000)))
    return _Contacts(
        n=n,
        ids=_ids("C", np.arange(1, n + 1), width),
        account=account,
        first=first,
        count=count,
        first_name=first_name,
        last_name=last_name,
        email=email,
        title=title,
        titles=titles,
        seniority=seniority,
        department=department,
        lead_source=lead_source,
        created_us=created_us,
        unsub_us=unsub_us,
        personal=personal,
        p=p,
        engagement=engagement,
        eng_rank=eng_rank,
    )


def _sample_contacts(
    rng: np.random.Generator, acc_idx: np.ndarray, con: _Contacts, cumw: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One contact of each given account, drawn with the weights behind ``cumw``."""
    cum0 = np.concatenate([[0.0], cumw])
    first = con.first[acc_idx]
    last = first + con.count[acc_idx] - 1
    lo = cum0[first]
    hi = cum0[last + 1]
    u = lo + rng.random(acc_idx.size) * (hi - lo)
    idx = np.clip(np.searchsorted(cumw, u, side="right"), first, last)
    return idx, hi > lo


# --------------------------------------------------------------------------------------------
# Commerce: journeys, opportunities, subscriptions
# --------------------------------------------------------------------------------------------


@dataclass
class _Commerce:
    # opportunities (clean)
    opp_acc: np.ndarray
    opp_contact: np.ndarray  # -1 = none
    opp_type: np.ndarray
    opp_stage: np.ndarray
    opp_amount: np.ndarray
    opp_created: np.ndarray
    opp_closed: np.ndarray  # -1 = open
    # subscriptions (clean)
    sub_acc: np.ndarray
    sub_plan: np.ndarray
    sub_seats: np.ndarray
    sub_arr: np.ndarray
    sub_start: np.ndarray
    sub_end: np.ndarray
    sub_auto: np.ndarray
    sub_cancel: np.ndarray  # -1 = none
    # journeys that drive events
    j_acc: np.ndarray
    j_t: np.ndarray
    j_ramp: np.ndarray
    j_close: np.ndarray
    j_kind: np.ndarray  # 0 new business, 1 expansion
    j_primary: np.ndarray
    # customer state
    cust_start: np.ndarray  # epoch day, large = never
    cust_end: np.ndarray  # epoch day (exclusive), large = still a customer
    health: np.ndarray
    utilisation: np.ndarray
    adoption: np.ndarray
    is_customer: np.ndarray  # at as_of


FAR = 10**7  # epoch day far in the future


def _percentile(x: np.ndarray) -> np.ndarray:
    r = np.empty(x.size)
    r[np.argsort(x, kind="stable")] = (np.arange(x.size) + 0.5) / max(x.size, 1)
    return r


def _make_commerce(ctx: _Ctx, acc: _Accounts, con: _Contacts) -> _Commerce:
    rng = ctx.rng("commerce")
    n = acc.n
    d, x = ctx.d, ctx.x
    qa = _percentile(acc.logit)
    qc = _percentile(con.p)
    cum_primary = np.cumsum(con.p**1.5)

    # customer health (meaningful for customers only)
    z = (acc.logit - acc.logit.mean()) / max(acc.logit.std(), 1e-9)
    health = _sigmoid(0.6 * z + rng.normal(0, 1.0, n) + 0.7)
    utilisation = np.clip(0.25 + 0.6 * health + rng.normal(0, 0.1, n), 0.05, 0.98)
    adoption = np.clip(0.15 + 0.65 * health + rng.normal(0, 0.08, n), 0.05, 1.0)

    # initial plan and seats
    plan = np.digitize(np.log10(acc.employees) + rng.normal(0, 0.3, n), [2.0, 3.4])
    seats = np.clip(np.round(acc.employees * rng.uniform(0.02, 0.12, n)), 3, 5000).astype(np.int64)
    quote = np.round(seats * PLAN_PRICE[plan] * rng.uniform(0.9, 1.2, n), -1)

    # legacy customers, acquired 1-3 years before as_of (fitter accounts more likely)
    eligible = ~acc.competitor
    shift = 0.0
    for _ in range(40):  # fixed-point iteration for the legacy share
        lo_p = _sigmoid(0.8 * (acc.logit - acc.logit.mean()) + shift)
        share = float(lo_p[eligible].mean()) if eligible.any() else LEGACY_SHARE
        shift += 0.5 * (np.log(LEGACY_SHARE / (1 - LEGACY_SHARE)) - np.log(share / (1 - share)))
    legacy = (rng.random(n) < _sigmoid(0.8 * (acc.logit - acc.logit.mean()) + shift)) & eligible
    acq = np.full(n, FAR, dtype=np.int64)
    acq[legacy] = d - rng.integers(630, 1096, int(legacy.sum()))
    acc.created[legacy] = np.minimum(
        acc.created[legacy], acq[legacy] - rng.integers(30, 400, int(legacy.sum()))
    )

    opp_parts: list[dict[str, np.ndarray]] = []

    def add_opps(
        acc_i: np.ndarray,
        contact: np.ndarray,
        otype: int,
        created: np.ndarray,
        closed: np.ndarray,
        won: np.ndarray,
        amount: np.ndarray,
    ) -> None:
        keep = (created >= d - OPP_LOOKBACK_DAYS) & (created <= x)
        acc_i, contact, created, closed, won, amount = (
            a[keep] for a in (acc_i, contact, created, closed, won, amount)
        )
        is_open = closed > x
        progress = np.clip((x - created) / np.maximum(closed - created, 1), 0, 0.999)
        stage = np.where(is_open, np.floor(progress * 4), np.where(won, 4, 5)).astype(np.int64)
        opp_parts.append(
            {
                "acc": acc_i,
                "contact": contact,
                "type": np.full(acc_i.size, otype),
                "stage": stage,
                "amount": amount,
                "created": created,
                "closed": np.where(is_open, -1, closed),
            }
        )

    created_day = con.created_us // DAY_US

    def primary_for(acc_i: np.ndarray, when: np.ndarray) -> np.ndarray:
        """Main contact (by p_c) among the contacts that existed on ``when``; 5% left empty."""
        idx, ok = _sample_contacts(rng, acc_i, con, cum_primary)
        idx = np.where(ok, idx, -1)
        for _ in range(4):  # redraw contacts created after the opportunity
            bad = np.flatnonzero((idx >= 0) & (created_day[np.maximum(idx, 0)] > when))
            idx[bad] = _sample_contacts(rng, acc_i[bad], con, cum_primary)[0]
        idx[(idx >= 0) & (created_day[np.maximum(idx, 0)] > when)] = -1
        return np.where(rng.random(acc_i.size) >= 0.05, idx, -1)

    # won new-business history of legacy customers inside the export window
    li = np.flatnonzero(legacy)
    cycle = rng.integers(30, 91, li.size)
    li_created = acq[li] - cycle
    add_opps(
        li, primary_for(li, li_created), 0, li_created, acq[li], np.ones(li.size, bool), quote[li]
    )

    # buying journeys of prospects
    prospect = ~legacy & ~acc.competitor
    lam = np.where(prospect, JOURNEY_RATE * (0.03 + 1.1 * acc.p), 0.0)
    k = np.minimum(rng.poisson(lam), 3)
    j_acc, _ = _expand(k)
    j_t = rng.integers(d - OPP_LOOKBACK_DAYS, x + 1, j_acc.size)
    order = np.lexsort((j_t, j_acc))
    j_acc, j_t = j_acc[order], j_t[order]
    _, j_ord = _expand(k)
    j_cycle = rng.integers(30, 91, j_acc.size) + (acc.employees[j_acc] > 2000) * 20
    j_close = j_t + j_cycle
    j_primary = primary_for(j_acc, j_t)
    qcp = np.where(j_primary >= 0, qc[np.maximum(j_primary, 0)], 0.3)
    win_p = 0.18 + 0.27 * (0.55 * qa[j_acc] + 0.45 * qcp)
    j_won = rng.random(j_acc.size) < win_p
    j_keep = np.zeros(j_acc.size, dtype=bool)
    last_close = np.full(n, -FAR, dtype=np.int64)
    has_won = np.zeros(n, dtype=bool)
    for o in range(3):  # one sequential step per journey ordinal (at most three per account)
        sel = np.flatnonzero(j_ord == o)
        a = j_acc[sel]
        ok = ~has_won[a] & (j_t[sel] >= last_close[a] + 14)
        j_keep[sel] = ok
        last_close[a[ok]] = j_close[sel[ok]]
        has_won[a[ok]] |= j_won[sel[ok]]
    j_acc, j_t, j_close, j_primary, j_won = (
        v[j_keep] for v in (j_acc, j_t, j_close, j_primary, j_won)
    )
    j_amount = np.where(j_won, np.round(quote[j_acc] * rng.uniform(0.85, 1.0, j_acc.size), -1),
                        quote[j_acc])  # fmt: skip
    add_opps(j_acc, j_primary, 0, j_t, j_close, j_won, j_amount)
    nb_win = j_won & (j_close <= x)
    acq[j_acc[nb_win]] = j_close[nb_win]
    arr0 = np.round(quote * rng.uniform(0.85, 1.0, n), -1)
    arr0[j_acc[nb_win]] = j_amount[nb_win]

    # subscription chains (one vectorised step per term)
    ch_acc = np.flatnonzero(acq <= x)
    ch_start = acq[ch_acc]
    ch_seats = seats[ch_acc]
    ch_arr = arr0[ch_acc]
    ch_plan = plan[ch_acc]
    cust_end = np.full(n, FAR, dtype=np.int64)
    sub_parts: list[tuple[np.ndarray, ...]] = []
    xj_parts: list[tuple[np.ndarray, ...]] = []
    for _ in range(40):
        if ch_acc.size == 0:
            break
        m = ch_acc.size
        h = health[ch_acc]
        u = utilisation[ch_acc]
        term = np.where((ch_plan == 2) & (rng.random(m) < 0.3), 730, 365)
        auto = rng.random(m) < 0.85
        p_exp = np.clip(0.03 + 0.4 * h**2 * (0.3 + u), 0, 0.6)
        expand = rng.random(m) < p_exp
        t_exp = ch_start + (rng.uniform(0.3, 0.8, m) * term).astype(np.int64)
        expand &= t_exp <= x  # an expansion after the export date is not visible yet
        end = np.where(expand, t_exp, ch_start + term)
        p_churn = np.clip((0.03 + 1.0 * (1 - h) ** 2.5) * np.where(auto, 1.0, 1.6), 0, 0.85)
        churn = ~expand & (rng.random(m) < p_churn)
        cancel = end - rng.integers(10, 61, m)
        cancel = np.where(churn & (cancel <= x), cancel, -1)
        sub_parts.append((ch_acc, ch_plan, ch_seats, ch_arr, ch_start, end, auto, cancel))
        cust_end[ch_acc[churn]] = end[churn]

        # renewal opportunities at the end of terms that were not expanded
        r = ~expand
        r_created = end[r] - 90
        r_primary = primary_for(ch_acc[r], r_created)
        add_opps(ch_acc[r], r_primary, 2, r_created, end[r], ~churn[r], ch_arr[r])

        # expansion opportunities: won ones start the new term, some others are lost
        new_seats = np.ceil(ch_seats * rng.uniform(1.2, 1.8, m)).astype(np.int64)
        new_arr = np.round(ch_arr * new_seats / ch_seats * rng.uniform(0.97, 1.05, m), -1)
        e = np.flatnonzero(expand)
        e_created = t_exp[e] - rng.integers(20, 61, e.size)
        e_primary = primary_for(ch_acc[e], e_created)
        add_opps(ch_acc[e], e_primary, 1, e_created, t_exp[e], np.ones(e.size, bool),
                 new_arr[e] - ch_arr[e])  # fmt: skip
        lost = np.flatnonzero(rng.random(m) < 0.35 * p_exp)
        l_created = ch_start[lost] + (rng.uniform(0.1, 0.6, lost.size) * term[lost]).astype(int)
        l_close = l_created + rng.integers(30, 76, lost.size)
        l_primary = primary_for(ch_acc[lost], l_created)
        add_opps(ch_acc[lost], l_primary, 1, l_created, l_close, np.zeros(lost.size, bool),
                 np.round(ch_arr[lost] * rng.uniform(0.2, 0.6, lost.size), -1))  # fmt: skip
        xj_parts.append(
            (
                np.concatenate([ch_acc[e], ch_acc[lost]]),
                np.concatenate([e_created, l_created]),
                np.concatenate([t_exp[e], l_close]),
                np.concatenate([e_primary, l_primary]),
            )
        )

        # next term
        renew_uplift = np.where(expand, 1.0, rng.uniform(1.0, 1.07, m))
        ch_seats = np.where(expand, new_seats, ch_seats)
        ch_arr = np.round(np.where(expand, new_arr, ch_arr * renew_uplift), -1)
        upgrade = expand & (ch_seats > np.array([25, 250, 10**9])[ch_plan])  # outgrew the plan
        ch_plan = np.where(upgrade, ch_plan + 1, ch_plan)
        ch_start = end
        alive = ~churn & (ch_start <= x)
        ch_acc, ch_start, ch_seats, ch_arr, ch_plan = (
            v[alive] for v in (ch_acc, ch_start, ch_seats, ch_arr, ch_plan)
        )

    def cat(parts: list, i: int, dtype: type = np.int64) -> np.ndarray:
        return np.concatenate([p[i] for p in parts]).astype(dtype) if parts else np.zeros(0, dtype)

    sub = [cat(sub_parts, i) for i in range(8)]
    sub[3] = cat(sub_parts, 3, np.float64)
    sub[6] = cat(sub_parts, 6, bool)
    s_order = np.lexsort((sub[0], sub[4]))
    sub = [v[s_order] for v in sub]

    ops = {key: np.concatenate([p[key] for p in opp_parts]) for key in opp_parts[0]}
    o_order = np.lexsort((ops["acc"], ops["created"]))
    ops = {key: v[o_order] for key, v in ops.items()}

    # journeys for the event generator: new business + expansion
    xa = cat(xj_parts, 0)
    ramp_nb = rng.integers(45, 61, j_acc.size)
    ramp_x = rng.integers(30, 46, xa.size)
    is_customer = (acq <= d) & (cust_end > d)
    return _Commerce(
        opp_acc=ops["acc"],
        opp_contact=ops["contact"],
        opp_type=ops["type"],
        opp_stage=ops["stage"],
        opp_amount=ops["amount"].astype(np.float64),
        opp_created=ops["created"],
        opp_closed=ops["closed"],
        sub_acc=sub[0],
        sub_plan=sub[1],
        sub_seats=sub[2],
        sub_arr=sub[3],
        sub_start=sub[4],
        sub_end=sub[5],
        sub_auto=sub[6],
        sub_cancel=sub[7],
        j_acc=np.concatenate([j_acc, xa]),
        j_t=np.concatenate([j_t, cat(xj_parts, 1)]),
        j_ramp=np.concatenate([ramp_nb, ramp_x]),
        j_close=np.concatenate([j_close, cat(xj_parts, 2)]),
        j_kind=np.concatenate([np.zeros(j_acc.size, np.int64), np.ones(xa.size, np.int64)]),
        j_primary=np.concatenate([j_primary, cat(xj_parts, 3)]),
        cust_start=acq,
        cust_end=cust_end,
        health=health,
        utilisation=utilisation,
        adoption=adoption,
        is_customer=is_customer,
    )


# --------------------------------------------------------------------------------------------
# Product usage and support tickets
# --------------------------------------------------------------------------------------------


def _make_usage(ctx: _Ctx, acc: _Accounts, com: _Commerce) -> dict[str, np.ndarray]:
    """Daily rows (weekly on Mondays above WEEKLY_USAGE_ABOVE accounts) while subscribed."""
    rng = ctx.rng("product_usage")
    weekly = acc.n > WEEKLY_USAGE_ABOVE
    step = 7 if weekly else 1
    lo = np.maximum(ctx.w0, com.cust_start)
    hi = np.minimum(ctx.d, com.cust_end - 1)
    if weekly:
        lo = lo + (7 - (lo + 3) % 7) % 7  # next Monday
    count = np.where(hi >= lo, (hi - lo) // step + 1, 0)
    a, k = _expand(count)
    day = lo[a] + k * step
    n = a.size

    # the subscription term in force that day (seats and plan)
    base = ctx.d - 100_000
    s_order = np.lexsort((com.sub_start, com.sub_acc))
    s_key = com.sub_acc[s_order] * 1_000_000 + (com.sub_start[s_order] - base)
    pos = np.searchsorted(s_key, a * 1_000_000 + (day - base), side="right") - 1
    row = s_order[np.clip(pos, 0, max(s_order.size - 1, 0))] if n else np.zeros(0, np.int64)
    seats = com.sub_seats[row] if n else np.zeros(0, np.int64)
    plan = com.sub_plan[row] if n else np.zeros(0, np.int64)

    h = com.health[a]
    since = day - com.cust_start[a]
    util = com.utilisation[a] * (1 + 0.8 * (h - 0.5) * (day - ctx.d) / 365)
    util *= np.clip(0.3 + 0.7 * since / 60, 0.3, 1.0)  # onboarding
    churning = com.cust_end[a] < FAR
    util *= np.where(churning, np.clip((com.cust_end[a] - day) / 120, 0.35, 1.0), 1.0)
    util *= np.exp(rng.normal(0, 0.1, n))
    if weekly:
        util = 1 - (1 - np.clip(util, 0, 1)) ** 2.5
    else:
        util *= np.where((day + 3) % 7 >= 5, 0.25, 1.0)
    active = rng.binomial(seats, np.clip(util, 0, 1)).astype(np.int64)
    available = PLAN_FEATURES[plan].astype(np.int64)
    adopted = available * com.adoption[a] * np.clip(since / 150, 0.25, 1.0)
    adopted = np.clip(np.round(adopted + rng.normal(0, 0.7, n)), 0, available).astype(np.int64)
    return {
        "acc": a,
        "day": day,
        "active": active,
        "seats": seats.astype(np.int64),
        "adopted": adopted,
        "available": available,
    }


def _make_tickets(
    ctx: _Ctx, acc: _Accounts, con: _Contacts, com: _Commerce
) -> dict[str, np.ndarray]:
    rng = ctx.rng("support_tickets")
    n = acc.n
    s = np.maximum(ctx.w0, com.cust_start)
    e = np.minimum(ctx.d + 1, com.cust_end)
    days = np.clip(e - s, 0, None)
    h = com.health
    rate = 0.004 * acc.employees**0.3 * (0.3 + 2.5 * (1 - h) ** 2)
    count = rng.poisson(rate * days)
    prospect_ticket = (days == 0) & (rng.random(n) < 0.02)  # trial / pre-sales questions
    count = count + prospect_ticket
    s = np.where(prospect_ticket, ctx.w0, s)
    e = np.where(prospect_ticket, ctx.d + 1, e)
    a, _ = _expand(count)
    m = a.size
    lo, hi = s[a] * DAY_US, e[a] * DAY_US
    created = _shape_times(rng, _uniform_times(rng, lo, hi), lo, hi, weekend_move=0.8)
    ha = h[a]
    bucket = np.digitize(ha, [0.35, 0.65])
    sev_p = np.array([[30, 35, 23, 12], [40, 38, 16, 6], [50, 37, 10, 3]], dtype=float)
    severity = _cat_by_group(rng, bucket, sev_p)
    hours = np.array([48.0, 24.0, 8.0, 4.0])[severity] * (1 + 1.5 * (1 - ha))
    hours *= np.exp(rng.normal(0, 0.8, m))
    resolved = created + (hours * HOUR_US).astype(np.int64)
    done = resolved < ctx.end_us
    recent = (ctx.end_us - resolved) < 7 * DAY_US
    status = np.where(
        done,
        np.where(recent & (rng.random(m) < 0.7), 2, 3),
        np.where(rng.random(m) < 0.5, 0, 1),
    )
    contact = con.first[a] + (rng.random(m) * con.count[a]).astype(np.int64)
    for _ in range(4):  # the contact who opened the ticket existed by then
        bad = np.flatnonzero(con.created_us[contact] > created)
        contact[bad] = con.first[a[bad]] + (rng.random(bad.size) * con.count[a[bad]]).astype(int)
    contact[con.created_us[contact] > created] = -1
    contact = np.where(rng.random(m) < 0.85, contact, -1)
    csat = 1 + 4 * _sigmoid(3 * (ha - 0.45)) + rng.normal(0, 0.8, m) - 0.5 * (severity >= 2)
    csat = np.clip(np.round(csat), 1, 5).astype(np.int64)
    csat_known = done & (rng.random(m) < 0.5)
    order = np.argsort(created, kind="stable")
    return {
        "acc": a[order],
        "contact": contact[order],
        "created": created[order],
        "resolved": np.where(done, resolved, -1)[order],
        "severity": severity[order],
        "status": status[order],
        "csat": np.where(csat_known, csat, -1)[order],
    }


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------

_BG = _mix_matrix(_MIX_BG, _MIX_BG_FIT, _MIX_STUDENT, _MIX_COMPETITOR)
_RAMP = _mix_matrix(_MIX_RAMP_EARLY, _MIX_RAMP_LATE)
_CYCLE = _mix_matrix(_MIX_CYCLE)
_CUSTOMER = _mix_matrix(_MIX_CUSTOMER)
WEEK_US = 7 * DAY_US


@dataclass
class _Events:
    """Events sorted by time; ``payload`` packs contact << 16 | event_type << 8 | detail."""

    ts: np.ndarray  # int64 microseconds
    payload: np.ndarray  # int64

    def unpack(self, start: int, stop: int) -> tuple[np.ndarray, ...]:
        p = self.payload[start:stop]
        contact = (p >> 16).astype(np.int32)
        etype = ((p >> 8) & 0xFF).astype(np.int8)
        detail = (p & 0xFF).astype(np.uint8).view(np.int8)  # 255 -> -1 (null)
        return contact, self.ts[start:stop], etype, detail


def _make_events(ctx: _Ctx, con: _Contacts, com: _Commerce, say: Callable[[str], None]) -> _Events:
    rng = ctx.rng("events")
    n_c = con.n
    scale = ctx.epc / 50.0
    target = round(ctx.epc * n_c)
    end_us = ctx.end_us
    lo_c = np.maximum(con.created_us, ctx.w0_us)
    qc = _percentile(con.p)
    parts: list[tuple[np.ndarray, np.ndarray]] = []

    def add(c: np.ndarray, ts: np.ndarray, et: np.ndarray, ed: np.ndarray) -> None:
        """Keep the events inside [max(window start, contact created), as_of); pack them."""
        ok = (ts >= lo_c[c]) & (ts < end_us)
        payload = c[ok].astype(np.int64) << 16
        payload |= et[ok].astype(np.int64) << 8
        payload |= ed[ok].astype(np.int64) & 0xFF
        parts.append((ts[ok], payload))

    def actions(
        group: np.ndarray, mix: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        probs, et, ed = mix
        a = _cat_by_group(rng, group, probs)
        return et[a], ed[a]

    def count() -> int:
        return sum(p[0].size for p in parts)

    # 1. buying journeys: ramp-up before the opportunity, then the sales cycle
    n_j = com.j_acc.size
    members = con.count[com.j_acc].astype(float)
    base = np.where(com.j_kind == 0, RAMP_EVENTS, 3.0)
    n_ramp = rng.poisson(base * members**0.7 * np.exp(rng.normal(0, 0.4, n_j)) * scale)
    je = _repeat(n_ramp)
    cum_j = np.cumsum(con.p**1.5 + 0.01)
    c, _ = _sample_contacts(rng, com.j_acc[je], con, cum_j)
    progress = np.sqrt(rng.random(je.size))  # activity rises towards the opportunity
    ramp = com.j_ramp[je]
    ts = (com.j_t[je] - ramp) * DAY_US + (progress * ramp * DAY_US).astype(np.int64)
    ts = _shape_times(rng, ts, lo_c[c], end_us)
    add(c, ts, *actions((rng.random(je.size) < progress**2).astype(np.int64), _RAMP))

    dur = np.clip(com.j_close - com.j_t, 0, None)
    rate = np.where(com.j_kind == 0, 0.25, 0.1)
    n_cyc = rng.poisson(rate * dur * members**0.3 * np.exp(rng.normal(0, 0.4, n_j)) * scale)
    je = _repeat(n_cyc)
    c, _ = _sample_contacts(rng, com.j_acc[je], con, cum_j)
    prim = com.j_primary[je]
    c = np.where((prim >= 0) & (rng.random(je.size) < 0.5), prim, c)
    lo = com.j_t[je] * DAY_US
    ts = _shape_times(rng, _uniform_times(rng, lo, com.j_close[je] * DAY_US), lo_c[c], end_us)
    add(c, ts, *actions(np.zeros(je.size, np.int64), _CYCLE))
    say(f"events: {count():,} journey events")

    # 2. customer engagement (community, feedback, betas, webinars, docs), driven by health
    a = con.account
    s = np.maximum(lo_c, com.cust_start[a] * DAY_US)
    e = np.minimum(end_us, com.cust_end[a] * DAY_US)
    days = np.clip((e - s) / DAY_US, 0, None)
    lam = 0.03 * (0.15 + 1.4 * com.health[a]) * con.engagement * scale * days
    ce = _repeat(rng.poisson(lam))
    ts = _shape_times(rng, _uniform_times(rng, s[ce], e[ce]), s[ce], e[ce])
    add(ce, ts, *actions(np.zeros(ce.size, np.int64), _CUSTOMER))
    del a, s, e, ce, ts

    # 3. marketing email: ~1.25 sends a week to the contacts on the list
    sends_per_week = 1.25
    f_list = 0.40 * ctx.epc / (52 * sends_per_week)
    if f_list > 0.85:
        sends_per_week = 0.40 * ctx.epc / (52 * 0.85)
    f_list = float(np.clip(f_list, 0.02, 0.85))
    list_mult = np.where(np.isin(con.lead_source, [0, 3, 5, 6]), 1.3, 0.8)
    on_list = rng.random(n_c) < np.clip(f_list * list_mult / list_mult.mean(), 0, 0.98)
    send_hi = np.minimum(end_us, con.unsub_us)
    weeks = np.clip((send_hi - lo_c) / WEEK_US, 0, None)
    se = _repeat(rng.poisson(sends_per_week * weeks) * on_list)
    lo, hi = lo_c[se], send_hi[se]
    ts = _shape_times(
        rng, _uniform_times(rng, lo, hi), lo, hi, hour_cum=_EMAIL_HOUR_CUM, weekend_move=0.95
    )
    del lo, hi
    campaign = (_choice(rng, se.size, CAMPAIGN_P) + EVENT_DETAILS.index(CAMPAIGNS[0])).astype(
        np.int8
    )
    add(se, ts, np.full(se.size, EVENT_TYPES.index("email_send"), np.int8), campaign)
    p_open = np.clip(0.05 + 0.25 * con.eng_rank + 0.08 * qc, 0.02, 0.75).astype(np.float32)
    o = rng.random(se.size, dtype=np.float32) < p_open[se]
    oc, ots, ocamp = se[o], ts[o], campaign[o]
    del se, ts, campaign, o
    delay = np.where(
        rng.random(oc.size) < 0.85,
        rng.exponential(4 * HOUR_US, oc.size),
        rng.exponential(2 * DAY_US, oc.size),
    )
    ots = ots + delay.astype(np.int64) + 1_000_000
    add(oc, ots, np.full(oc.size, EVENT_TYPES.index("email_open"), np.int8), ocamp)
    p_click = np.clip(0.08 + 0.2 * con.eng_rank + 0.1 * qc, 0.01, 0.6)
    k = rng.random(oc.size) < p_click[oc]
    cts = ots[k] + rng.exponential(90e6, int(k.sum())).astype(np.int64) + 1_000_000
    add(oc[k], cts, np.full(int(k.sum()), EVENT_TYPES.index("email_click"), np.int8), ocamp[k])
    r = rng.random(oc.size) < 0.003 + 0.03 * qc[oc]
    rts = ots[r] + rng.exponential(3 * HOUR_US, int(r.sum())).astype(np.int64) + 60_000_000
    add(oc[r], rts, np.full(int(r.sum()), EVENT_TYPES.index("email_reply"), np.int8), ocamp[r])
    del oc, ots, ocamp, delay
    done = count()
    say(f"events: {done:,} journey, customer and email events")

    # 4. background activity fills the rest: heavy-tailed, mostly low intent, some noise
    group = np.where(qc > 0.7, 1, 0)
    group = np.where(con.seniority == 5, 2, group)
    group = np.where(con.p == 0, np.where(con.personal, 0, 3), group)
    active_days = np.clip((end_us - lo_c) / DAY_US, 0, None)
    w = con.engagement * active_days
    remaining = max(target - done, 0.15 * target)
    be = _repeat(rng.poisson(remaining * w / max(w.sum(), 1e-9)))
    lo = lo_c[be]
    ts = _shape_times(rng, _uniform_times(rng, lo, end_us), lo, end_us)
    del lo
    add(be, ts, *actions(group[be], _BG))
    del be, ts

    # concatenate and sort by time: sorting a packed (time, row) key is much faster than argsort
    n = count()
    stamp = np.empty(n, np.int64)
    payload = np.empty(n, np.int64)
    pos = 0
    for i in range(len(parts)):
        pt, pp = parts[i]
        stamp[pos : pos + pt.size] = pt
        payload[pos : pos + pt.size] = pp
        pos += pt.size
        parts[i] = (pt[:0], pp[:0])  # free as we go
    parts.clear()
    idx_bits = max(1, int(n).bit_length())
    key = stamp - ctx.w0_us
    span_bits = max(1, int(key.max(initial=0)).bit_length())
    key >>= max(0, span_bits - (62 - idx_bits))
    key <<= idx_bits
    key |= np.arange(n, dtype=np.int64)
    key.sort()
    key &= (1 << idx_bits) - 1
    say(f"events: {n:,} events sorted")
    return _Events(stamp[key], payload[key])


# --------------------------------------------------------------------------------------------
# Arrow columns and dirt
# --------------------------------------------------------------------------------------------

_VARIANT_FORMS: tuple[Callable[[str], str], ...] = (
    str.title,
    lambda v: f" {v.upper()} ",
    lambda v: f"{v} ",
    lambda v: v.lower() if v.isupper() else v.capitalize(),
)
_GARBAGE_DATE = ("2026-13-45", "31/02/2026", "n/a", "yesterday", "0000-00-00", "TBD")
_GARBAGE_NUMBER = ("n/a", "twelve", "1,234", "-", "unknown", "12k")
_UNKNOWN_EVENT_TYPES = ("chat_started", "ad_click", "form_submit_v2")


def _dict(
    codes: np.ndarray, vocab: Sequence[str] | pa.Array, null: np.ndarray | None = None
) -> pa.DictionaryArray:
    values = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), pa.string())
    itype = pa.int8() if len(values) < 128 else pa.int32()
    mask = null if null is not None and null.any() else None
    codes = np.where(null, 0, codes) if mask is not None else codes
    return pa.DictionaryArray.from_arrays(pa.array(codes, itype, mask=mask), values)


def _category(
    rng: np.random.Generator,
    codes: np.ndarray,
    vocab: Sequence[str],
    dirt: str,
    *,
    null: np.ndarray | None = None,
    null_rate: float = 0.0,
    aliases: dict[str, Sequence[str]] | None = None,
    unknowns: Sequence[str] = (),
    unknown_rate: float = 0.0,
    variant_rate: float = 0.05,
) -> pa.DictionaryArray:
    """Dictionary-encoded category column; with dirt: case/space variants, aliases, unknowns."""
    codes = np.asarray(codes, dtype=np.int64)
    n = codes.size
    mask = np.zeros(n, dtype=bool) if null is None else null.copy()
    if dirt == "none":
        return _dict(codes, vocab, mask)
    entries = list(vocab)
    index = {v: i for i, v in enumerate(entries)}

    def add(value: str) -> int:
        if value not in index:
            index[value] = len(entries)
            entries.append(value)
        return index[value]

    out = codes.copy()
    valid = ~mask
    forms = np.array([[add(f(v)) for v in vocab] for f in _VARIANT_FORMS])
    sel = np.flatnonzero(valid & (rng.random(n) < variant_rate))
    out[sel] = forms[rng.integers(0, len(forms), sel.size), codes[sel]]
    for canonical, names in (aliases or {}).items():  # ~6% of the value, at least once
        ids = np.array([add(a) for a in names])
        cand = np.flatnonzero(valid & (codes == list(vocab).index(canonical)))
        sel = cand[rng.random(cand.size) < 0.06]
        if sel.size == 0 and cand.size:
            sel = cand[rng.integers(0, cand.size, 1)]
        out[sel] = ids[rng.integers(0, ids.size, sel.size)]
    if unknowns:  # at least once
        ids = np.array([add(u) for u in unknowns])
        sel = np.flatnonzero(valid & (rng.random(n) < unknown_rate))
        if sel.size == 0 and valid.any():
            sel = rng.choice(np.flatnonzero(valid), 1)
        out[sel] = ids[rng.integers(0, ids.size, sel.size)]
    if null_rate > 0:
        mask |= rng.random(n) < null_rate
    return _dict(out, entries, mask)


def _num(values: np.ndarray, typ: pa.DataType, null: np.ndarray | None = None) -> pa.Array:
    mask = null if null is not None and null.any() else None
    if mask is not None:
        values = np.where(mask, 0, values)
    if typ == pa.date32():
        values = np.asarray(values, dtype=np.int32)
    return pa.array(values, typ, mask=mask)


def _decode(table: pa.Table) -> pa.Table:
    """Plain (non-dictionary), single-chunk columns."""
    cols = []
    for col in table.columns:
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if pa.types.is_dictionary(arr.type):
            arr = arr.dictionary_decode()
        cols.append(arr)
    return pa.table(cols, names=table.column_names)


def _stringify(rng: np.random.Generator, table: pa.Table, skip: Sequence[str] = ()) -> pa.Table:
    """Dates, timestamps and numbers as text, some of them unparseable (dirt='high')."""
    cols = []
    for name, col in zip(table.column_names, table.columns, strict=True):
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        temporal = pa.types.is_date(arr.type) or pa.types.is_timestamp(arr.type)
        numeric = pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type)
        if temporal or numeric:
            arr = pc.cast(arr, pa.string())
            n = len(arr)
            if name not in skip and n:
                bad = rng.random(n) < 0.004
                bad[rng.integers(0, n, 2)] = True
                pool = _GARBAGE_DATE if temporal else _GARBAGE_NUMBER
                garbage = _take_str(pool, rng.integers(0, len(pool), n))
                arr = pc.if_else(pa.array(bad), garbage, arr)
        cols.append(arr)
    return pa.table(cols, names=table.column_names)


def _insert_rows(rng: np.random.Generator, table: pa.Table, extra: pa.Table) -> pa.Table:
    """Insert ``extra`` rows at random positions of ``table``."""
    n, k = table.num_rows, extra.num_rows
    keys = np.concatenate([np.arange(n) * 2 + 1, rng.integers(0, n + 1, k) * 2])
    order = np.argsort(keys, kind="stable")
    return pa.concat_tables([table, extra]).take(pa.array(order))


def _set(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, values)


# primary key, columns changed in duplicate-key rows, column made negative
_HIGH_SPEC: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "accounts": ("account_id", ("account_name", "industry", "employee_count"), None),
    "contacts": ("contact_id", ("email", "title", "seniority"), None),
    "opportunities": ("opportunity_id", ("stage", "amount", "closed_at"), "amount"),
    "subscriptions": ("subscription_id", ("seats", "arr", "end_date"), "seats"),
    "support_tickets": ("ticket_id", ("status", "severity", "resolved_at"), None),
    "product_usage": ("account_id", (), "active_users"),
}


def _high_dirt(ctx: _Ctx, name: str, table: pa.Table) -> pa.Table:
    """Invalid rows of a dirty export: missing and duplicate keys, orphans, negatives, junk."""
    rng = ctx.rng(f"{name}_high")
    table = _decode(table)
    n = table.num_rows
    if n == 0:
        return _stringify(rng, table)
    pk, mutate, negative = _HIGH_SPEC[name]

    def some() -> np.ndarray:
        return rng.integers(0, n, max(3, round(0.004 * n)))

    if negative is not None:
        bad = np.zeros(n, dtype=bool)
        bad[some()] = True
        col = table.column(negative).combine_chunks()
        table = _set(
            table, negative, pc.if_else(pa.array(bad), pc.subtract(pc.negate(col), 1), col)
        )
    extras = []
    rows = table.take(pa.array(some()))
    extras.append(_set(rows, pk, pa.nulls(rows.num_rows, pa.string())))  # missing key
    if mutate:  # duplicate key, different content
        idx = some()
        rows = table.take(pa.array(idx))
        other = pa.array((idx + rng.integers(1, max(n, 2), idx.size)) % n)
        for col in mutate:
            rows = _set(rows, col, table.column(col).take(other).combine_chunks())
        extras.append(rows)
    if name == "contacts":  # contacts of accounts that do not exist
        rows = table.take(pa.array(some()))
        k = rows.num_rows
        width = len(table.column("contact_id")[0].as_py()) - 1
        acc_width = len(table.column("account_id")[0].as_py()) - 1
        rows = _set(rows, pk, _ids("C", n + 1 + np.arange(k), width))
        rows = _set(rows, "account_id", _ids("A", 10**acc_width + 1 + np.arange(k), acc_width + 1))
        extras.append(rows)
    table = _insert_rows(rng, table, pa.concat_tables(extras))
    return _stringify(rng, table, skip=(pk,))


class _Sink:
    """Writes one table as Parquet (in row groups) or CSV, possibly in several batches."""

    def __init__(
        self, path: Path, fmt: str, delta: Sequence[str] = (), row_group: int = ROW_GROUP
    ) -> None:
        self.path = path
        self.fmt = fmt
        self.row_group = row_group
        self.delta = delta  # sorted integer/timestamp columns: delta encoding when numeric
        self.writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        if self.fmt == "csv":
            table = _decode(table)
            if self.writer is None:
                self.writer = pacsv.CSVWriter(self.path, table.schema)
            self.writer.write_table(table)
        else:
            if self.writer is None:
                self.writer = pq.ParquetWriter(
                    self.path, table.schema, compression=COMPRESSION, **self._options(table.schema)
                )
            self.writer.write_table(table, row_group_size=self.row_group)
        self.rows += table.num_rows

    def _options(self, schema: pa.Schema) -> dict:
        delta = {
            f.name: "DELTA_BINARY_PACKED"
            for f in schema
            if f.name in self.delta
            and (pa.types.is_integer(f.type) or pa.types.is_timestamp(f.type))
        }
        if not delta:
            return {}
        return {
            "column_encoding": delta,
            "use_dictionary": [f.name for f in schema if pa.types.is_dictionary(f.type)],
        }

    def close(self) -> int:
        if self.writer is not None:
            self.writer.close()
        return self.rows


def _write(ctx: _Ctx, name: str, table: pa.Table) -> int:
    if ctx.dirt == "high":
        table = _high_dirt(ctx, name, table)
    sink = _Sink(ctx.out_dir / f"{name}.{ctx.fmt}", ctx.fmt)
    sink.write(table)
    return sink.close()


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _accounts_table(ctx: _Ctx, acc: _Accounts) -> pa.Table:
    rng = ctx.rng("accounts_dirt")
    dirt, n = ctx.dirt, acc.n

    def nulls(rate: float) -> np.ndarray | None:
        return rng.random(n) < rate if dirt != "none" else None

    tech = acc.tech_stack
    if dirt != "none":
        messy = pa.array(rng.random(n) < 0.05)
        tech = pc.if_else(messy, pc.replace_substring(pc.utf8_title(tech), ";", "; "), tech)
    owners = [f"U{i:03d}" for i in range(1, N_OWNERS + 1)]
    return pa.table(
        {
            "account_id": acc.ids,
            "account_name": acc.name,
            "domain": acc.domain,
            "industry": _category(
                rng,
                acc.industry,
                INDUSTRIES,
                dirt,
                null_rate=0.08,
                aliases={"software": ("SaaS",), "financial_services": ("Banking",)},
                unknowns=("Agriculture", "Mining"),
                unknown_rate=0.02,
            ),
            "employee_count": _num(acc.employees, pa.int64(), nulls(0.10)),
            "annual_revenue": _num(acc.revenue, pa.float64(), nulls(0.15)),
            "revenue_growth_pct": _num(acc.revenue_growth, pa.float64()),
            "employee_growth_pct": _num(acc.employee_growth, pa.float64()),
            "country": _category(
                rng,
                acc.country,
                COUNTRIES,
                dirt,
                null_rate=0.05,
                aliases={"US": ("USA", "United States"), "GB": ("UK",)},
            ),
            "growth_stage": _category(rng, acc.stage, GROWTH_STAGES, dirt),
            "cloud_adoption": _category(rng, acc.cloud, CLOUD, dirt),
            "digital_maturity": _category(rng, acc.maturity, MATURITY, dirt),
            "tech_stack": tech,
            "locations_count": _num(acc.locations, pa.int64()),
            "fiscal_year_start_month": _num(acc.fy_month, pa.int64(), acc.fy_month == 0),
            "owner_id": _dict(acc.owner, owners),
            "created_at": _num(acc.created, pa.date32()),
        }
    )


def _contacts_table(ctx: _Ctx, acc: _Accounts, con: _Contacts) -> pa.Table:
    rng = ctx.rng("contacts_dirt")
    dirt = ctx.dirt
    return pa.table(
        {
            "contact_id": con.ids,
            "account_id": _dict(con.account, acc.ids),
            "email": con.email,
            "first_name": _dict(con.first_name, FIRST_NAMES),
            "last_name": _dict(con.last_name, LAST_NAMES),
            "title": _dict(con.title, con.titles),
            "seniority": _category(rng, con.seniority, SENIORITIES, dirt, null_rate=0.20),
            "department": _category(
                rng,
                con.department,
                DEPARTMENTS,
                dirt,
                null_rate=0.05,
                aliases={"revenue_operations": ("RevOps",)},
                unknowns=("Legal",),
                unknown_rate=0.02,
            ),
            "lead_source": _category(
                rng, con.lead_source, LEAD_SOURCES, dirt, unknowns=("podcast",), unknown_rate=0.02
            ),
            "created_at": _num(con.created_us, pa.timestamp("us")),
            "unsubscribed_at": _num(con.unsub_us, pa.timestamp("us"), con.unsub_us == NEVER),
        }
    )


def _opportunities_table(acc: _Accounts, con: _Contacts, com: _Commerce) -> pa.Table:
    n = com.opp_acc.size
    return pa.table(
        {
            "opportunity_id": _ids("O", np.arange(1, n + 1), max(7, len(str(n)))),
            "account_id": _dict(com.opp_acc, acc.ids),
            "primary_contact_id": _dict(com.opp_contact, con.ids, com.opp_contact < 0),
            "opportunity_type": _dict(com.opp_type, OPP_TYPES),
            "stage": _dict(com.opp_stage, OPP_STAGES),
            "amount": _num(com.opp_amount, pa.float64()),
            "created_at": _num(com.opp_created, pa.date32()),
            "closed_at": _num(com.opp_closed, pa.date32(), com.opp_closed < 0),
        }
    )


def _subscriptions_table(acc: _Accounts, com: _Commerce) -> pa.Table:
    n = com.sub_acc.size
    return pa.table(
        {
            "subscription_id": _ids("S", np.arange(1, n + 1), max(7, len(str(n)))),
            "account_id": _dict(com.sub_acc, acc.ids),
            "plan": _dict(com.sub_plan, PLANS),
            "seats": _num(com.sub_seats, pa.int64()),
            "arr": _num(com.sub_arr, pa.float64()),
            "start_date": _num(com.sub_start, pa.date32()),
            "end_date": _num(com.sub_end, pa.date32()),
            "auto_renew": pa.array(com.sub_auto, pa.bool_()),
            "cancelled_at": _num(com.sub_cancel, pa.date32(), com.sub_cancel < 0),
        }
    )


def _tickets_table(acc: _Accounts, con: _Contacts, t: dict[str, np.ndarray]) -> pa.Table:
    n = t["acc"].size
    return pa.table(
        {
            "ticket_id": _ids("T", np.arange(1, n + 1), max(7, len(str(n)))),
            "account_id": _dict(t["acc"], acc.ids),
            "contact_id": _dict(t["contact"], con.ids, t["contact"] < 0),
            "created_at": _num(t["created"], pa.timestamp("us")),
            "resolved_at": _num(t["resolved"], pa.timestamp("us"), t["resolved"] < 0),
            "severity": _dict(t["severity"], SEVERITIES),
            "status": _dict(t["status"], TICKET_STATUSES),
            "satisfaction_score": _num(t["csat"], pa.int64(), t["csat"] < 0),
        }
    )


def _usage_table(acc: _Accounts, u: dict[str, np.ndarray]) -> pa.Table:
    return pa.table(
        {
            "account_id": _dict(u["acc"], acc.ids),
            "usage_date": _num(u["day"], pa.date32()),
            "active_users": _num(u["active"], pa.int64()),
            "licensed_seats": _num(u["seats"], pa.int64()),
            "features_adopted": _num(u["adopted"], pa.int64()),
            "features_available": _num(u["available"], pa.int64()),
        }
    )


def _events_chunk(
    ctx: _Ctx, ev: _Events, con: _Contacts, contact_ids: pa.Array, k: int, start: int, stop: int
) -> pa.Table:
    """One batch of the events file, with its dirt (deterministic per batch)."""
    rng = ctx.rng(f"events_dirt_{k}")
    eid = np.arange(start + 1, stop + 1, dtype=np.int64)
    c, ts, et, ed = ev.unpack(start, stop)
    id_null = None
    if ctx.dirt == "high" and eid.size:
        m = eid.size
        c, ts = c.copy(), ts.copy()
        least = 3 if k == 0 else 0

        def some() -> np.ndarray:
            return rng.integers(0, m, max(least, int(rng.binomial(m, 0.002))))

        i = some()
        # in the future for any realistic run date (ten years and more after as_of): events just
        # after as_of are only later data, valid when the run happens after them
        ts[i] = ctx.end_us + FUTURE_US + rng.integers(HOUR_US, 365 * DAY_US, i.size)
        i = some()
        ts[i] = con.created_us[c[i]] - rng.integers(HOUR_US, 90 * DAY_US, i.size)
        i = some()
        c[i] = con.n + rng.integers(0, len(contact_ids) - con.n, i.size)  # unknown contact
        id_null = np.zeros(m, dtype=bool)
        id_null[some()] = True
        i = some()  # duplicate id with different content
        order = np.argsort(np.concatenate([np.arange(m) * 2, i * 2 + 1]), kind="stable")
        n_types = len(EVENT_TYPES)
        new_et = (et[i] + rng.integers(1, n_types, i.size)) % n_types
        eid = np.concatenate([eid, eid[i]])[order]
        c = np.concatenate([c, c[i]])[order]
        ts = np.concatenate([ts, ts[i] - rng.integers(HOUR_US, 5 * DAY_US, i.size)])[order]
        et = np.concatenate([et, new_et.astype(np.int8)])[order]
        ed = np.concatenate([ed, np.full(i.size, -1, np.int8)])[order]
        id_null = np.concatenate([id_null, np.zeros(i.size, bool)])[order]
    etype = _category(
        rng, et, EVENT_TYPES, ctx.dirt, unknowns=_UNKNOWN_EVENT_TYPES, unknown_rate=0.005
    )
    detail = _category(rng, ed, EVENT_DETAILS, ctx.dirt, null=ed < 0)
    if ctx.dirt != "none":  # exact duplicate rows (after all other dirt), next to the original
        rep = np.repeat(np.arange(eid.size), 1 + (rng.random(eid.size) < 0.01))
        eid, c, ts = eid[rep], c[rep], ts[rep]
        id_null = id_null[rep] if id_null is not None else None
        etype, detail = etype.take(pa.array(rep)), detail.take(pa.array(rep))
    table = pa.table(
        {
            "event_id": _num(eid, pa.int64(), id_null),
            "contact_id": contact_ids.take(pa.array(c, pa.int32())),
            "occurred_at": _num(ts, pa.timestamp("us")),
            "event_type": etype,
            "event_detail": detail,
        }
    )
    if ctx.dirt == "high":
        table = _stringify(rng, table, skip=("event_id",))
    return table


def _write_events(ctx: _Ctx, ev: _Events, con: _Contacts) -> int:
    """Write the events in batches; the next batch is prepared while one is written."""
    n = ev.ts.size
    contact_ids = con.ids
    if ctx.dirt == "high":  # ids of contacts that do not exist
        width = len(con.ids[0].as_py()) if con.n else 8
        fake = _ids("C", 10 ** (width - 1) + 5_000 + np.arange(25), width)
        contact_ids = pa.concat_arrays([con.ids, fake])
    path = ctx.out_dir / f"events.{ctx.fmt}"
    # one row group per batch (~1.9M rows); sorted id and time columns are delta-encoded
    sink = _Sink(path, ctx.fmt, delta=("event_id", "occurred_at"), row_group=2 * EVENT_CHUNK)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        for k, start in enumerate(range(0, max(n, 1), EVENT_CHUNK)):
            table = _events_chunk(ctx, ev, con, contact_ids, k, start, min(n, start + EVENT_CHUNK))
            if pending is not None:
                pending.result()
            pending = pool.submit(sink.write, table)
        if pending is not None:
            pending.result()
    return sink.close()


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _quiet(_message: str) -> None:
    return None


def generate(
    out_dir: Path,
    accounts: int = 2000,
    seed: int = 42,
    as_of: date = date(2026, 6, 30),
    contacts_per_account: float = 10.0,
    events_per_contact: float = 50.0,
    fmt: str = "parquet",
    dirt: str = "normal",
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the raw tables (and the hidden truth) into ``out_dir``; return rows per table.

    Same arguments give identical files. ``fmt`` is "parquet" or "csv" (with a header); the
    ``_truth_*.parquet`` files are always Parquet. ``dirt`` is "none", "normal" or "high".
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    if dirt not in DIRT_LEVELS:
        raise ValueError(f"dirt must be one of {DIRT_LEVELS}, got {dirt!r}")
    if accounts < 1:
        raise ValueError("accounts must be at least 1")
    if contacts_per_account < 1 or events_per_contact < 0:
        raise ValueError("contacts_per_account must be >= 1 and events_per_contact >= 0")
    say = progress or _quiet
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = _Ctx(
        seed=int(seed),
        as_of=as_of,
        epc=float(events_per_contact),
        cpa=float(contacts_per_account),
        dirt=dirt,
        fmt=fmt,
        out_dir=out_dir,
    )

    acc = _make_accounts(ctx, int(accounts))
    con = _make_contacts(ctx, acc)
    say(f"accounts: {acc.n:,}, contacts: {con.n:,}")
    com = _make_commerce(ctx, acc, con)
    say(
        f"opportunities: {com.opp_acc.size:,}, subscriptions: {com.sub_acc.size:,}, "
        f"customers at as-of: {int(com.is_customer.sum()):,}"
    )
    counts: dict[str, int] = {}
    counts["accounts"] = _write(ctx, "accounts", _accounts_table(ctx, acc))
    counts["contacts"] = _write(ctx, "contacts", _contacts_table(ctx, acc, con))
    counts["opportunities"] = _write(ctx, "opportunities", _opportunities_table(acc, con, com))
    counts["subscriptions"] = _write(ctx, "subscriptions", _subscriptions_table(acc, com))
    tickets = _make_tickets(ctx, acc, con, com)
    counts["support_tickets"] = _write(ctx, "support_tickets", _tickets_table(acc, con, tickets))
    del tickets
    usage = _make_usage(ctx, acc, com)
    counts["product_usage"] = _write(ctx, "product_usage", _usage_table(acc, usage))
    del usage
    say("small tables written")

    ever_customer = com.cust_start <= ctx.x
    pq.write_table(
        pa.table(
            {
                "account_id": acc.ids,
                "buy_propensity": pa.array(acc.p, pa.float64()),
                "health": _num(com.health, pa.float64(), ~ever_customer),
                "is_customer_at_as_of": pa.array(com.is_customer, pa.bool_()),
            }
        ),
        out_dir / "_truth_accounts.parquet",
        compression=COMPRESSION,
    )
    pq.write_table(
        pa.table({"contact_id": con.ids, "propensity": pa.array(con.p, pa.float64())}),
        out_dir / "_truth_contacts.parquet",
        compression=COMPRESSION,
    )

    events = _make_events(ctx, con, com, say)
    counts["events"] = _write_events(ctx, events, con)
    del events
    say(f"events written: {counts['events']:,}")
    return {t: counts[t] for t in RAW_TABLES}
