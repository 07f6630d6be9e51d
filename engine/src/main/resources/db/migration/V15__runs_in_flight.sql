-- Runs waiting for a person's approval are in flight too: the reconciler and the pending-approvals gauge look
-- them up with the runs that are RUNNING.
DROP INDEX IF EXISTS runs_in_flight;
CREATE INDEX runs_in_flight ON runs (status) WHERE status IN ('RUNNING', 'AWAITING_APPROVAL');
