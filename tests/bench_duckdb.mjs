// `make bench`'s DuckDB peer: the headline figures of `partnerfunnel report --json` computed by DuckDB in one
// SQL query straight from the three CSV files, for a side-by-side time (tests/bench.sh runs it).
// Usage: node tests/bench_duckdb.mjs MODULES_DIR EXPORT_DIR
// (MODULES_DIR holds node_modules/@duckdb/node-api, installed by the bench into build/duckdb.)
//
// What it computes, per docs/definitions.md: the funnel counts (a stage reached by its own evidence or any
// later one, first_deal apart), mature, active and bad recruits after window_months (6) with one won deal
// in the window, the cost of the mature partners and of the bad recruits (the two cost columns and the
// partner's costs.csv lines up to as_of), the programme overhead, the Kaplan-Meier median days to the first
// deal and the 9-month at-risk band.
// What it computes less than partnerfunnel: no intervals (Wilson, Greenwood), no implied-stage counts, no
// row accounting (rejects, warnings, duplicate ids: DuckDB's CSV reader stops or guesses instead), no
// digests, no segments, tests or trend; as_of is read from partnerfunnel.ini's `as_of =` line.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [modules, dir] = process.argv.slice(2);
if (!modules || !dir) {
    console.error('usage: node tests/bench_duckdb.mjs MODULES_DIR EXPORT_DIR');
    process.exit(64);
}
const require = createRequire(path.resolve(modules) + '/');
const { DuckDBInstance } = require('@duckdb/node-api');

const ini = readFileSync(path.join(dir, 'partnerfunnel.ini'), 'utf8');
const asOf = (ini.match(/^\s*as_of\s*=\s*(\d{4}-\d{2}-\d{2})/m) || [])[1];
if (!asOf) {
    console.error('bench_duckdb: no as_of in partnerfunnel.ini');
    process.exit(65);
}
const file = (name) => `'${path.join(dir, name).replace(/'/g, "''")}'`;
const dates = ['listed_on', 'approached_on', 'applied_on', 'committee_on', 'signed_on', 'kickoff_on',
    'business_plan_on', 'tech_autonomy_on', 'sales_autonomy_on', 'ended_on'];
const partnerTypes = Object.fromEntries([['partner_id', 'VARCHAR'], ['company_id', 'VARCHAR'],
    ['decision', 'VARCHAR'], ['recruitment_cost', 'DOUBLE'], ['onboarding_cost', 'DOUBLE'],
    ...dates.map((d) => [d, 'DATE'])]);
const types = (t) => `{${Object.entries(t).map(([k, v]) => `'${k}': '${v}'`).join(', ')}}`;

const sql = `
WITH
p AS (SELECT * FROM read_csv(${file('partners.csv')}, header = true, types = ${types(partnerTypes)})),
d AS (SELECT * FROM read_csv(${file('deals.csv')}, header = true,
        types = {'partner_id': 'VARCHAR', 'closed_on': 'DATE', 'amount': 'DOUBLE'})),
c AS (SELECT * FROM read_csv(${file('costs.csv')}, header = true,
        types = {'date': 'DATE', 'partner_id': 'VARCHAR', 'amount': 'DOUBLE'})),
a AS (SELECT DATE '${asOf}' AS as_of),
ps AS (SELECT p.*, CASE WHEN signed_on <= as_of THEN signed_on END AS signed,
              CASE WHEN signed_on <= as_of THEN signed_on + INTERVAL 6 MONTH END AS mark,
              CASE WHEN ended_on <= as_of THEN ended_on END AS ended, as_of
       FROM p, a),
won AS (SELECT ps.partner_id, min(d.closed_on) AS first_won,
               count(*) FILTER (WHERE d.closed_on <= ps.mark AND (ps.ended IS NULL OR ps.ended >= ps.mark))
                   AS won_in_window
        FROM ps JOIN d ON d.partner_id = ps.partner_id
        WHERE d.status = 'won' AND ps.signed IS NOT NULL AND d.closed_on >= ps.signed AND d.closed_on <= ps.as_of
              AND (ps.ended IS NULL OR d.closed_on <= ps.ended)
        GROUP BY ps.partner_id),
pc AS (SELECT partner_id, sum(amount) AS amount FROM c, a
       WHERE partner_id IS NOT NULL AND date <= as_of GROUP BY partner_id),
x AS (SELECT ps.*, won.first_won, coalesce(won.won_in_window, 0) AS won_in_window,
             coalesce(recruitment_cost, 0) + coalesce(onboarding_cost, 0) + coalesce(pc.amount, 0) AS cost,
             CASE WHEN kickoff_on <= as_of THEN 6
                  WHEN signed IS NOT NULL THEN 5
                  WHEN committee_on <= as_of AND decision = 'approved' THEN 4
                  WHEN committee_on <= as_of THEN 3
                  WHEN applied_on <= as_of THEN 2
                  WHEN approached_on <= as_of THEN 1
                  ELSE 0 END AS stage,
             mark <= as_of AS mature
      FROM ps LEFT JOIN won USING (partner_id) LEFT JOIN pc USING (partner_id)),
km_in AS (SELECT greatest(0, CASE WHEN first_won IS NOT NULL THEN first_won - signed
                                  ELSE least(coalesce(ended, as_of), as_of) - signed END) AS t,
                 first_won IS NOT NULL AS event
          FROM x WHERE signed IS NOT NULL),
km_t AS (SELECT t, count(*) FILTER (WHERE event) AS events, count(*) AS leaving FROM km_in GROUP BY t),
km AS (SELECT t, exp(sum(ln(1 - events / at_risk)) OVER (ORDER BY t)) AS survival
       FROM (SELECT t, events, sum(leaving) OVER (ORDER BY t DESC) AS at_risk FROM km_t)
       WHERE events < at_risk)
SELECT
    count(*) AS listed,
    count(*) FILTER (WHERE stage >= 1) AS approached,
    count(*) FILTER (WHERE stage >= 2) AS applied,
    count(*) FILTER (WHERE stage >= 3) AS reviewed,
    count(*) FILTER (WHERE stage >= 4) AS approved,
    count(*) FILTER (WHERE stage >= 5) AS signed,
    count(*) FILTER (WHERE stage >= 6) AS kicked_off,
    count(*) FILTER (WHERE first_won IS NOT NULL) AS first_deal,
    count(*) FILTER (WHERE mature) AS mature,
    count(*) FILTER (WHERE mature AND won_in_window >= 1) AS active,
    count(*) FILTER (WHERE mature AND won_in_window = 0) AS bad_recruits,
    sum(cost) FILTER (WHERE mature) AS mature_partners_cost,
    sum(cost) FILTER (WHERE mature AND won_in_window = 0) AS bad_recruits_cost,
    (SELECT sum(amount) FROM c, a WHERE partner_id IS NULL AND date <= as_of) AS overhead,
    (SELECT min(t) FROM km WHERE survival <= 0.5) AS km_median_days,
    count(*) FILTER (WHERE signed IS NOT NULL AND ended IS NULL AND first_won IS NULL
                     AND signed + INTERVAL 9 MONTH <= as_of) AS consider_ending_9_months
FROM x`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const result = await connection.runAndReadAll(sql);
console.log(JSON.stringify(result.getRowObjectsJson()[0]));
