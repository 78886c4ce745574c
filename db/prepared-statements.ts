import type { Sql } from "postgres";

/**
 * The postgres.js client with every query drizzle sends as a named prepared statement, kept per
 * connection: PostgreSQL then parses each query shape once per connection instead of on every
 * request, and settles on a generic plan for the hot ones. drizzle asks for prepare: false unless a
 * query is given a name; the pages run the same few dozen shapes all day. postgres.js recycles each
 * connection after 30–60 minutes (max_lifetime), which bounds the statements a connection keeps.
 */
export function preparingClient(client: Sql): Sql {
  const wrap = (target: Sql): Sql =>
    new Proxy(target, {
      get(object, property, receiver) {
        if (property === "unsafe") {
          return (query: string, parameters?: unknown[], options?: Record<string, unknown>) =>
            object.unsafe(query, parameters as never, { ...options, prepare: true });
        }
        if (property === "begin") {
          return (...args: unknown[]) => {
            const callback = args.at(-1) as (transaction: Sql) => unknown;
            return (object.begin as (...rest: unknown[]) => unknown)(...args.slice(0, -1), (transaction: Sql) =>
              callback(wrap(transaction)),
            );
          };
        }
        return Reflect.get(object, property, receiver) as unknown;
      },
    });
  return wrap(client);
}
