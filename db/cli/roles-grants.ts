import { sql } from "drizzle-orm";
import type { Db } from "#db/client";

/** The app may read and append to these, never change or remove a row. */
export const APPEND_ONLY_TABLES = ["audit_entry"] as const;
/** The app gets no right at all on these: only SECURITY DEFINER triggers owned by the migration role write them. */
export const NO_ACCESS_TABLES = ["audit_chain_head"] as const;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/u;

export type AppRoleOptions = { role: string; password?: string };
export type AppRoleResult = { created: boolean; passwordSet: boolean };

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function one<T>(db: Db, query: ReturnType<typeof sql>): Promise<T | undefined> {
  return rowsOf<T>(await db.execute(query))[0];
}

/** The statement text with every value quoted by PostgreSQL's own format(), so a password can hold anything. */
async function formatted(db: Db, template: string, ...values: string[]): Promise<string> {
  const args = values.map((value) => sql`${value}::text`);
  const row = await one<{ statement: string }>(
    db,
    sql`SELECT format(${template}::text, ${sql.join(args, sql`, `)}) AS statement`,
  );
  return row!.statement;
}

/**
 * Why the role must not be the app's, or null. The app role must not be able to become the owner:
 * not the owner itself, not a member of it (SET ROLE), not a superuser, not an owner of anything here.
 */
async function unsafeRole(db: Db, role: string): Promise<string | null> {
  const found = await one<{ is_owner: boolean; privileged: boolean; owns: number }>(
    db,
    sql`SELECT r.rolname = current_user AS is_owner, r.rolsuper OR r.rolbypassrls OR r.rolcreaterole OR r.rolcreatedb AS privileged,
               (SELECT count(*)::int FROM pg_class c WHERE pg_has_role(r.oid, c.relowner, 'MEMBER'))
                 + (SELECT count(*)::int FROM pg_namespace n WHERE pg_has_role(r.oid, n.nspowner, 'MEMBER'))
                 + (SELECT count(*)::int FROM pg_proc p WHERE pg_has_role(r.oid, p.proowner, 'MEMBER')) AS owns
        FROM pg_roles r WHERE r.rolname = ${role}`,
  );
  if (!found) {
    return null;
  }
  if (found.is_owner) {
    return `${role} is the role running this command, the owner of the tables: the app needs a role of its own`;
  }
  if (found.privileged) {
    return `${role} is a superuser or has BYPASSRLS, CREATEROLE or CREATEDB: the app role must have none of them`;
  }
  if (found.owns > 0) {
    return `${role} owns, or is a member of a role that owns, ${found.owns} objects in this database (an owner can disable triggers): revoke that first`;
  }
  return null;
}

/**
 * Creates (or brings up to date) the login role the app connects as, run by the owner of the tables
 * (the role that runs the migrations). Idempotent: every run resets the role's table rights to
 * exactly these, so it can be re-run after any migration.
 */
export async function setUpAppRole(db: Db, options: AppRoleOptions): Promise<AppRoleResult> {
  const { role, password } = options;
  if (!ROLE_NAME.test(role)) {
    throw new Error(`"${role}" is not a plain role name (lower-case letters, digits and _, not starting with a digit)`);
  }
  const unsafe = await unsafeRole(db, role);
  if (unsafe) {
    throw new Error(unsafe);
  }
  const migrated = await one<{ found: boolean }>(
    db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AND to_regclass('public.audit_chain_head') IS NOT NULL AS found`,
  );
  if (!migrated?.found) {
    throw new Error("the database is not migrated: run `npm run db:migrate` as the owner first");
  }
  const exists =
    (await one<{ found: boolean }>(db, sql`SELECT true AS found FROM pg_roles WHERE rolname = ${role}`)) !== undefined;
  const statements: string[] = [];
  if (!exists) {
    statements.push(`CREATE ROLE "${role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
  }
  if (password !== undefined) {
    statements.push(await formatted(db, "ALTER ROLE %I PASSWORD %L", role, password));
  }
  const database = await formatted(
    db,
    "%I",
    (await one<{ name: string }>(db, sql`SELECT current_database() AS name`))!.name,
  );
  const q = `"${role}"`;
  statements.push(
    // PostgreSQL 15 and later already refuse CREATE in public to PUBLIC; older clusters upgraded in place may not.
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    `REVOKE CREATE ON DATABASE ${database} FROM ${q}`,
    `GRANT CONNECT ON DATABASE ${database} TO ${q}`,
    `GRANT USAGE ON SCHEMA public TO ${q}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${q}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${q}`,
    ...APPEND_ONLY_TABLES.map((table) => `REVOKE UPDATE, DELETE ON public.${table} FROM ${q}`),
    ...NO_ACCESS_TABLES.map((table) => `REVOKE ALL ON public.${table} FROM ${q}`),
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${q}`,
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${q}`,
    // Tables and sequences that later migrations create (run by this same owner) are granted as they appear.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${q}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ${q}`,
    // /healthz compares the applied migrations with the expected ones.
    `GRANT USAGE ON SCHEMA drizzle TO ${q}`,
    `GRANT SELECT ON drizzle.__drizzle_migrations TO ${q}`,
  );
  await db.transaction(async (tx) => {
    for (const statement of statements) {
      await tx.execute(sql.raw(statement));
    }
  });
  return { created: !exists, passwordSet: password !== undefined };
}
