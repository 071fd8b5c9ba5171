-- 004_appeals.sql — a household's open appeal, for the appeals report:
-- the day it was received and the day it is to be decided by (from its
-- case's steps: appeal_received, appeal_deadline), and whether it is still
-- open (filed and not yet decided). A new decision clears the three, as
-- the case does.
ALTER TABLE household ADD COLUMN appeal_received date;
ALTER TABLE household ADD COLUMN appeal_deadline date;
ALTER TABLE household ADD COLUMN appeal_open boolean NOT NULL DEFAULT false;
