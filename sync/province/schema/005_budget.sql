-- 005_budget.sql — each county's budget for a year as the county makes it
-- (`doorstep-county budget --year Y`), sent by its feed for the year of its
-- day: the province may not see incomes, so it cannot project by itself.
-- A row a month: actual (the month's payment roll) or projected, the
-- outlay in fen, the households paid, of them regular and withdrawal
-- payments; the county's log position and day the figures were made at,
-- and the policy in force. sig is the county's Ed25519 signature over the
-- row's canonical bytes (sync/provbudget.h): the province reports a figure
-- only once it verifies under the county's enrolled key.
CREATE TABLE budget (
	county      text NOT NULL,
	year        integer NOT NULL,
	month       integer NOT NULL CHECK (month BETWEEN 1 AND 12),
	log_seq     bigint NOT NULL,
	as_of       date NOT NULL,
	policy      text NOT NULL,
	kind        text NOT NULL,
	amount_fen  bigint NOT NULL,
	households  bigint NOT NULL,
	regular     bigint NOT NULL,
	withdrawal  bigint NOT NULL,
	sig         bytea NOT NULL CHECK (length(sig) = 64),
	received    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (county, year, month)
) PARTITION BY LIST (county);
