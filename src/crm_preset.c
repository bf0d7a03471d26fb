/* crm_preset.c — the tables of crm_preset.h.
 *
 * The labels are those of each CRM's own export in English, as a user gets them without changing a view:
 * Salesforce's report export (field labels: "Account ID", "Close Date"), HubSpot's export of companies and
 * deals (property labels: "Record ID", "Deal Stage"), Dynamics 365's "Export to Excel" of the account and
 * opportunity views (the hidden "(Do Not Modify) Account" key, "Est. Revenue"), Pipedrive's export of
 * organizations and deals ("Organization - ID", "Deal - Value"). The partner programme's own stages
 * (approached_on ... onboarding_cost) are custom fields in every CRM: no preset can know their labels, so
 * validate says so and the user maps them in [columns].
 */
#include "partnerfunnel/crm_preset.h"

#include <stddef.h>
#include <strings.h>

const char *const pf_crm_names[PF_CRM_COUNT] = {"", "salesforce", "hubspot", "dynamics", "pipedrive"};

static const char *const titles[PF_CRM_COUNT] = {"", "Salesforce", "HubSpot", "Dynamics 365", "Pipedrive"};

static const char *const salesforce[PF_COL_COUNT] = {
    [PF_COL_PARTNER_ID] = "Account ID",     [PF_COL_NAME] = "Account Name",
    [PF_COL_COMPANY_ID] = "D-U-N-S Number", [PF_COL_CATEGORY] = "Type",
    [PF_COL_MARKET] = "Billing Country",    [PF_COL_SOURCE] = "Account Source",
    [PF_COL_RECRUITER] = "Account Owner",   [PF_COL_LISTED_ON] = "Created Date",
    [PF_COL_DEAL_ID] = "Opportunity ID",    [PF_COL_DEAL_PARTNER_ID] = "Account ID",
    [PF_COL_DEAL_STATUS] = "Stage",         [PF_COL_DEAL_CLOSED_ON] = "Close Date",
    [PF_COL_DEAL_AMOUNT] = "Amount",
};

static const char *const hubspot[PF_COL_COUNT] = {
    [PF_COL_PARTNER_ID] = "Record ID",
    [PF_COL_NAME] = "Company name",
    [PF_COL_CATEGORY] = "Type",
    [PF_COL_MARKET] = "Country/Region",
    [PF_COL_SOURCE] = "Original Traffic Source",
    [PF_COL_RECRUITER] = "Company owner",
    [PF_COL_LISTED_ON] = "Create Date",
    [PF_COL_DEAL_ID] = "Record ID",
    [PF_COL_DEAL_PARTNER_ID] = "Associated Company IDs",
    [PF_COL_DEAL_STATUS] = "Deal Stage",
    [PF_COL_DEAL_CLOSED_ON] = "Close Date",
    [PF_COL_DEAL_AMOUNT] = "Amount",
};

static const char *const dynamics[PF_COL_COUNT] = {
    [PF_COL_PARTNER_ID] = "(Do Not Modify) Account",
    [PF_COL_NAME] = "Account Name",
    [PF_COL_CATEGORY] = "Relationship Type",
    [PF_COL_MARKET] = "Address 1: Country/Region",
    [PF_COL_RECRUITER] = "Owner",
    [PF_COL_LISTED_ON] = "Created On",
    [PF_COL_DEAL_ID] = "(Do Not Modify) Opportunity",
    [PF_COL_DEAL_STATUS] = "Status",
    [PF_COL_DEAL_CLOSED_ON] = "Actual Close Date",
    [PF_COL_DEAL_AMOUNT] = "Est. Revenue",
};

static const char *const pipedrive[PF_COL_COUNT] = {
    [PF_COL_PARTNER_ID] = "Organization - ID",
    [PF_COL_NAME] = "Organization - Name",
    [PF_COL_CATEGORY] = "Organization - Label",
    [PF_COL_RECRUITER] = "Organization - Owner",
    [PF_COL_LISTED_ON] = "Organization - Organization created",
    [PF_COL_DEAL_ID] = "Deal - ID",
    [PF_COL_DEAL_PARTNER_ID] = "Organization - ID",
    [PF_COL_DEAL_STATUS] = "Deal - Status",
    [PF_COL_DEAL_CLOSED_ON] = "Deal - Deal closed on",
    [PF_COL_DEAL_AMOUNT] = "Deal - Value",
};

static const char *const *const headers[PF_CRM_COUNT] = {NULL, salesforce, hubspot, dynamics, pipedrive};

/* What a user must know about a column the preset leaves out, or maps with a caveat. */
static const struct {
    pf_crm crm;
    pf_column column;
    const char *note;
} notes[] = {
    {PF_CRM_HUBSPOT, PF_COL_COMPANY_ID, "HubSpot has no registry number (the domain is none): add a property"},
    {PF_CRM_HUBSPOT, PF_COL_DEAL_PARTNER_ID,
     "a deal associated with several companies lists them all ('1;2'): keep the partner only"},
    {PF_CRM_DYNAMICS, PF_COL_COMPANY_ID, "Dynamics 365 has no registry number: add a column"},
    {PF_CRM_DYNAMICS, PF_COL_SOURCE, "no standard Dynamics 365 column for how the account was found"},
    {PF_CRM_DYNAMICS, PF_COL_DEAL_PARTNER_ID,
     "the opportunity view names its account, never its key: add e.g. 'Account Number' to both views"},
    {PF_CRM_DYNAMICS, PF_COL_DEAL_AMOUNT, "'Actual Revenue' is the won amount, if you keep it apart"},
    {PF_CRM_PIPEDRIVE, PF_COL_COMPANY_ID, "Pipedrive has no registry number: add an organization field"},
    {PF_CRM_PIPEDRIVE, PF_COL_MARKET, "Pipedrive keeps the country inside the address: add a field"},
    {PF_CRM_PIPEDRIVE, PF_COL_SOURCE, "no standard Pipedrive field for how the organization was found"},
    {PF_CRM_PIPEDRIVE, PF_COL_DEAL_CLOSED_ON,
     "'Deal - Won time' dates won deals only; lost ones need a date too"},
};

int crm_preset_parse(const char *text, pf_crm *out)
{
    for (int crm = PF_CRM_NONE + 1; crm < PF_CRM_COUNT; crm++)
        if (strcasecmp(text, pf_crm_names[crm]) == 0) {
            *out = (pf_crm)crm;
            return 1;
        }
    return 0;
}

const char *crm_preset_header(pf_crm crm, pf_column c)
{
    if (crm <= PF_CRM_NONE || crm >= PF_CRM_COUNT || c < 0 || c >= PF_COL_COUNT)
        return NULL;
    return headers[crm][c];
}

const char *crm_preset_note(pf_crm crm, pf_column c)
{
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
        if (notes[i].crm == crm && notes[i].column == c)
            return notes[i].note;
    return NULL;
}

const char *crm_preset_title(pf_crm crm)
{
    return crm > PF_CRM_NONE && crm < PF_CRM_COUNT ? titles[crm] : "";
}
