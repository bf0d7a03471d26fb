/* crm_preset.h — header presets for the standard exports of four CRMs (`--crm salesforce|hubspot|dynamics|
 * pipedrive`, or `[input] crm = …`): the column labels their exports of accounts/companies and
 * opportunities/deals use, mapped onto the canonical columns (docs/manual.md "CRM header presets").
 *
 * A preset sits between the user's [columns] (which wins) and the built-in names (which it wins over); the
 * model applies it (model.c, map_header), validate prints it as a [columns] block to copy and edit.
 *
 * Owns: static, read-only tables (never freed, safe to share between threads).
 */
#ifndef PARTNERFUNNEL_CRM_PRESET_H
#define PARTNERFUNNEL_CRM_PRESET_H

#include "partnerfunnel/schema.h"

typedef enum pf_crm {
    PF_CRM_NONE = 0, /**< no preset: canonical and built-in names only */
    PF_CRM_SALESFORCE,
    PF_CRM_HUBSPOT,
    PF_CRM_DYNAMICS,
    PF_CRM_PIPEDRIVE,
    PF_CRM_COUNT
} pf_crm;

/** "salesforce", "hubspot", "dynamics", "pipedrive" by pf_crm ("" for PF_CRM_NONE). */
extern const char *const pf_crm_names[PF_CRM_COUNT];

/** The names the option and the settings take, for messages: "salesforce, hubspot, dynamics, pipedrive". */
#define PF_CRM_NAME_LIST "salesforce, hubspot, dynamics, pipedrive"

/** The preset named text (any case) into *out; 0 when text names none of the four. */
int crm_preset_parse(const char *text, pf_crm *out);

/** The header of the CRM's standard export that holds column c, NULL when the CRM has no standard field
 *  for it (or crm is PF_CRM_NONE). */
const char *crm_preset_header(pf_crm crm, pf_column c);

/** What the user must know about column c in this CRM's export: why it has no standard field and what to
 *  do, or a caveat on the field mapped (one line, under 120 bytes); NULL when nothing need be said. */
const char *crm_preset_note(pf_crm crm, pf_column c);

/** The display name of the CRM ("Salesforce", "HubSpot", "Dynamics 365", "Pipedrive"). */
const char *crm_preset_title(pf_crm crm);

#endif
