-- 001_init.sql — the province's first schema: the counties enrolled, the
-- inbox of their signed records, and the reporting tables projected from
-- it (households, persons by pseudonym, monthly payments). Every table is
-- partitioned by the county code, which is in every key, so that the same
-- schema distributes on Citus by that column (sync/province/PROVINCE.md).
-- A county's partitions are made by `doorstep-province county add`.

-- The counties enrolled: the county's Ed25519 public key (its records are
-- signed with it), and how far `take` has checked and projected its inbox.
CREATE TABLE county (
	county      text NOT NULL CHECK (county ~ '^[0-9]{6}$'),
	sign_pk     bytea NOT NULL CHECK (length(sign_pk) = 32),
	key_id      text NOT NULL,
	enrolled    timestamptz NOT NULL DEFAULT now(),
	taken_seq   bigint NOT NULL DEFAULT 0,
	taken_hash  bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000',
	taken_at    timestamptz,
	PRIMARY KEY (county)
) PARTITION BY LIST (county);

-- What the counties' feeds send: one record per event of the county's log,
-- in the county's order (seq), hash-chained and signed by the county. The
-- event's identity (device, epoch, dseq) is the key a record sent again
-- meets, so that sending again changes nothing. fields is the JSON text
-- exactly as hashed; it is checked before anything is read from it. sig,
-- the county's signature over hash, is on every 1000th record and the last
-- of each of the feed's transactions (NULL on the others): it vouches for
-- the chain up to it.
CREATE TABLE inbox (
	county   text NOT NULL,
	device   text NOT NULL,
	epoch    bigint NOT NULL,
	dseq     bigint NOT NULL,
	seq      bigint NOT NULL,
	kind     text NOT NULL,
	day      date NOT NULL,
	author   text NOT NULL,
	entity   text NOT NULL,
	fields   text NOT NULL,
	prev     bytea NOT NULL,
	hash     bytea NOT NULL,
	sig      bytea CHECK (sig IS NULL OR length(sig) = 64),
	received timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (county, device, epoch, dseq),
	UNIQUE (county, seq)
) PARTITION BY LIST (county);

-- A household as the province may see it: its random id, its area, its
-- size, its case's state, its allowance in fen, who entered it.
CREATE TABLE household (
	county        text NOT NULL,
	household     text NOT NULL,
	region        text NOT NULL DEFAULT '',
	township      text NOT NULL DEFAULT '',
	township_name text NOT NULL DEFAULT '',
	village       text NOT NULL DEFAULT '',
	village_name  text NOT NULL DEFAULT '',
	size          integer NOT NULL DEFAULT 0,
	status        text NOT NULL DEFAULT 'applying',
	allowance_fen bigint NOT NULL DEFAULT 0,
	assistant     text NOT NULL DEFAULT '',
	created       date,
	updated       date,
	seq           bigint NOT NULL,
	PRIMARY KEY (county, household)
) PARTITION BY LIST (county);

-- The members of a household, each only as a pseudonym: keyed BLAKE2b-256
-- of the normalised ID number under the province key (the same person has
-- the same pseudonym in every county).
CREATE TABLE person (
	county    text NOT NULL,
	household text NOT NULL,
	pseudonym bytea NOT NULL CHECK (length(pseudonym) = 32),
	relation  text NOT NULL DEFAULT '',
	PRIMARY KEY (county, household, pseudonym)
) PARTITION BY LIST (county);

-- A county's issued payment roll, month by month: its totals, and its
-- lines (a household, the kind of line, the month paid, the amount in
-- fen). month is the first day of the roll's month.
CREATE TABLE roll (
	county     text NOT NULL,
	month      date NOT NULL,
	day        date NOT NULL,
	households integer NOT NULL,
	lines      integer NOT NULL,
	total_fen  bigint NOT NULL,
	PRIMARY KEY (county, month)
) PARTITION BY LIST (county);

CREATE TABLE payment (
	county     text NOT NULL,
	month      date NOT NULL,
	household  text NOT NULL,
	kind       text NOT NULL,
	paid_month date NOT NULL,
	amount_fen bigint NOT NULL,
	members    integer NOT NULL,
	PRIMARY KEY (county, month, household, kind, paid_month)
) PARTITION BY LIST (county);
