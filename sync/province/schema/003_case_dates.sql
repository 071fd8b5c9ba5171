-- 003_case_dates.sql — what a household's case says beyond its state, for
-- the withdrawals report: the last month of a withdrawal (渐退) schedule
-- ('' when none), and the day the decision in force took effect.
ALTER TABLE household ADD COLUMN transition_last text NOT NULL DEFAULT '';
ALTER TABLE household ADD COLUMN decided date;
