-- Extensions and SQL functions every later migration relies on. Custom migration (drizzle-kit
-- generate --custom): drizzle-kit does not manage extensions or functions.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;--> statement-breakpoint
-- Accent-insensitive, case-insensitive form of Vietnamese text: 'Đất Đai' and 'dat dai' both
-- become 'dat dai'. unaccent runs first because lower() on a C-locale database folds ASCII
-- only. The dictionary is named with its schema so the function is safe to mark IMMUTABLE and
-- to use in generated columns and indexes.
CREATE OR REPLACE FUNCTION vn_norm(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$;
