"""Words the console shows that come from data, not from code: process and step statuses,
lifecycle states, kinds of history entries, workflow targets. The console translates them
when it shows them (`{% translate value %}`, `gettext(value)`); they are declared here so
that `makemessages` finds them and keeps their translations in locale/*/django.po."""

from django.utils.translation import gettext_noop

PROCESS_STATUSES = [
    gettext_noop("created"), gettext_noop("running"), gettext_noop("suspended"), gettext_noop("waiting"),
    gettext_noop("awaiting_callback"), gettext_noop("aborted"), gettext_noop("failed"),
    gettext_noop("api_unavailable"), gettext_noop("inconsistent_data"), gettext_noop("completed"),
    gettext_noop("resumed"),
]  # fmt: skip
STEP_STATUSES = [
    gettext_noop("success"), gettext_noop("skipped"), gettext_noop("suspend"), gettext_noop("abort"),
    gettext_noop("complete"),
]  # fmt: skip
LIFECYCLE_STATES = [
    gettext_noop("initial"), gettext_noop("provisioning"), gettext_noop("active"), gettext_noop("disabled"),
    gettext_noop("migrating"), gettext_noop("terminated"),
]  # fmt: skip
HISTORY_KINDS = [gettext_noop("created"), gettext_noop("changed"), gettext_noop("deleted")]
BLOCK_FIELD_LABELS = [gettext_noop("Ims id"), gettext_noop("Nrm id"), gettext_noop("Description")]
