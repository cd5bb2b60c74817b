-- The Excel import (issue 7) reports more than the seed's four counters, resumes a run that was
-- killed half way, and remembers how it read the file:
--   dry_run            validate and count, write nothing to the book
--   sheet_name, header_row, column_mapping   where the header was found and what each column meant
--   created/updated/unchanged/duplicate_records   outcome counts (failed_records = rejected rows)
--   committed_through_row   the last sheet row whose outcome is committed: each batch commits its
--                      book writes, its rejected rows and this watermark in one transaction, so a retry
--                      skips what is done and loses nothing
--   lease_until        the run in progress holds the job until then (renewed every batch); a second
--                      delivery of the same S3 event waits, a retry after a crash takes over.
ALTER TABLE ${tenant_schema}.import_jobs
    ADD COLUMN dry_run               boolean      NOT NULL DEFAULT false,
    ADD COLUMN sheet_name            varchar(200),
    ADD COLUMN header_row            integer,
    ADD COLUMN column_mapping        jsonb,
    ADD COLUMN created_records       integer      NOT NULL DEFAULT 0,
    ADD COLUMN updated_records       integer      NOT NULL DEFAULT 0,
    ADD COLUMN unchanged_records     integer      NOT NULL DEFAULT 0,
    ADD COLUMN duplicate_records     integer      NOT NULL DEFAULT 0,
    ADD COLUMN committed_through_row integer      NOT NULL DEFAULT 0,
    ADD COLUMN lease_until           timestamptz;
