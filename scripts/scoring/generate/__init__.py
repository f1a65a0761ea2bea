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

Modules
-------
``settings`` and ``vocab`` (fixed settings, vocabularies and effects), ``helpers`` and
``context`` (numpy helpers, the run's windows and generators), ``accounts``, ``contacts``,
``commerce`` (journeys, opportunities, subscriptions), ``usage`` (product usage, tickets),
``events``, ``columns`` and ``dirt`` (Arrow columns, bad data on purpose), ``tables`` (the Arrow
tables), ``files`` (Parquet/CSV writing) and ``run`` (``generate()``).
"""

from scoring.contract import RAW_TABLES
from scoring.generate.run import generate
from scoring.generate.settings import DIRT_LEVELS, FORMATS
from scoring.generate.vocab import HIGH_INTENT

__all__ = ["DIRT_LEVELS", "FORMATS", "HIGH_INTENT", "RAW_TABLES", "generate"]
