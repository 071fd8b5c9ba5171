-- 002_feed_contact.sql — when each county's feed last reached the
-- province, whether or not it had anything new: what `report late` reads.
-- (A county whose log did not change still feeds; its inbox alone would
-- make it look late.)
ALTER TABLE county ADD COLUMN fed_at timestamptz;
