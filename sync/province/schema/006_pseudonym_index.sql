-- 006_pseudonym_index.sql — persons found by pseudonym: the duplicates
-- report, and each county's feed asking which of its paid persons another
-- county paid in the same month (sync/county/relay.c), look a pseudonym up
-- across every county's partition. Without this index each such question
-- reads every person of the province; with it, a county's feed costs a
-- look-up per person it paid. An index on the partitioned table is made on
-- every partition, and on each a county's enrolment adds.
CREATE INDEX person_pseudonym ON person (pseudonym, county, household);
