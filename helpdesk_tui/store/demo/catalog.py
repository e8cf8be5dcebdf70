"""What demo companies and their helpdesk are made of: company words and legal forms, ticket
subjects, groups, channels, activities, custom fields, agents and SLA policies (the people are in
``names``)."""

from __future__ import annotations

from .names import split_words

COMPANY_WORDS = split_words(
    "Northwind Contoso Fabrikam Tailspin Wingtip Litware Proseware Adventure Alpine Coho "
    "Lucerne Margie Trey Wide Woodgrove Blue Yonder Fourth Coffee Graphic Humongous Southridge "
    "Consolidated Datum Relecloud VanArsdel Vandelay Initech Globex Umbrella Stark Wayne Acme "
    "Hooli Pied Piper Aperture Cyberdyne Tyrell Soylent Oscorp Monarch Sterling Cooper Dunder "
    "Mifflin Gringotts Ollivander Nakatomi Massive Dynamic Veridian Oceanic Kirin Zenith Nimbus"
)
COMPANY_TRADES = split_words(
    "Logistics Systems Trading Software Consulting Foods Energy Medical Dental Legal Insurance "
    "Motors Textiles Construction Analytics Media Travel Hotels Pharma Robotics Security Freight"
)
COMPANY_SUFFIXES = {
    "en_GB": ("Ltd", "plc", "LLP", "Group"),
    "en_US": ("Inc.", "LLC", "Corp.", "Co."),
    "de_DE": ("GmbH", "AG", "KG", "GmbH & Co. KG"),
    "fr_FR": ("SARL", "SA", "SAS"),
    "es_ES": ("S.L.", "S.A."),
    "pt_BR": ("Ltda.", "S.A."),
    "pl_PL": ("Sp. z o.o.", "S.A."),
    "vi_VN": ("JSC", "Co., Ltd."),
    "ga_IE": ("Teoranta", "DAC", "Ltd"),
    "nordic": ("AB", "A/S", "AS", "ehf."),
    "tr_TR": ("A.Ş.", "Ltd. Şti."),
    "ja_JP": ("株式会社", "K.K."),
    "ru_RU": ("ООО", "АО"),
    "el_GR": ("Α.Ε.", "Ε.Π.Ε."),
}

TICKET_SUBJECTS = (
    "Cannot log in to the portal",
    "Password reset link expired",
    "Invoice {n} shows the wrong amount",
    "Refund for order {n}",
    "VPN drops every few minutes",
    "Printer on floor {f} offline",
    "Please update our billing address",
    "Two-factor codes not arriving by SMS",
    "Error 500 when exporting reports",
    "Request: add {k} seats to our plan",
    "Shipment {n} has not arrived",
    "Outlook keeps asking for my password",
    "Data export for GDPR request",
    "Cancel my subscription",
    "Upgrade to the premium plan",
    "Mobile app crashes on start",
    "Wrong contact details on our account",
    "RE: [JIRA-{k}] login loop after update",
    "Fwd: Quote {n} — questions",
    "Laptop will not boot after update",
    "New starter: account set-up for {k} people",
    "Phone line crackles during calls",
    "Certificate expires next week",
    "Where is my order?",
    "Duplicate charge on card",
    "Feature request: dark mode",
    "API rate limit exceeded",
    "Can't attach files larger than 10 MB",
)
GROUPS = ("Support", "Billing", "Technical", "Sales", "Onboarding", "Returns")
CHANNELS = ("email", "phone", "web", "chat")
ACTIVITY_SUMMARIES = {
    "call": ("Called about {s}", "Returned call re {s}", "Left voicemail about {s}"),
    "site visit": ("On-site visit: {s}", "Installed equipment on site"),
    "meeting": ("Quarterly review meeting", "Onboarding meeting", "Renewal discussion"),
    "email": ("Sent follow-up on {s}", "Emailed the invoice copy"),
    "note": ("Prefers contact by email", "Key decision maker", "VIP: escalate quickly"),
}
CUSTOM_KEYS = (
    ("Plan", ("Free", "Starter", "Business", "Enterprise")),
    ("Account manager", ("R. Okafor", "M. Lindqvist", "J. Tanaka", "S. Patel", "A. Dubois")),
    ("Preferred language", ("English", "Deutsch", "Français", "Español", "Português")),
    ("Seats", ("1", "5", "10", "25", "50", "250")),
    ("Customer since", ("2016", "2018", "2019", "2021", "2023", "2025")),
    ("Newsletter", ("yes", "no")),
)
AGENTS = (
    ("amara", "Amara Okafor", "admin"),
    ("mlindqvist", "Magnus Lindqvist", "agent"),
    ("jtanaka", "Jun Tanaka", "agent"),
    ("spatel", "Sunita Patel", "agent"),
    ("adubois", "Anaïs Dubois", "agent"),
    ("pnowak", "Paweł Nowak", "agent"),
    ("chen", "Chen Wei", "agent"),
    ("lgarcia", "Lucía García", "admin"),
)
SLA_POLICIES = (
    ("Gold", "24×7 cover, named engineer", ((60, 240), (120, 480), (240, 1440), (480, 2880))),
    ("Silver", "Business hours, next-day", ((120, 480), (240, 1440), (480, 2880), (960, 5760))),
    ("Bronze", "Best effort", ((240, 1440), (480, 2880), (1440, 5760), (2880, 10080))),
)
