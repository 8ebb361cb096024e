-- Search reads the whole GIN pending list on every query: keep it at 256 kB instead of 4 MB.
-- drizzle-kit generated DROP INDEX + CREATE INDEX for this change; edited by hand to an ALTER,
-- which changes the setting in place instead of rebuilding the index of every ticket.
ALTER INDEX "tickets_search_idx" SET (gin_pending_list_limit = 256);
