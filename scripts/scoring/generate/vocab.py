"""Vocabularies of the generated data, with their weights and their effects on propensity."""

from __future__ import annotations

import numpy as np

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
