# End-to-end cases of the CRM header presets (--crm, [input] crm): one small export per CRM in its own
# standard headers gives the figures of fixtures/crm/canonical; validate prints the preset as a [columns]
# block that, pasted into a settings file, gives the same figures again (sourced by tests/e2e.sh after
# crm_shapes.sh, whose figures_of and same_figures it uses).

same_figures fixtures/crm/salesforce crm-salesforce --crm salesforce
same_figures fixtures/crm/hubspot crm-hubspot
same_figures fixtures/crm/dynamics crm-dynamics
same_figures fixtures/crm/pipedrive crm-pipedrive --crm PipeDrive
expect 0 "" -- validate fixtures/crm/salesforce --crm salesforce --strict
expect 0 "" -- validate fixtures/crm/hubspot --strict
expect 0 "" -- validate fixtures/crm/dynamics --strict
expect 0 "" -- validate fixtures/crm/pipedrive --crm pipedrive --strict

# without the preset, the CRM's headers are not the data contract's
expect 65 "partnerfunnel: fixtures/crm/pipedrive/partners.csv:1: required column 'partner_id' not found; name it so in the header or map it with 'partner_id = <your header>' in [columns] of the settings" -- \
    validate fixtures/crm/pipedrive

# the option wins over the settings; an unknown CRM is a usage error listing the four
expect 64 "partnerfunnel: option '--crm': 'zoho' is not one of salesforce, hubspot, dynamics, pipedrive
Try 'partnerfunnel report --help' for more information." -- report fixtures/crm/hubspot --crm zoho
printf '[input]\ncrm = sap\n' >"$TMP/crm-sap.ini"
expect 78 "partnerfunnel: $TMP/crm-sap.ini:2: key 'crm' in [input]: 'sap' is not one of salesforce, hubspot, dynamics, pipedrive
>>> crm = sap" -- validate fixtures/crm/canonical --config "$TMP/crm-sap.ini"

# validate's printed block is a settings file: pasted alone, it reads the export as the preset did
for crm in salesforce hubspot pipedrive; do
    "$BIN" validate "fixtures/crm/$crm" --crm "$crm" >"$TMP/crm-$crm.validate" 2>&1
    if grep -q "^    found by --crm $crm: partner_id = " "$TMP/crm-$crm.validate"; then pass; else
        fail "validate --crm $crm: no 'found by --crm $crm' line"; fi
    sed -n '/^\[columns\]$/,/^$/p' "$TMP/crm-$crm.validate" >"$TMP/crm-$crm.ini"
    same_figures "fixtures/crm/$crm" "crm-$crm-pasted" --config "$TMP/crm-$crm.ini"
done
if grep -q "^deals.partner_id = Associated Company IDs$" "$TMP/crm-hubspot.ini" &&
    grep -q "^partners.partner_id = Record ID$" "$TMP/crm-hubspot.ini" &&
    grep -q "^; partners: no standard HubSpot field for approached_on" "$TMP/crm-hubspot.ini"; then pass; else
    fail "validate --crm hubspot: the [columns] block lacks the per-file partner_id lines or the custom-field note"; fi
# Dynamics: the preset has no deals.partner_id (the opportunity view names its account), and says so
"$BIN" validate fixtures/crm/dynamics >"$TMP/crm-dynamics.validate" 2>&1
if grep -q "^; deals.partner_id: the opportunity view names its account" "$TMP/crm-dynamics.validate" &&
    grep -q "found by \[columns\]: partner_id = Account Number (Account)" "$TMP/crm-dynamics.validate"; then pass; else
    fail "validate dynamics: the note on deals.partner_id or the [columns] mapping over the preset is missing"; fi

# [columns] file.column keys: a file that is none, a column that file does not have
printf '[columns]\naccounts.partner_id = Account ID\n' >"$TMP/crm-file.ini"
expect 78 "partnerfunnel: $TMP/crm-file.ini:2: key 'accounts.partner_id' in [columns]: 'accounts' is not one of the files partners, deals, costs
>>> accounts.partner_id = Account ID" -- validate fixtures/crm/canonical --config "$TMP/crm-file.ini"
printf '[columns]\ndeals.name = Account Name\n' >"$TMP/crm-column.ini"
expect 78 "partnerfunnel: $TMP/crm-column.ini:2: key 'deals.name' in [columns]: no such column in deals (its columns are deal_id, partner_id, status, closed_on, amount)
>>> deals.name = Account Name" -- validate fixtures/crm/canonical --config "$TMP/crm-column.ini"
printf '[columns]\npartner_id = Account ID\ndeals.partner_id = Opportunity Account\n' >"$TMP/crm-twice.ini"
expect 78 "partnerfunnel: $TMP/crm-twice.ini:3: key 'deals.partner_id' in [columns]: mapped twice (first on line 2); keep one
>>> deals.partner_id = Opportunity Account" -- validate fixtures/crm/canonical --config "$TMP/crm-twice.ini"
# a file-only mapping that its file does not use is an error, as an unshared one is
printf 'date,category,amount\n2024-03-15,training,1500\n' >"$TMP/crm-costs.csv"
printf '[columns]\ncosts.partner_id = Partner Ref\n' >"$TMP/crm-unused.ini"
expect 78 "partnerfunnel: $TMP/crm-unused.ini:2: [columns] partner_id = Partner Ref: $TMP/crm-costs.csv has no column 'Partner Ref' (nor 'partner_id'); write the header as it is in the first line of the file" -- \
    validate fixtures/crm/canonical --costs "$TMP/crm-costs.csv" --config "$TMP/crm-unused.ini"
