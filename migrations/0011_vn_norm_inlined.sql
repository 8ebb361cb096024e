-- vn_norm again, with the same result, in a form PostgreSQL can inline. unaccent(regdictionary,
-- text) is declared STABLE by its extension, and PostgreSQL does not inline an IMMUTABLE SQL
-- function whose body calls a STABLE one: every ticket written called vn_norm through the SQL
-- function executor (5 % of PostgreSQL's CPU in ticket creation, measured with perf). The same
-- C function of the unaccent module, declared IMMUTABLE here (the dictionary is named with its
-- schema and never changes while it runs), lets vn_norm fold into the calling expression.
CREATE OR REPLACE FUNCTION unaccent_immutable(regdictionary, text) RETURNS text
  LANGUAGE c IMMUTABLE PARALLEL SAFE STRICT
  AS '$libdir/unaccent', 'unaccent_dict';--> statement-breakpoint
CREATE OR REPLACE FUNCTION vn_norm(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent_immutable('public.unaccent'::regdictionary, input)) $$;
