"""Default lead-table column names and activity columns, and the importer's constants."""

from __future__ import annotations

from scoring.importing import (
    TableImportError,
)

# contract field -> candidate column names (compared normalised, see importing.norm)
FIELD_DEFAULTS: dict[str, tuple[str, ...]] = {
    "lead_id": ("Id", "LeadId", "Lead ID", "hs_object_id", "Record ID", "vid", "contact_id", "id"),
    "company": ("Company", "Company Name", "account_name", "organization"),
    "domain": ("Website", "Website URL", "domain", "Company Domain Name", "company_domain"),
    "industry": ("Industry",),
    "employee_count": (
        "NumberOfEmployees", "Number of Employees", "employees", "employee_count", "company_size",
    ),
    "annual_revenue": ("AnnualRevenue", "Annual Revenue", "revenue"),
    "country": ("Country", "Country/Region", "BillingCountry", "country_code"),
    "title": ("Title", "jobtitle", "Job Title"),
    "email": ("Email", "Email Address", "email_address"),
    "first_name": ("FirstName", "First Name"),
    "last_name": ("LastName", "Last Name"),
    "department": ("Department",),
    "seniority": ("Seniority", "hs_seniority"),
    "lead_source": ("LeadSource", "Lead Source", "hs_analytics_source", "Original Source"),
    "created_date": ("CreatedDate", "createdate", "Create Date", "created_date", "created_at"),
    "last_activity_date": (
        "LastActivityDate", "Last Activity Date", "notes_last_updated",
        "hs_last_sales_activity_timestamp", "last_activity_at",
    ),
    "converted": ("IsConverted", "converted", "is_converted", "lifecyclestage", "Lifecycle Stage"),
    "amount": ("Amount", "recent_deal_amount", "Recent Deal Amount"),
}  # fmt: skip
FIELDS = tuple(FIELD_DEFAULTS)

# activity count column (normalised) -> "event_type" or "event_type:event_detail"
ACTIVITY_DEFAULTS: dict[str, str] = {
    "email_opens": "email_open",
    "emails_opened": "email_open",
    "hs_email_open": "email_open",
    "marketing_emails_opened": "email_open",
    "email_clicks": "email_click",
    "emails_clicked": "email_click",
    "hs_email_click": "email_click",
    "marketing_emails_clicked": "email_click",
    "email_replies": "email_reply",
    "hs_email_replied": "email_reply",
    "marketing_emails_replied": "email_reply",
    "web_visits": "page_view",
    "website_visits": "page_view",
    "page_views": "page_view",
    "hs_analytics_num_page_views": "page_view",
    "number_of_pageviews": "page_view",
    "pricing_page_views": "page_view:pricing",
    "pricing_views": "page_view:pricing",
    "demo_requested": "demo_request",
    "demo_requests": "demo_request",
    "trial_signups": "trial_signup",
    "content_downloads": "content_download",
    "downloads": "content_download",
    # HubSpot form submissions: mostly gated content
    "num_conversion_events": "content_download",
    "number_of_form_submissions": "content_download",
    "webinar_attended": "webinar_attended",
    "webinars_attended": "webinar_attended",
    "events_attended": "event_attended",
    "meetings_held": "meeting_held",
}
CONVERTED_DEFAULTS = ("true", "1", "yes", "y", "t", "converted", "customer", "closed_won")
MAPPING_KEYS = {
    "columns",
    "converted_values",
    "activities",
    "date_format",
    "drop_columns",
    "accounts",
}
ACCOUNT_MODES = ("auto", "company", "person")
UNDATED_COLUMN = "activity_undated"  # contacts: the lead's activity counts had no date
NO_DATE_CREATED_DAYS = 30  # a table without any date: leads created this long before as-of

SPREAD_DAYS = 30  # events without a last-activity date: spread over this many days up to as_of
DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MAX_COUNT = 100_000  # an activity count above this is taken for a data error
LeadImportError = TableImportError  # the name the lead importer raises
